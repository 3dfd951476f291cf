# Bad SORT, THREAD and CANCELUPDATE commands: BAD for what is not the
# grammar (no criteria, an unknown sort key, REVERSE alone, a missing
# charset, an unknown threading algorithm, RETURN with PARTIAL and ALL, a
# PARTIAL range with 0 or "*"), NO [BADCHARSET] for an unknown charset,
# BAD outside the selected state. The session goes on after each.
@user alice secret
@conn A
< * OK {{*}} ready.
> a1 LOGIN alice secret
< a1 OK {{*}}
> a2 SORT (DATE) UTF-8 ALL
< a2 BAD No mailbox selected
> a3 THREAD REFERENCES UTF-8 ALL
< a3 BAD No mailbox selected
> a4 CANCELUPDATE "a1"
< a4 BAD No mailbox selected
> a5 SELECT INBOX
< * 0 EXISTS
< * 0 RECENT
< * OK [UIDVALIDITY {{N}}] UIDs valid
< * OK [UIDNEXT 1] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< a5 OK [READ-WRITE] SELECT completed
> a6 APPEND INBOX {25+}
>> Subject: x\r\n\r\nsome text\r\n
>
< * 1 EXISTS
< * 1 RECENT
< a6 OK [APPENDUID {{N}} 1] APPEND completed
> b1 SORT () UTF-8 ALL
< b1 BAD Empty sort criteria list
> b2 SORT (DATE NAME) UTF-8 ALL
< b2 BAD Unknown sort key NAME
> b3 SORT (REVERSE) UTF-8 ALL
< b3 BAD REVERSE needs a sort key
> b4 SORT (REVERSE REVERSE DATE) UTF-8 ALL
< b4 BAD Unknown sort key REVERSE
> b5 SORT DATE UTF-8 ALL
< b5 BAD Expected a list of sort criteria
> b6 SORT (DATE) ALL
< b6 BAD Missing arguments
> b7 SORT (DATE)
< b7 BAD Missing arguments
> b8 SORT (DATE) UTF-8 NOSUCHKEY
< b8 BAD Unknown search key NOSUCHKEY
> b9 SORT (DATE) UTF-8 ALL)
< b9 BAD Unexpected characters at the end of the command
> b10 SORT
< b10 BAD Expected a list of sort criteria
# An unknown charset is NO [BADCHARSET] (RFC 5256 section 3).
> c1 SORT (DATE) X-NO-SUCH-CHARSET ALL
< c1 NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset X-NO-SUCH-CHARSET
> c2 SORT (DATE) UTF-8 SUBJECT "\xff\xfe"
< c2 BAD Search string is not valid UTF-8
# RETURN options: RFC 5267 section 4.4, RFC 9394.
> d1 SORT RETURN (PARTIAL 1:5 ALL) (DATE) UTF-8 ALL
< d1 BAD RETURN has both PARTIAL and ALL
> d2 SORT RETURN (PARTIAL 0:5) (DATE) UTF-8 ALL
< d2 BAD Expected a non-zero number
> d3 SEARCH RETURN (PARTIAL 1:*) ALL
< d3 BAD Expected a number
> d4 SEARCH RETURN (PARTIAL -1:5) ALL
< d4 BAD PARTIAL range mixes positive and negative positions
> d5 SORT RETURN (PARTIAL 1:2 PARTIAL 3:4) (DATE) UTF-8 ALL
< d5 BAD PARTIAL given twice
> d6 SORT RETURN (FASTEST) (DATE) UTF-8 ALL
< d6 BAD Unknown RETURN option FASTEST
> d7 SEARCH RETURN (PARTIAL 1) ALL
< d7 BAD Expected a PARTIAL range first:last
# THREAD.
> t1 THREAD ORDEREDSUBJECTS UTF-8 ALL
< t1 BAD Unknown threading algorithm ORDEREDSUBJECTS
> t2 THREAD REFERENCES
< t2 BAD Missing arguments
> t3 THREAD (REFERENCES) UTF-8 ALL
< t3 BAD Expected an atom
> t4 UID THREAD REFERENCES UTF-8
< t4 BAD Missing arguments
# CANCELUPDATE needs quoted tags.
> u1 CANCELUPDATE
< u1 BAD Expected a quoted tag
> u2 CANCELUPDATE {2+}
>> u2\r\n
< u2 BAD Expected a quoted tag
> z LOGOUT
< * BYE {{*}}
< z OK {{*}}
