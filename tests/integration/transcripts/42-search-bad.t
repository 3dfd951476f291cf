# Bad searches (RFC 9051 section 6.4.4): BAD for what is not the grammar
# (unknown key, bad date, unbalanced or too deep parentheses, a missing
# argument, invalid UTF-8, SEARCH outside the selected state), NO
# [BADCHARSET] for a charset the server does not know. The session goes on
# after each.
@config
[limits]
nesting = 5
@end
@user alice secret
@conn A
< * OK {{*}} ready.
> a1 LOGIN alice secret
< a1 OK {{*}}
> a2 SEARCH ALL
< a2 BAD No mailbox selected
> a3 SELECT INBOX
< * 0 EXISTS
< * 0 RECENT
< * OK [UIDVALIDITY {{N}}] UIDs valid
< * OK [UIDNEXT 1] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< a3 OK [READ-WRITE] SELECT completed
> a4 APPEND INBOX {25+}
>> Subject: x\r\n\r\nsome text\r\n
>
< * 1 EXISTS
< * 1 RECENT
< a4 OK [APPENDUID {{N}} 1] APPEND completed
# An empty mailbox is not needed for these: each is refused before any work.
> b1 SEARCH
< b1 BAD Missing search key
> b2 SEARCH FOO
< b2 BAD Unknown search key FOO
> b3 SEARCH SEEN BAR
< b3 BAD Unknown search key BAR
> b4 SEARCH BEFORE 31-Feb-2024
< b4 BAD Invalid date
> b5 SEARCH SINCE 1-Foo-2024
< b5 BAD Invalid date
> b6 SEARCH ON 2024-01-01
< b6 BAD Invalid date
> b7 SENTON "1-Jan-2024
< b7 BAD Unknown command SENTON
> b8 SEARCH SENTON "1-Jan-2024
< b8 BAD Invalid date
> b9 SEARCH (SEEN
< b9 BAD Missing closing parenthesis
> b10 SEARCH SEEN)
< b10 BAD Unexpected characters at the end of the command
> b11 SEARCH ((SEEN)
< b11 BAD Missing closing parenthesis
> b12 SEARCH ()
< b12 BAD Invalid search key
> b13 NOOP
< b13 OK NOOP completed
# limits.nesting = 5: five levels pass, six do not (parentheses, NOT and OR
# all count; parentheses alone are refused by the session before SEARCH
# sees them).
> c1 SEARCH (((((SEEN)))))
< * SEARCH
< c1 OK SEARCH completed
> c2 SEARCH ((((((SEEN))))))
< c2 BAD Too many nested parentheses
> c3 SEARCH NOT NOT NOT NOT NOT SEEN
< * SEARCH 1
< c3 OK SEARCH completed
> c4 SEARCH NOT NOT NOT NOT NOT NOT SEEN
< c4 BAD Search nested too deeply
> c5 SEARCH OR (NOT (OR SEEN DRAFT)) DELETED
< * SEARCH 1
< c5 OK SEARCH completed
> c5b SEARCH OR (NOT (OR (SEEN) DRAFT)) DELETED
< c5b BAD Search nested too deeply
> c6 SEARCH NOT ${rep:(:200}SEEN${rep:):200}
< c6 BAD Too many nested parentheses
> c7 NOOP
< c7 OK NOOP completed
# Missing and malformed arguments.
> d1 SEARCH FROM
< d1 BAD Missing arguments
> d2 SEARCH HEADER Subject
< d2 BAD Missing arguments
> d3 SEARCH OR SEEN
< d3 BAD Missing arguments
> d4 SEARCH LARGER x
< d4 BAD Expected a number
> d5 SEARCH OLDER 0
< d5 BAD Expected a non-zero number
> d6 SEARCH KEYWORD \Seen
< d6 BAD Expected a keyword
> d7 SEARCH UID x
< d7 BAD Expected a number
> d8 SEARCH RETURN (MIN
< d8 BAD Expected ')'
> d9 SEARCH RETURN (FOO) ALL
< d9 BAD Unknown RETURN option FOO
> d10 NOOP
< d10 OK NOOP completed
# Charsets: UTF-8 and US-ASCII strings must be valid UTF-8; a charset ICU
# does not know is NO [BADCHARSET].
> e1 SEARCH CHARSET UTF-8 TEXT {2+}
>> \xff\xfe
>
< e1 BAD Search string is not valid UTF-8
> e2 SEARCH TEXT "\xc3"
< e2 BAD Search string is not valid UTF-8
> e3 SEARCH CHARSET X-NO-SUCH-CHARSET TEXT x
< e3 NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset X-NO-SUCH-CHARSET
> e4 SEARCH CHARSET US-ASCII TEXT TEXT
< * SEARCH 1
< e4 OK SEARCH completed
> e5 SEARCH CHARSET "iso-8859-1" BODY "som"
< * SEARCH 1
< e5 OK SEARCH completed
> e6 LOGOUT
< * BYE Logging out
< e6 OK Logout completed
