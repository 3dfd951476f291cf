# CLOSE (RFC 9051 section 6.4.1): expunges \Deleted messages silently (no
# EXPUNGE responses) unless the mailbox was EXAMINEd; UNSELECT (RFC 3691)
# leaves without expunging; CHECK (RFC 3501 section 6.4.1, rev1 only). STORE
# does not exist yet: \Deleted is set by APPEND.
@user alice secret
@conn A
< * OK {{*}} Cairn ready.
> a LOGIN alice secret
< a OK [CAPABILITY {{*}}] Logged in
> p1 APPEND INBOX (\Deleted) {4+}
> msg1 (\Seen) {4+}
> msg2 (\Deleted \Seen) {4+}
> msg3 {4+}
> msg4
< p1 OK [APPENDUID {{N:uv}} 1:4] APPEND completed
# EXAMINE, CLOSE: nothing expunged.
> e1 EXAMINE INBOX
< * 4 EXISTS
< * 4 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 5] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< e1 OK [READ-ONLY] EXAMINE completed
> e2 CHECK
< e2 OK CHECK completed
> e3 CLOSE
< e3 OK CLOSE completed
> s1 STATUS INBOX (MESSAGES DELETED)
< * STATUS INBOX (MESSAGES 4 DELETED 2)
< s1 OK STATUS completed
# SELECT, UNSELECT: nothing expunged either.
> s2 SELECT INBOX
< * 4 EXISTS
< * 4 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 5] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< s2 OK [READ-WRITE] SELECT completed
> u1 UNSELECT
< u1 OK UNSELECT completed
> u2 UNSELECT
< u2 BAD No mailbox selected
> s3 STATUS INBOX (MESSAGES DELETED)
< * STATUS INBOX (MESSAGES 4 DELETED 2)
< s3 OK STATUS completed
# A second session watches the mailbox.
@conn B
< * OK {{*}} Cairn ready.
> b LOGIN alice secret
< b OK [CAPABILITY {{*}}] Logged in
> b1 EXAMINE INBOX
< * 4 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 5] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< b1 OK [READ-ONLY] EXAMINE completed
# SELECT, CLOSE: messages 1 and 3 go, without a word to this session.
@use A
> s4 SELECT INBOX
< * 4 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 5] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< s4 OK [READ-WRITE] SELECT completed
> c1 CLOSE
< c1 OK CLOSE completed
> c2 CLOSE
< c2 BAD No mailbox selected
> s5 STATUS INBOX (MESSAGES DELETED UIDNEXT)
< * STATUS INBOX (MESSAGES 2 DELETED 0 UIDNEXT 5)
< s5 OK STATUS completed
# The other session is told at its next checkpoint, highest number first.
@use B
> b2 NOOP
< * 3 EXPUNGE
< * 1 EXPUNGE
< b2 OK NOOP completed
> b3 FETCH 1:* (UID BODY.PEEK[])
< * 1 FETCH (UID 2 BODY[] {4}\r\nmsg2)
< * 2 FETCH (UID 4 BODY[] {4}\r\nmsg4)
< b3 OK FETCH completed
# CHECK and CLOSE take no arguments.
> b4 CHECK now
< b4 BAD Unexpected extra arguments
> b5 CLOSE now
< b5 BAD Unexpected extra arguments
> b6 UNSELECT now
< b6 BAD Unexpected extra arguments
> b7 CHECK
< b7 OK CHECK completed
# CHECK needs a selected mailbox.
> b8 UNSELECT
< b8 OK UNSELECT completed
> b9 CHECK
< b9 BAD No mailbox selected
