# Graceful shutdown (SIGTERM): every session, idle, idling or between
# commands, before or after login, gets "* BYE Server shutting down" and is
# closed; the server exits 0; after a restart on the same data everything
# answered OK before is there.
@user alice secret
@conn A
< * OK {{*}} Cairn ready.
> a1 LOGIN alice secret
< a1 OK [CAPABILITY {{*}}] Logged in
> a2 APPEND INBOX (\Flagged) {10+}
> Subject: x
< a2 OK [APPENDUID {{N:uv}} 1] APPEND completed
> a3 SELECT INBOX
< * 1 EXISTS
< * 1 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 2] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< a3 OK [READ-WRITE] SELECT completed
> a4 IDLE
< + idling
@conn B
< * OK {{*}} Cairn ready.
@conn C
< * OK {{*}} Cairn ready.
> c1 LOGIN alice secret
< c1 OK [CAPABILITY {{*}}] Logged in
@sigterm
@use A
< * BYE Server shutting down
@closed
@use B
< * BYE Server shutting down
@closed
@use C
< * BYE Server shutting down
@closed
@restart
@conn D
< * OK {{*}} Cairn ready.
> d1 LOGIN alice secret
< d1 OK [CAPABILITY {{*}}] Logged in
> d2 STATUS INBOX (MESSAGES UIDNEXT UIDVALIDITY UNSEEN RECENT)
< * STATUS INBOX (MESSAGES 1 UIDNEXT 2 UIDVALIDITY {{=uv}} UNSEEN 1 RECENT 0)
< d2 OK STATUS completed
> d3 EXAMINE INBOX
< * 1 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 2] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< d3 OK [READ-ONLY] EXAMINE completed
> d4 FETCH 1 (UID FLAGS BODY.PEEK[])
< * 1 FETCH (UID 1 FLAGS (\Flagged) BODY[] {10}\r\nSubject: x)
< d4 OK FETCH completed
