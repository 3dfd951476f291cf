# QRESYNC in a selected mailbox (RFC 7162 section 3.2): after ENABLE
# QRESYNC, expunges are reported as VANISHED (section 3.2.10.2), never
# EXPUNGE, whoever made them; unsolicited FETCH carries UID and MODSEQ
# (section 3.2.4); UID FETCH (CHANGEDSINCE n VANISHED) sends VANISHED
# (EARLIER) for the UIDs of its set expunged after n, before any FETCH
# (section 3.2.6). Errors: VANISHED without CHANGEDSINCE, in FETCH, or
# without ENABLE QRESYNC is BAD; so is SELECT (QRESYNC ...) without ENABLE
# QRESYNC (section 3.2.5).
@user alice secret
@conn A
< * OK {{*}} Cairn ready.
> a LOGIN alice secret
< a OK [CAPABILITY {{*}}] Logged in
> p1 APPEND INBOX {2+}
> m1 {2+}
> m2 {2+}
> m3 {2+}
> m4 {2+}
> m5 {2+}
> m6 {2+}
> m7 {2+}
> m8
< p1 OK [APPENDUID {{N:uv}} 1:8] APPEND completed
> a1 ENABLE QRESYNC
< * ENABLED QRESYNC
< a1 OK ENABLE completed
> a2 SELECT INBOX
< * 8 EXISTS
< * 8 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 9] Predicted next UID
< * OK [HIGHESTMODSEQ 2] Highest
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< a2 OK [READ-WRITE] SELECT completed
> a3 STORE 2,3,5 +FLAGS.SILENT (\Deleted)
< * 2 FETCH (UID 2 MODSEQ (3))
< * 3 FETCH (UID 3 MODSEQ (3))
< * 5 FETCH (UID 5 MODSEQ (3))
< a3 OK STORE completed
> a4 EXPUNGE
< * VANISHED 2:3,5
< a4 OK [HIGHESTMODSEQ 4] EXPUNGE completed
> a5 UID STORE 1 +FLAGS.SILENT (\Deleted)
< * 1 FETCH (UID 1 MODSEQ (5))
< a5 OK STORE completed
> a6 UID EXPUNGE 1
< * VANISHED 1
< a6 OK [HIGHESTMODSEQ 6] EXPUNGE completed
> a7 MOVE 1 Archive
< * OK [COPYUID {{N}} 4 1] Moved UIDs.
< * VANISHED 4
< a7 OK [HIGHESTMODSEQ 7] MOVE completed
# Another session's changes: VANISHED at the next checkpoint, held during
# FETCH and STORE by sequence number, not during UID FETCH.
@conn B
< * OK {{*}} Cairn ready.
> b LOGIN alice secret
< b OK [CAPABILITY {{*}}] Logged in
> b1 SELECT INBOX
< * 3 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 9] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< b1 OK [READ-WRITE] SELECT completed
> b2 STORE 1:* +FLAGS.SILENT (\Deleted)
< b2 OK STORE completed
> b3 UID EXPUNGE 7
< * 2 EXPUNGE
< b3 OK EXPUNGE completed
> b4 STORE 1 +FLAGS (\Flagged)
< * 1 FETCH (FLAGS (\Flagged \Deleted))
< b4 OK STORE completed
@use A
> a8 FETCH 1:* (UID FLAGS)
< * 1 FETCH (UID 6 FLAGS (\Recent \Flagged \Deleted))
< * 2 FETCH (UID 7 FLAGS (\Recent \Deleted))
< * 3 FETCH (UID 8 FLAGS (\Recent \Deleted))
< * 1 FETCH (UID 6 FLAGS (\Recent \Flagged \Deleted) MODSEQ (10))
< * 3 FETCH (UID 8 FLAGS (\Recent \Deleted) MODSEQ (8))
< a8 OK [HIGHESTMODSEQ 7] FETCH completed
> a9 NOOP
< * VANISHED 7
< a9 OK [HIGHESTMODSEQ 10] NOOP completed
> a10 FETCH 1:* (UID FLAGS MODSEQ)
< * 1 FETCH (UID 6 FLAGS (\Recent \Flagged \Deleted) MODSEQ (10))
< * 2 FETCH (UID 8 FLAGS (\Recent \Deleted) MODSEQ (8))
< a10 OK FETCH completed
# UID FETCH (CHANGEDSINCE n VANISHED): expunged UIDs of the set after n.
> a11 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 2 VANISHED)
< * VANISHED (EARLIER) 1:5,7
< * 1 FETCH (FLAGS (\Recent \Flagged \Deleted) UID 6 MODSEQ (10))
< * 2 FETCH (FLAGS (\Recent \Deleted) UID 8 MODSEQ (8))
< a11 OK FETCH completed
> a12 UID FETCH 1:5 (FLAGS) (CHANGEDSINCE 2 VANISHED)
< * VANISHED (EARLIER) 1:5
< a12 OK FETCH completed
> a13 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 5 VANISHED)
< * VANISHED (EARLIER) 1,4,7
< * 1 FETCH (FLAGS (\Recent \Flagged \Deleted) UID 6 MODSEQ (10))
< * 2 FETCH (FLAGS (\Recent \Deleted) UID 8 MODSEQ (8))
< a13 OK FETCH completed
> a14 UID FETCH 1:* (FLAGS) (VANISHED CHANGEDSINCE 6)
< * VANISHED (EARLIER) 4,7
< * 1 FETCH (FLAGS (\Recent \Flagged \Deleted) UID 6 MODSEQ (10))
< * 2 FETCH (FLAGS (\Recent \Deleted) UID 8 MODSEQ (8))
< a14 OK FETCH completed
> a15 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 999 VANISHED)
< a15 OK FETCH completed
> a16 UID FETCH 100:200 (FLAGS) (CHANGEDSINCE 1 VANISHED)
< a16 OK FETCH completed
# Errors.
> a17 UID FETCH 1:* (FLAGS) (VANISHED)
< a17 BAD VANISHED requires CHANGEDSINCE
> a18 FETCH 1:* (FLAGS) (CHANGEDSINCE 1 VANISHED)
< a18 BAD VANISHED is allowed with UID FETCH only
@use B
> b5 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 1 VANISHED)
< b5 BAD QRESYNC is not enabled
> b6 SELECT INBOX (QRESYNC (1 1))
< b6 BAD QRESYNC is not enabled
> b7 EXAMINE INBOX (QRESYNC (1 1))
< b7 BAD QRESYNC is not enabled
# B (not QRESYNC) expunges; A (QRESYNC, IDLE) hears VANISHED at once.
@use A
> a19 IDLE
< + idling
@use B
> b8 SELECT INBOX
< * OK [CLOSED] Previous mailbox closed
< * 2 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 9] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< b8 OK [READ-WRITE] SELECT completed
> b9 EXPUNGE
< * 2 EXPUNGE
< * 1 EXPUNGE
< b9 OK EXPUNGE completed
@use A
< * VANISHED 6,8
> DONE
< a19 OK [HIGHESTMODSEQ 11] IDLE terminated
