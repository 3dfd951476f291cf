# SELECT and EXAMINE (QRESYNC (uidvalidity modseq [known-uids
# [seq-match]])) (RFC 7162 section 3.2.5): HIGHESTMODSEQ, then VANISHED
# (EARLIER) for known UIDs expunged after modseq, then FETCH (UID FLAGS
# MODSEQ) for known messages changed after it; seq-match pairs that still
# match narrow VANISHED (section 3.2.5.2); a stale UIDVALIDITY reports
# nothing (section 3.2.5); a MODSEQ in the future reports nothing; the
# previous mailbox's end is marked with OK [CLOSED] (section 3.2.11).
@user alice secret
@conn A
< * OK {{*}} Cairn ready.
> a LOGIN alice secret
< a OK [CAPABILITY {{*}}] Logged in
> p1 APPEND INBOX {3+}
> m01 {3+}
> m02 {3+}
> m03 {3+}
> m04 {3+}
> m05 {3+}
> m06 {3+}
> m07 {3+}
> m08 {3+}
> m09 {3+}
> m10
< p1 OK [APPENDUID {{N:uv}} 1:10] APPEND completed
> a1 ENABLE QRESYNC
< * ENABLED QRESYNC
< a1 OK ENABLE completed
> a2 SELECT INBOX
< * 10 EXISTS
< * 10 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 11] Predicted next UID
< * OK [HIGHESTMODSEQ 2] Highest
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< a2 OK [READ-WRITE] SELECT completed
# Changes after MODSEQ 2: 2 and 4 expunged (MODSEQ 4), 6 and 9 flagged
# (MODSEQ 5), 8 expunged (MODSEQ 6).
> a3 STORE 2,4 +FLAGS.SILENT (\Deleted)
< * 2 FETCH (UID 2 MODSEQ (3))
< * 4 FETCH (UID 4 MODSEQ (3))
< a3 OK STORE completed
> a4 EXPUNGE
< * VANISHED 2,4
< a4 OK [HIGHESTMODSEQ 4] EXPUNGE completed
> a5 UID STORE 6,9 +FLAGS.SILENT (\Flagged)
< * 4 FETCH (UID 6 MODSEQ (5))
< * 7 FETCH (UID 9 MODSEQ (5))
< a5 OK STORE completed
> a6 UID STORE 8 +FLAGS.SILENT (\Deleted)
< * 6 FETCH (UID 8 MODSEQ (6))
< a6 OK STORE completed
> a7 UID EXPUNGE 8
< * VANISHED 8
< a7 OK [HIGHESTMODSEQ 7] EXPUNGE completed
# Reselect with what the client knew at MODSEQ 2: [CLOSED], everything.
> a8 SELECT INBOX (QRESYNC ({{=uv}} 2))
< * OK [CLOSED] Previous mailbox closed
< * 7 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 11] Predicted next UID
< * OK [HIGHESTMODSEQ 7] Highest
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< * VANISHED (EARLIER) 2,4,8
< * 4 FETCH (UID 6 FLAGS (\Flagged) MODSEQ (5))
< * 6 FETCH (UID 9 FLAGS (\Flagged) MODSEQ (5))
< a8 OK [READ-WRITE] SELECT completed
> a9 UNSELECT
< a9 OK UNSELECT completed
# Only some known UIDs; EXAMINE too.
> a10 EXAMINE INBOX (QRESYNC ({{=uv}} 2 1:5))
< * 7 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 11] Predicted next UID
< * OK [HIGHESTMODSEQ 7] Highest
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< * VANISHED (EARLIER) 2,4
< a10 OK [READ-ONLY] EXAMINE completed
# MODSEQ 4: only what came after.
> a11 EXAMINE INBOX (QRESYNC ({{=uv}} 4 1:10))
< * OK [CLOSED] Previous mailbox closed
< * 7 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 11] Predicted next UID
< * OK [HIGHESTMODSEQ 7] Highest
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< * VANISHED (EARLIER) 8
< * 4 FETCH (UID 6 FLAGS (\Flagged) MODSEQ (5))
< * 6 FETCH (UID 9 FLAGS (\Flagged) MODSEQ (5))
< a11 OK [READ-ONLY] EXAMINE completed
> a12 EXAMINE INBOX (QRESYNC ({{=uv}} 5))
< * OK [CLOSED] Previous mailbox closed
< * 7 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 11] Predicted next UID
< * OK [HIGHESTMODSEQ 7] Highest
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< * VANISHED (EARLIER) 8
< a12 OK [READ-ONLY] EXAMINE completed
> a13 EXAMINE INBOX (QRESYNC ({{=uv}} 6))
< * OK [CLOSED] Previous mailbox closed
< * 7 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 11] Predicted next UID
< * OK [HIGHESTMODSEQ 7] Highest
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< * VANISHED (EARLIER) 8
< a13 OK [READ-ONLY] EXAMINE completed
# seq-match data: message 3 is UID 5 and message 5 is UID 7 still, so the
# client knows every expunge up to UID 7: only 8 vanished for it.
> a14 EXAMINE INBOX (QRESYNC ({{=uv}} 2 1:10 (3,5 5,7)))
< * OK [CLOSED] Previous mailbox closed
< * 7 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 11] Predicted next UID
< * OK [HIGHESTMODSEQ 7] Highest
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< * VANISHED (EARLIER) 8
< * 4 FETCH (UID 6 FLAGS (\Flagged) MODSEQ (5))
< * 6 FETCH (UID 9 FLAGS (\Flagged) MODSEQ (5))
< a14 OK [READ-ONLY] EXAMINE completed
# The first pair does not match (message 2 is UID 3, not 2): nothing is
# narrowed.
> a15 EXAMINE INBOX (QRESYNC ({{=uv}} 2 1:10 (2,5 2,7)))
< * OK [CLOSED] Previous mailbox closed
< * 7 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 11] Predicted next UID
< * OK [HIGHESTMODSEQ 7] Highest
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< * VANISHED (EARLIER) 2,4,8
< * 4 FETCH (UID 6 FLAGS (\Flagged) MODSEQ (5))
< * 6 FETCH (UID 9 FLAGS (\Flagged) MODSEQ (5))
< a15 OK [READ-ONLY] EXAMINE completed
# The first matches, the second not: narrowed up to UID 3.
> a16 EXAMINE INBOX (QRESYNC ({{=uv}} 2 1:10 (2,4 3,9)))
< * OK [CLOSED] Previous mailbox closed
< * 7 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 11] Predicted next UID
< * OK [HIGHESTMODSEQ 7] Highest
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< * VANISHED (EARLIER) 4,8
< * 4 FETCH (UID 6 FLAGS (\Flagged) MODSEQ (5))
< * 6 FETCH (UID 9 FLAGS (\Flagged) MODSEQ (5))
< a16 OK [READ-ONLY] EXAMINE completed
# A stale UIDVALIDITY: the mailbox as if nothing changed.
> a17 SELECT INBOX (QRESYNC (1 2 1:10))
< * OK [CLOSED] Previous mailbox closed
< * 7 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 11] Predicted next UID
< * OK [HIGHESTMODSEQ 7] Highest
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< a17 OK [READ-WRITE] SELECT completed
# A MODSEQ in the future: nothing to report.
> a18 SELECT INBOX (QRESYNC ({{=uv}} 99999 1:10))
< * OK [CLOSED] Previous mailbox closed
< * 7 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 11] Predicted next UID
< * OK [HIGHESTMODSEQ 7] Highest
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< a18 OK [READ-WRITE] SELECT completed
# Errors: BAD, and the selected mailbox stays selected.
> a19 SELECT INBOX (QRESYNC ({{=uv}}))
< a19 BAD Expected a space
> a20 SELECT INBOX (QRESYNC ({{=uv}} 0))
< a20 BAD Invalid mod-sequence
> a21 SELECT INBOX (QRESYNC (x 2))
< a21 BAD Expected a number
> a22 SELECT INBOX (QRESYNC ({{=uv}} 2 1:10 (1:2)))
< a22 BAD Expected a space
> a23 FETCH 1 (UID)
< * 1 FETCH (UID 1)
< a23 OK FETCH completed
# A mailbox that does not exist: NO, and the previous one is closed.
> a24 SELECT Nowhere (QRESYNC ({{=uv}} 2))
< * OK [CLOSED] Previous mailbox closed
< a24 NO [NONEXISTENT] Mailbox doesn't exist
> a25 FETCH 1 (UID)
< a25 BAD No mailbox selected
# With CONDSTORE too.
> a26 SELECT INBOX (CONDSTORE QRESYNC ({{=uv}} 5 6:10))
< * 7 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 11] Predicted next UID
< * OK [HIGHESTMODSEQ 7] Highest
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< * VANISHED (EARLIER) 8
< a26 OK [READ-WRITE] SELECT completed
