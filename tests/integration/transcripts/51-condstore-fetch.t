# MODSEQ in FETCH (RFC 7162 section 3.1.4.2), FETCH and UID FETCH
# (CHANGEDSINCE n) (section 3.1.4.1), unsolicited FETCH with MODSEQ
# (section 3.1), STATUS HIGHESTMODSEQ (section 3.1.7). Every change gives
# the mailbox a new, higher MODSEQ; a STORE that changes nothing does not
# (section 3.1.11). A MODSEQ in the future changes nothing.
@user alice secret
@conn A
< * OK {{*}} Cairn ready.
> a LOGIN alice secret
< a OK [CAPABILITY {{*}}] Logged in
> p1 APPEND INBOX {2+}
> m1 {2+}
> m2 {2+}
> m3
< p1 OK [APPENDUID {{N:uv}} 1:3] APPEND completed
> a1 ENABLE CONDSTORE
< * ENABLED CONDSTORE
< a1 OK ENABLE completed
> a2 SELECT INBOX
< * 3 EXISTS
< * 3 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 4] Predicted next UID
< * OK [HIGHESTMODSEQ 2] Highest
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< a2 OK [READ-WRITE] SELECT completed
> a3 FETCH 1:* (UID MODSEQ)
< * 1 FETCH (UID 1 MODSEQ (2))
< * 2 FETCH (UID 2 MODSEQ (2))
< * 3 FETCH (UID 3 MODSEQ (2))
< a3 OK FETCH completed
> a4 STORE 2 +FLAGS (\Flagged)
< * 2 FETCH (FLAGS (\Recent \Flagged) MODSEQ (3))
< a4 OK STORE completed
> a5 STORE 2 +FLAGS (\Flagged)
< * 2 FETCH (FLAGS (\Recent \Flagged) MODSEQ (3))
< a5 OK STORE completed
> a6 STORE 3 +FLAGS ($Label1)
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1 \*)] Flags permitted
< * 3 FETCH (FLAGS (\Recent $Label1) MODSEQ (4))
< a6 OK STORE completed
> a7 FETCH 1:* (FLAGS) (CHANGEDSINCE 1)
< * 1 FETCH (FLAGS (\Recent) MODSEQ (2))
< * 2 FETCH (FLAGS (\Recent \Flagged) MODSEQ (3))
< * 3 FETCH (FLAGS (\Recent $Label1) MODSEQ (4))
< a7 OK FETCH completed
> a8 FETCH 1:* (FLAGS) (CHANGEDSINCE 2)
< * 2 FETCH (FLAGS (\Recent \Flagged) MODSEQ (3))
< * 3 FETCH (FLAGS (\Recent $Label1) MODSEQ (4))
< a8 OK FETCH completed
> a9 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 3)
< * 3 FETCH (FLAGS (\Recent $Label1) UID 3 MODSEQ (4))
< a9 OK FETCH completed
> a10 UID FETCH 1:* (FLAGS MODSEQ) (CHANGEDSINCE 4)
< a10 OK FETCH completed
> a11 FETCH 1:* (FLAGS) (CHANGEDSINCE 99999999)
< a11 OK FETCH completed
> a12 STATUS INBOX (HIGHESTMODSEQ MESSAGES)
< * STATUS INBOX (HIGHESTMODSEQ 4 MESSAGES 3)
< a12 OK STATUS completed
> a13 STATUS Archive (HIGHESTMODSEQ)
< * STATUS Archive (HIGHESTMODSEQ 1)
< a13 OK STATUS completed
# The implicit \Seen of a body fetch comes with FLAGS and MODSEQ.
> a14 FETCH 1 (BODY[])
< * 1 FETCH (BODY[] {2}\r\nm1 FLAGS (\Recent \Seen) MODSEQ (5))
< a14 OK FETCH completed
> a15 FETCH 1 (BODY[])
< * 1 FETCH (BODY[] {2}\r\nm1)
< a15 OK FETCH completed
# Errors.
> a16 FETCH 1:* (FLAGS) (CHANGEDSINCE 0)
< a16 BAD Invalid mod-sequence
> a17 FETCH 1:* (FLAGS) (CHANGEDSINCE x)
< a17 BAD Expected a number
> a18 FETCH 1:* (FLAGS) (CHANGEDSINCE)
< a18 BAD Expected a space
> a19 FETCH 1:* (FLAGS) (BOGUS 1)
< a19 BAD Unknown FETCH modifier BOGUS
> a21 FETCH 1:* (FLAGS) (CHANGEDSINCE 9223372036854775808)
< a21 BAD Number too large
# Another session's changes arrive with MODSEQ, and with UID.
@conn B
< * OK {{*}} Cairn ready.
> b LOGIN alice secret
< b OK [CAPABILITY {{*}}] Logged in
> b1 SELECT INBOX
< * 3 EXISTS
< * 0 RECENT
< * OK [UNSEEN 2] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 4] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1 \*)] Flags permitted
< b1 OK [READ-WRITE] SELECT completed
> b2 STORE 1:3 -FLAGS (\Seen \Flagged $Label1)
< * 1 FETCH (FLAGS ())
< * 2 FETCH (FLAGS ())
< * 3 FETCH (FLAGS ())
< b2 OK STORE completed
> b3 APPEND INBOX {2+}
> m4
< * 4 EXISTS
< * 1 RECENT
< b3 OK [APPENDUID {{=uv}} 4] APPEND completed
@use A
> a22 NOOP
< * 1 FETCH (UID 1 FLAGS (\Recent) MODSEQ (6))
< * 2 FETCH (UID 2 FLAGS (\Recent) MODSEQ (6))
< * 3 FETCH (UID 3 FLAGS (\Recent) MODSEQ (6))
< * 4 EXISTS
< * 3 RECENT
< a22 OK NOOP completed
> a23 FETCH 4 (MODSEQ)
< * 4 FETCH (MODSEQ (7))
< a23 OK FETCH completed
> a24 STATUS INBOX (HIGHESTMODSEQ)
< * STATUS INBOX (HIGHESTMODSEQ 7)
< a24 OK STATUS completed
