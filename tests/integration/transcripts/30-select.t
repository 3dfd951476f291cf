# SELECT and EXAMINE (RFC 9051 sections 6.3.2, 6.3.3; RFC 3501 for the
# rev1 lines: RECENT and OK [UNSEEN n]): every untagged line, READ-WRITE or
# READ-ONLY, OK [CLOSED] when another mailbox was selected (RFC 7162
# section 3.2.11 via RFC 9051), and \Recent (RFC 3501 section 2.3.2):
# claimed by the first read-write session only, never by EXAMINE.
@user alice secret
@conn A
< * OK {{*}} Cairn ready.
> a LOGIN alice secret
< a OK [CAPABILITY {{*}}] Logged in
> p1 APPEND INBOX (\Seen) {5+}
> seen.
< p1 OK [APPENDUID {{N:uv}} 1] APPEND completed
> p2 APPEND INBOX (\Seen $Label1) {5+}
> seen.
< p2 OK [APPENDUID {{=uv}} 2] APPEND completed
> p3 APPEND INBOX {7+}
> unseen.
< p3 OK [APPENDUID {{=uv}} 3] APPEND completed
# EXAMINE: read-only, claims nothing, PERMANENTFLAGS empty.
> e1 EXAMINE INBOX
< * 3 EXISTS
< * 3 RECENT
< * OK [UNSEEN 3] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 4] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< e1 OK [READ-ONLY] EXAMINE completed
# SELECT from the selected state: [CLOSED] first; this session claims the
# three recent messages.
> s1 SELECT inbox
< * OK [CLOSED] Previous mailbox closed
< * 3 EXISTS
< * 3 RECENT
< * OK [UNSEEN 3] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 4] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1 \*)] Flags permitted
< s1 OK [READ-WRITE] SELECT completed
> f1 FETCH 1:* FLAGS
< * 1 FETCH (FLAGS (\Recent \Seen))
< * 2 FETCH (FLAGS (\Recent \Seen $Label1))
< * 3 FETCH (FLAGS (\Recent))
< f1 OK FETCH completed
# Another session sees them as not recent any more, selected or examined.
@conn B
< * OK {{*}} Cairn ready.
> b LOGIN alice secret
< b OK [CAPABILITY {{*}}] Logged in
> b1 SELECT INBOX
< * 3 EXISTS
< * 0 RECENT
< * OK [UNSEEN 3] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 4] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1 \*)] Flags permitted
< b1 OK [READ-WRITE] SELECT completed
> b2 FETCH 1:* FLAGS
< * 1 FETCH (FLAGS (\Seen))
< * 2 FETCH (FLAGS (\Seen $Label1))
< * 3 FETCH (FLAGS ())
< b2 OK FETCH completed
# A new message is recent in exactly one session: B selected read-write and
# hears of it first here (its APPEND), so B claims it; A does not.
> b3 APPEND INBOX {4+}
> new.
< * 4 EXISTS
< * 1 RECENT
< b3 OK [APPENDUID {{=uv}} 4] APPEND completed
@use A
> s2 NOOP
< * 4 EXISTS
< * 3 RECENT
< s2 OK NOOP completed
> f2 FETCH 4 FLAGS
< * 4 FETCH (FLAGS ())
< f2 OK FETCH completed
@use B
> b4 FETCH 4 FLAGS
< * 4 FETCH (FLAGS (\Recent))
< b4 OK FETCH completed
# A failed SELECT still leaves the selected mailbox (RFC 9051 section
# 6.3.2): [CLOSED], then NO, then the authenticated state.
> b5 SELECT nosuch
< * OK [CLOSED] Previous mailbox closed
< b5 NO [NONEXISTENT] Mailbox doesn't exist
> b6 FETCH 1 FLAGS
< b6 BAD No mailbox selected
# An empty mailbox: no UNSEEN line; UIDNEXT 1.
> b7 SELECT Drafts
< * 0 EXISTS
< * 0 RECENT
< * OK [UIDVALIDITY {{N}}] UIDs valid
< * OK [UIDNEXT 1] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< b7 OK [READ-WRITE] SELECT completed
# QRESYNC needs ENABLE QRESYNC first (RFC 7162 section 3.2.5: BAD). A BAD
# command changes nothing: Drafts stays selected.
> b8 SELECT INBOX (QRESYNC (1 1))
< b8 BAD QRESYNC is not enabled
> b8a FETCH 1:* UID
< b8a BAD No messages
> b9 SELECT INBOX (FOO)
< b9 BAD Unknown SELECT parameter FOO
> b10 SELECT
< b10 BAD Missing arguments
> b11 NOOP
< b11 OK NOOP completed
> b12 EXAMINE INBOX extra
< b12 BAD Expected '('
