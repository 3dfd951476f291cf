# The time budget of a command (limits.command_time): a SEARCH that would
# take longer stops and answers NO [LIMIT] (RFC 5530), with "$" emptied if
# it was to be saved; the session and the server carry on. A budget of 0
# stops every search at its first check, without depending on timing.
@config
[limits]
command_time = 0
@end
@user alice secret
@conn A
< * OK {{*}} ready.
> a1 LOGIN alice secret
< a1 OK {{*}}
> a2 SELECT INBOX
< * 0 EXISTS
< * 0 RECENT
< * OK [UIDVALIDITY {{N}}] UIDs valid
< * OK [UIDNEXT 1] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< a2 OK [READ-WRITE] SELECT completed
> a3 APPEND INBOX {25+}
>> Subject: x\r\n\r\nsome text\r\n
>
< * 1 EXISTS
< * 1 RECENT
< a3 OK [APPENDUID {{N}} 1] APPEND completed
> b1 SEARCH BODY "some text"
< b1 NO [LIMIT] Search took too long
> b2 SEARCH RETURN (SAVE) ALL
< b2 OK SEARCH completed, result saved
> b3 SEARCH RETURN (SAVE) TEXT x
< b3 NO [LIMIT] Search took too long
> b4 FETCH $ (UID)
< b4 OK FETCH completed
> b5 NOOP
< b5 OK NOOP completed
@conn B
< * OK {{*}} ready.
> c1 LOGIN alice secret
< c1 OK {{*}}
> c2 LOGOUT
< * BYE Logging out
< c2 OK Logout completed
