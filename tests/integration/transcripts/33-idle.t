# IDLE (RFC 2177; RFC 9051 section 6.3.13): "+ idling", then changes as
# they happen (here: APPEND and CLOSE in a second session), until DONE; a
# line other than DONE ends IDLE with BAD. Allowed in the authenticated
# state too.
@user alice secret
@conn A
< * OK {{*}} Cairn ready.
> a1 IDLE
< a1 BAD Log in first
> a LOGIN alice secret
< a OK [CAPABILITY {{*}} IDLE {{*}}] Logged in
# Without a selected mailbox: nothing to report, DONE in any case.
> i1 IDLE
< + idling
> done
< i1 OK IDLE terminated
> s1 SELECT INBOX
< * 0 EXISTS
< * 0 RECENT
< * OK [UIDVALIDITY {{N:uv}}] UIDs valid
< * OK [UIDNEXT 1] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< s1 OK [READ-WRITE] SELECT completed
> i2 IDLE
< + idling
@conn B
< * OK {{*}} Cairn ready.
> b LOGIN alice secret
< b OK [CAPABILITY {{*}}] Logged in
> b1 APPEND INBOX (\Deleted) {5+}
> hello
< b1 OK [APPENDUID {{=uv}} 1] APPEND completed
# A hears of it while idling, with no command of its own.
@use A
< * 1 EXISTS
< * 1 RECENT
@use B
> b2 APPEND INBOX (Keyword1) {5+}
> world
< b2 OK [APPENDUID {{=uv}} 2] APPEND completed
@use A
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft Keyword1)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft Keyword1 \*)] Flags permitted
< * 2 EXISTS
< * 2 RECENT
# An expunge by another session reaches an idling one (IDLE may send
# EXPUNGE).
@use B
> b3 SELECT INBOX
< * 2 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 3] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft Keyword1)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft Keyword1 \*)] Flags permitted
< b3 OK [READ-WRITE] SELECT completed
> b4 CLOSE
< b4 OK CLOSE completed
@use A
< * 1 EXPUNGE
> DONE
< i2 OK IDLE terminated
> f1 FETCH 1:* (UID FLAGS)
< * 1 FETCH (UID 2 FLAGS (\Recent Keyword1))
< f1 OK FETCH completed
# Anything but DONE ends IDLE with BAD; the session goes on.
> i3 IDLE
< + idling
> i4 NOOP
< i3 BAD Expected DONE
> i5 NOOP
< i5 OK NOOP completed
> i6 IDLE now
< i6 BAD Unexpected extra arguments
# DONE pipelined right behind IDLE.
>> i7 IDLE\r\nDONE\r\ni8 NOOP\r\n
< + idling
< i7 OK IDLE terminated
< i8 OK NOOP completed
