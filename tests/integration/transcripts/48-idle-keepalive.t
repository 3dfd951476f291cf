# IDLE keep-alive (limits.idle_keepalive, here 1 s): "* OK Still here" while
# nothing happens, so that NAT boxes and mobile networks keep the
# connection (issue 6); not at once, and DONE ends IDLE as usual.
@config
[limits]
idle_keepalive = 1
@end
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
> a2 IDLE
< + idling
@nothing
< * OK Still here
< * OK Still here
> DONE
< a2 OK IDLE terminated
> a3 NOOP
< a3 OK NOOP completed
