# IDLE (RFC 2177, RFC 9051 section 6.3.13) with a mailbox selected: every
# change another session makes reaches the idling one at once, with no
# command of its own: new messages, flag changes (new keywords first),
# expunges (IDLE may carry EXPUNGE), a MOVE in and a MOVE out; DONE ends it
# with nothing left to tell. A second, read-only idler hears the same
# things. Each change is waited for before the next is made: what arrives
# between two checkpoints may be merged (a flag change of a message
# expunged meanwhile is not sent).
@user alice secret
@conn A
< * OK {{*}} Cairn ready.
> a LOGIN alice secret
< a OK [CAPABILITY {{*}}] Logged in
> p1 APPEND INBOX {2+}
> m1 {2+}
> m2
< p1 OK [APPENDUID {{N:uv}} 1:2] APPEND completed
> a1 SELECT INBOX
< * 2 EXISTS
< * 2 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 3] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< a1 OK [READ-WRITE] SELECT completed
> a2 IDLE
< + idling
@conn C
< * OK {{*}} Cairn ready.
> c LOGIN alice secret
< c OK [CAPABILITY {{*}}] Logged in
> c1 EXAMINE INBOX
< * 2 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 3] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< c1 OK [READ-ONLY] EXAMINE completed
> c2 IDLE
< + idling
# B appends without INBOX selected: A is the first read-write session to
# hear of the new message, and has it \Recent.
@conn B
< * OK {{*}} Cairn ready.
> b LOGIN alice secret
< b OK [CAPABILITY {{*}}] Logged in
> b1 APPEND INBOX {2+}
> m3
< b1 OK [APPENDUID {{=uv}} 3] APPEND completed
@use A
< * 3 EXISTS
< * 3 RECENT
@use C
< * 3 EXISTS
< * 0 RECENT
@use B
> b2 SELECT INBOX
< * 3 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 4] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< b2 OK [READ-WRITE] SELECT completed
> b3 STORE 1 +FLAGS (\Flagged $Label1)
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1 \*)] Flags permitted
< * 1 FETCH (FLAGS (\Flagged $Label1))
< b3 OK STORE completed
@use A
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1 \*)] Flags permitted
< * 1 FETCH (UID 1 FLAGS (\Recent \Flagged $Label1))
@use C
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< * 1 FETCH (UID 1 FLAGS (\Flagged $Label1))
@use B
> b4 STORE 2 +FLAGS.SILENT (\Deleted)
< b4 OK STORE completed
@use A
< * 2 FETCH (UID 2 FLAGS (\Recent \Deleted))
@use C
< * 2 FETCH (UID 2 FLAGS (\Deleted))
@use B
> b5 EXPUNGE
< * 2 EXPUNGE
< b5 OK EXPUNGE completed
@use A
< * 2 EXPUNGE
@use C
< * 2 EXPUNGE
@use B
> b6 CREATE Other
< b6 OK CREATE completed
> b7 APPEND Other {2+}
> m4
< b7 OK [APPENDUID {{N:uvother}} 1] APPEND completed
> b8 SELECT Other
< * OK [CLOSED] Previous mailbox closed
< * 1 EXISTS
< * 1 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uvother}}] UIDs valid
< * OK [UIDNEXT 2] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< b8 OK [READ-WRITE] SELECT completed
> b9 MOVE 1 INBOX
< * OK [COPYUID {{=uv}} 1 4] Moved UIDs.
< * 1 EXPUNGE
< b9 OK MOVE completed
@use A
< * 3 EXISTS
< * 3 RECENT
@use C
< * 3 EXISTS
< * 0 RECENT
@use B
> b10 SELECT INBOX
< * OK [CLOSED] Previous mailbox closed
< * 3 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 5] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1 \*)] Flags permitted
< b10 OK [READ-WRITE] SELECT completed
> b11 MOVE 1 Other
< * OK [COPYUID {{=uvother}} 1 2] Moved UIDs.
< * 1 EXPUNGE
< b11 OK MOVE completed
@use A
< * 1 EXPUNGE
@nothing
> DONE
< a2 OK IDLE terminated
@use C
< * 1 EXPUNGE
> DONE
< c2 OK IDLE terminated
@use A
> a3 NOOP
< a3 OK NOOP completed
> a4 FETCH 1:* (UID FLAGS)
< * 1 FETCH (UID 3 FLAGS (\Recent))
< * 2 FETCH (UID 4 FLAGS (\Recent))
< a4 OK FETCH completed
@use C
> c3 FETCH 1:* (UID FLAGS)
< * 1 FETCH (UID 3 FLAGS ())
< * 2 FETCH (UID 4 FLAGS ())
< c3 OK FETCH completed
@use B
> b12 FETCH 1:* (UID FLAGS)
< * 1 FETCH (UID 3 FLAGS ())
< * 2 FETCH (UID 4 FLAGS ())
< b12 OK FETCH completed
