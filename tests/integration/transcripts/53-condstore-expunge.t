# EXPUNGE, UID EXPUNGE and MOVE under CONDSTORE answer OK [HIGHESTMODSEQ n]
# with the MODSEQ of the expunge (RFC 7162 sections 3.2.7, 3.2.9; RFC 6851
# section 4.4); nothing expunged, no code; CLOSE sends no HIGHESTMODSEQ
# (section 3.2.8: nothing may follow it); a reselect of the mailbox shows
# the new HIGHESTMODSEQ. Without CONDSTORE, none of it. While expunges
# by another session are held back (FETCH, STORE by sequence number) a
# CONDSTORE session gets a HIGHESTMODSEQ below theirs (section 3.2), and
# the true one once they are sent.
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
> m6
< p1 OK [APPENDUID {{N:uv}} 1:6] APPEND completed
> a1 SELECT INBOX (CONDSTORE)
< * 6 EXISTS
< * 6 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 7] Predicted next UID
< * OK [HIGHESTMODSEQ 2] Highest
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< a1 OK [READ-WRITE] SELECT completed
> a2 STORE 1,2 +FLAGS.SILENT (\Deleted)
< * 1 FETCH (MODSEQ (3))
< * 2 FETCH (MODSEQ (3))
< a2 OK STORE completed
> a3 EXPUNGE
< * 2 EXPUNGE
< * 1 EXPUNGE
< a3 OK [HIGHESTMODSEQ 4] EXPUNGE completed
> a4 EXPUNGE
< a4 OK EXPUNGE completed
> a5 STORE 1 +FLAGS.SILENT (\Deleted)
< * 1 FETCH (MODSEQ (5))
< a5 OK STORE completed
> a6 UID EXPUNGE 3
< * 1 EXPUNGE
< a6 OK [HIGHESTMODSEQ 6] EXPUNGE completed
> a7 UID EXPUNGE 4
< a7 OK EXPUNGE completed
> a8 MOVE 1 Archive
< * OK [COPYUID {{N:uvarchive}} 4 1] Moved UIDs.
< * 1 EXPUNGE
< a8 OK [HIGHESTMODSEQ 7] MOVE completed
> a9 UID MOVE 99 Archive
< a9 OK MOVE completed
> a10 STATUS INBOX (HIGHESTMODSEQ)
< * STATUS INBOX (HIGHESTMODSEQ 7)
< a10 OK STATUS completed
> a11 STORE 1 +FLAGS.SILENT (\Deleted)
< * 1 FETCH (MODSEQ (8))
< a11 OK STORE completed
> a12 CLOSE
< a12 OK CLOSE completed
> a13 SELECT INBOX (CONDSTORE)
< * 1 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 7] Predicted next UID
< * OK [HIGHESTMODSEQ 9] Highest
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< a13 OK [READ-WRITE] SELECT completed
# Without CONDSTORE.
@conn B
< * OK {{*}} Cairn ready.
> b LOGIN alice secret
< b OK [CAPABILITY {{*}}] Logged in
> b1 SELECT INBOX
< * 1 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 7] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< b1 OK [READ-WRITE] SELECT completed
> b2 STORE 1 +FLAGS.SILENT (\Deleted)
< b2 OK STORE completed
> b3 EXPUNGE
< * 1 EXPUNGE
< b3 OK EXPUNGE completed
> b4 APPEND INBOX {2+}
> mx
< * 1 EXISTS
< * 1 RECENT
< b4 OK [APPENDUID {{=uv}} 7] APPEND completed
> b5 MOVE 1 Archive
< * OK [COPYUID {{=uvarchive}} 7 2] Moved UIDs.
< * 1 EXPUNGE
< b5 OK MOVE completed
@use A
> a14 NOOP
< * 1 EXPUNGE
< a14 OK [HIGHESTMODSEQ 13] NOOP completed
# Held expunges: B expunges, A's FETCH and STORE by sequence number get a
# HIGHESTMODSEQ below it (A's own change carries a higher MODSEQ), NOOP
# sends the expunge and the true HIGHESTMODSEQ comes with the next EXPUNGE.
> a15 APPEND INBOX {2+}
> m7 {2+}
> m8 {2+}
> m9
< * 3 EXISTS
< * 3 RECENT
< a15 OK [APPENDUID {{=uv}} 8:10] APPEND completed
> a16 FETCH 1:* (UID MODSEQ)
< * 1 FETCH (UID 8 MODSEQ (14))
< * 2 FETCH (UID 9 MODSEQ (14))
< * 3 FETCH (UID 10 MODSEQ (14))
< a16 OK FETCH completed
@use B
> b6 NOOP
< * 3 EXISTS
< * 0 RECENT
< b6 OK NOOP completed
> b7 STORE 2 +FLAGS.SILENT (\Deleted)
< b7 OK STORE completed
> b8 EXPUNGE
< * 2 EXPUNGE
< b8 OK EXPUNGE completed
@use A
> a17 FETCH 1:* (UID)
< * 1 FETCH (UID 8)
< * 2 FETCH (UID 9)
< * 3 FETCH (UID 10)
< a17 OK [HIGHESTMODSEQ 14] FETCH completed
> a18 STORE 3 +FLAGS (\Seen)
< * 3 FETCH (FLAGS (\Recent \Seen) MODSEQ (17))
< a18 OK [HIGHESTMODSEQ 14] STORE completed
> a19 FETCH 3 (MODSEQ)
< * 3 FETCH (MODSEQ (17))
< a19 OK [HIGHESTMODSEQ 14] FETCH completed
> a20 NOOP
< * 2 EXPUNGE
< a20 OK [HIGHESTMODSEQ 17] NOOP completed
> a21 STORE 1 +FLAGS.SILENT (\Deleted)
< * 1 FETCH (MODSEQ (18))
< a21 OK STORE completed
> a22 EXPUNGE
< * 1 EXPUNGE
< a22 OK [HIGHESTMODSEQ 19] EXPUNGE completed
