# \Recent (RFC 3501 section 2.3.2): a new message is recent in exactly one
# read-write session, the first to hear of it; a read-only session
# (EXAMINE) sees what is recent without claiming it; a session that
# selects the mailbox after the claim does not see it as recent; STATUS
# RECENT counts unclaimed messages.
@user alice secret
@conn A
< * OK {{*}} Cairn ready.
> a LOGIN alice secret
< a OK [CAPABILITY {{*}}] Logged in
> a1 SELECT INBOX
< * 0 EXISTS
< * 0 RECENT
< * OK [UIDVALIDITY {{N:uv}}] UIDs valid
< * OK [UIDNEXT 1] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< a1 OK [READ-WRITE] SELECT completed
@conn B
< * OK {{*}} Cairn ready.
> b LOGIN alice secret
< b OK [CAPABILITY {{*}}] Logged in
> b1 SELECT INBOX
< * 0 EXISTS
< * 0 RECENT
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 1] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< b1 OK [READ-WRITE] SELECT completed
@conn C
< * OK {{*}} Cairn ready.
> c LOGIN alice secret
< c OK [CAPABILITY {{*}}] Logged in
> c1 EXAMINE INBOX
< * 0 EXISTS
< * 0 RECENT
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 1] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< c1 OK [READ-ONLY] EXAMINE completed
@conn D
< * OK {{*}} Cairn ready.
> d LOGIN alice secret
< d OK [CAPABILITY {{*}}] Logged in
> d1 APPEND INBOX {4+}
> msg1
< d1 OK [APPENDUID {{=uv}} 1] APPEND completed
> d2 STATUS INBOX (MESSAGES RECENT)
< * STATUS INBOX (MESSAGES 1 RECENT 1)
< d2 OK STATUS completed
# B's checkpoint comes first: B claims it.
@use B
> b2 NOOP
< * 1 EXISTS
< * 1 RECENT
< b2 OK NOOP completed
> b3 FETCH 1 (FLAGS)
< * 1 FETCH (FLAGS (\Recent))
< b3 OK FETCH completed
@use A
> a2 NOOP
< * 1 EXISTS
< * 0 RECENT
< a2 OK NOOP completed
> a3 FETCH 1 (FLAGS)
< * 1 FETCH (FLAGS ())
< a3 OK FETCH completed
@use C
> c2 NOOP
< * 1 EXISTS
< * 0 RECENT
< c2 OK NOOP completed
> c3 FETCH 1 (FLAGS)
< * 1 FETCH (FLAGS ())
< c3 OK FETCH completed
@use D
> d3 STATUS INBOX (MESSAGES RECENT)
< * STATUS INBOX (MESSAGES 1 RECENT 0)
< d3 OK STATUS completed
# Nobody watching claims it; an EXAMINE shows it as recent and leaves it.
> d4 APPEND INBOX {4+}
> msg2
< d4 OK [APPENDUID {{=uv}} 2] APPEND completed
> d5 STATUS INBOX (RECENT)
< * STATUS INBOX (RECENT 1)
< d5 OK STATUS completed
> d6 EXAMINE INBOX
< * 2 EXISTS
< * 1 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 3] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< d6 OK [READ-ONLY] EXAMINE completed
> d7 FETCH 1:* (FLAGS)
< * 1 FETCH (FLAGS ())
< * 2 FETCH (FLAGS (\Recent))
< d7 OK FETCH completed
> d8 STATUS INBOX (RECENT)
< * STATUS INBOX (RECENT 1)
< d8 OK STATUS completed
# A SELECT claims it (A and B hear of it later, not as recent).
> d9 SELECT INBOX
< * OK [CLOSED] Previous mailbox closed
< * 2 EXISTS
< * 1 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 3] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< d9 OK [READ-WRITE] SELECT completed
> d10 FETCH 1:* (FLAGS)
< * 1 FETCH (FLAGS ())
< * 2 FETCH (FLAGS (\Recent))
< d10 OK FETCH completed
> d11 STATUS INBOX (RECENT)
< * STATUS INBOX (RECENT 0)
< d11 OK STATUS completed
@use A
> a4 NOOP
< * 2 EXISTS
< * 0 RECENT
< a4 OK NOOP completed
> a5 FETCH 1:* (FLAGS)
< * 1 FETCH (FLAGS ())
< * 2 FETCH (FLAGS ())
< a5 OK FETCH completed
@use C
> c4 NOOP
< * 2 EXISTS
< * 0 RECENT
< c4 OK NOOP completed
> c5 FETCH 1:* (FLAGS)
< * 1 FETCH (FLAGS ())
< * 2 FETCH (FLAGS ())
< c5 OK FETCH completed
# Re-selecting does not make a message recent again; the claiming session
# keeps its \Recent until it leaves the mailbox.
@use B
> b4 SELECT INBOX
< * OK [CLOSED] Previous mailbox closed
< * 2 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 3] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< b4 OK [READ-WRITE] SELECT completed
> b5 FETCH 1:* (FLAGS)
< * 1 FETCH (FLAGS ())
< * 2 FETCH (FLAGS ())
< b5 OK FETCH completed
@use D
> d12 FETCH 2 (FLAGS)
< * 2 FETCH (FLAGS (\Recent))
< d12 OK FETCH completed
> d13 UNSELECT
< d13 OK UNSELECT completed
> d14 EXAMINE INBOX
< * 2 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 3] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< d14 OK [READ-ONLY] EXAMINE completed
> d15 FETCH 1:* (FLAGS)
< * 1 FETCH (FLAGS ())
< * 2 FETCH (FLAGS ())
< d15 OK FETCH completed
# A message copied in is new too.
@use A
> a6 COPY 1 INBOX
< * 3 EXISTS
< * 1 RECENT
< a6 OK [COPYUID {{=uv}} 1 3] COPY completed
> a7 FETCH 3 (FLAGS)
< * 3 FETCH (FLAGS (\Recent))
< a7 OK FETCH completed
