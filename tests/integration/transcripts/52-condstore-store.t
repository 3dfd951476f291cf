# STORE and UID STORE (UNCHANGEDSINCE n) (RFC 7162 section 3.1.3): messages
# whose MODSEQ is above n are left alone and named in [MODIFIED ...],
# sequence numbers for STORE, UIDs for UID STORE, with their current flags
# and MODSEQ sent as recommended (Example 10); UNCHANGEDSINCE 0 always fails
# (Example 8); .SILENT still sends MODSEQ for what changed (Example 4); a
# message another session expunged answers NO, with [MODIFIED] when some
# failed the test too (Example 11).
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
> m5
< p1 OK [APPENDUID {{N:uv}} 1:5] APPEND completed
> a1 ENABLE CONDSTORE
< * ENABLED CONDSTORE
< a1 OK ENABLE completed
> a2 SELECT INBOX
< * 5 EXISTS
< * 5 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 6] Predicted next UID
< * OK [HIGHESTMODSEQ 2] Highest
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< a2 OK [READ-WRITE] SELECT completed
> a3 FETCH 1:* (MODSEQ)
< * 1 FETCH (MODSEQ (2))
< * 2 FETCH (MODSEQ (2))
< * 3 FETCH (MODSEQ (2))
< * 4 FETCH (MODSEQ (2))
< * 5 FETCH (MODSEQ (2))
< a3 OK FETCH completed
@conn B
< * OK {{*}} Cairn ready.
> b LOGIN alice secret
< b OK [CAPABILITY {{*}}] Logged in
> b1 SELECT INBOX (CONDSTORE)
< * 5 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 6] Predicted next UID
< * OK [HIGHESTMODSEQ 2] Highest
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< b1 OK [READ-WRITE] SELECT completed
> b2 STORE 2,4 +FLAGS ($Seen2)
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Seen2)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft $Seen2 \*)] Flags permitted
< * 2 FETCH (FLAGS ($Seen2) MODSEQ (3))
< * 4 FETCH (FLAGS ($Seen2) MODSEQ (3))
< b2 OK STORE completed
@use A
> a4 STORE 1:5 (UNCHANGEDSINCE 2) +FLAGS.SILENT (\Seen)
< * 1 FETCH (MODSEQ (4))
< * 3 FETCH (MODSEQ (4))
< * 5 FETCH (MODSEQ (4))
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Seen2)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft $Seen2 \*)] Flags permitted
< * 2 FETCH (UID 2 FLAGS (\Recent $Seen2) MODSEQ (3))
< * 4 FETCH (UID 4 FLAGS (\Recent $Seen2) MODSEQ (3))
< a4 OK [MODIFIED 2,4] Conditional STORE failed
> a5 UID STORE 1:5 (UNCHANGEDSINCE 3) +FLAGS.SILENT (\Answered)
< * 2 FETCH (UID 2 MODSEQ (5))
< * 4 FETCH (UID 4 MODSEQ (5))
< a5 OK [MODIFIED 1,3,5] Conditional STORE failed
> a6 STORE 1 (UNCHANGEDSINCE 4) FLAGS (\Draft)
< * 1 FETCH (FLAGS (\Recent \Draft) MODSEQ (6))
< a6 OK STORE completed
> a7 STORE 1 (UNCHANGEDSINCE 5) FLAGS (\Draft)
< * 1 FETCH (FLAGS (\Recent \Draft) MODSEQ (6))
< a7 OK [MODIFIED 1] Conditional STORE failed
> a8 STORE 1:2 (UNCHANGEDSINCE 0) +FLAGS.SILENT ($MDNSent)
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Seen2 $MDNSent)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft $Seen2 $MDNSent \*)] Flags permitted
< a8 OK [MODIFIED 1:2] Conditional STORE failed
> a9 UID STORE 2 (UNCHANGEDSINCE 0) -FLAGS (\Seen)
< * 2 FETCH (UID 2 FLAGS (\Recent \Answered $Seen2) MODSEQ (5))
< a9 OK [MODIFIED 2] Conditional STORE failed
> a10 STORE 1 (UNCHANGEDSINCE 99999999) -FLAGS.SILENT (\Draft)
< * 1 FETCH (MODSEQ (7))
< a10 OK STORE completed
> a11 STORE 3,3,1:3 (UNCHANGEDSINCE 6) +FLAGS.SILENT (\Flagged)
< * 2 FETCH (MODSEQ (8))
< * 3 FETCH (MODSEQ (8))
< a11 OK [MODIFIED 1] Conditional STORE failed
# Another session expunges 4 and changes 5.
@use B
> b3 STORE 4 +FLAGS.SILENT (\Deleted)
< * 4 FETCH (MODSEQ (9))
< * 1 FETCH (UID 1 FLAGS () MODSEQ (7))
< * 2 FETCH (UID 2 FLAGS (\Answered \Flagged $Seen2) MODSEQ (8))
< * 3 FETCH (UID 3 FLAGS (\Flagged \Seen) MODSEQ (8))
< * 4 FETCH (UID 4 FLAGS (\Answered \Deleted $Seen2) MODSEQ (9))
< * 5 FETCH (UID 5 FLAGS (\Seen) MODSEQ (4))
< b3 OK STORE completed
> b4 EXPUNGE
< * 4 EXPUNGE
< b4 OK [HIGHESTMODSEQ 10] EXPUNGE completed
> b5 UID STORE 5 +FLAGS.SILENT ($Late)
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Seen2 $MDNSent $Late)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft $Seen2 $MDNSent $Late \*)] Flags permitted
< * 4 FETCH (UID 5 MODSEQ (11))
< b5 OK STORE completed
@use A
> a12 STORE 4 (UNCHANGEDSINCE 99) +FLAGS (\Seen)
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Seen2 $MDNSent $Late)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft $Seen2 $MDNSent $Late \*)] Flags permitted
< * 5 FETCH (UID 5 FLAGS (\Recent \Seen $Late) MODSEQ (11))
< * OK [HIGHESTMODSEQ 8] Expunges not yet reported
< a12 NO [EXPUNGEISSUED] Some of the requested messages no longer exist
> a13 STORE 3:5 (UNCHANGEDSINCE 9) +FLAGS.SILENT (\Seen)
< * OK [HIGHESTMODSEQ 8] Expunges not yet reported
< a13 NO [MODIFIED 5] Some of the requested messages no longer exist
> a14 UID STORE 3:5 (UNCHANGEDSINCE 9) +FLAGS.SILENT (\Seen)
< * 4 EXPUNGE
< a14 NO [MODIFIED 5] Some of the requested messages no longer exist
> a15 NOOP
< a15 OK NOOP completed
> a16 STORE 1 (UNCHANGEDSINCE x) +FLAGS (\Seen)
< a16 BAD Expected a number
> a18 STORE 1 (UNCHANGEDSINCE -1) +FLAGS (\Seen)
< a18 BAD Expected a number
> a19 STORE 1 () +FLAGS (\Seen)
< a19 BAD Expected UNCHANGEDSINCE
