# Every input has a limit and a clear answer (DESIGN.md "Bounded
# everything"), set small here: a command line (literals included) of 1024
# bytes before login and 2048 after, APPEND messages of 4096 bytes, nesting
# of 5 lists. Refused input never desynchronises the connection.
@config
[limits]
line_before_login = 1024
line_after_login = 2048
message_size = 4096
nesting = 5
bad_commands = 100
@end
@user alice secret
@conn A from=127.0.0.41
< * OK {{*}} Cairn ready.
# Before login: a line of exactly 1024 bytes is read (a failed login from
# this test's own address), one byte more is too long.
> a1 LOGIN alice ${rep:x:1009}
< a1 NO [AUTHENTICATIONFAILED] Authentication failed.
> a2 LOGIN alice ${rep:x:1010}
< a2 BAD Command line too long
> a3 NOOP
< a3 OK NOOP completed
# A longer line is skipped as it comes (before login, up to about twice
# the line limit: nothing legitimate is longer) ...
> a4 NOOP ${rep:y:1900}
< a4 BAD Command line too long
> a5 NOOP
< a5 OK NOOP completed
# Literals count against the line: refused before "+" ...
> a6 LOGIN {2000}
< a6 BAD Literal too large for this command
> a7 NOOP
< a7 OK NOOP completed
# ... or, non-synchronizing, skipped to the end of the command.
> a8 LOGIN {1020+}
>> ${rep:z:1020} secret\r\n
< a8 BAD Literal too large for this command
> a9 NOOP
< a9 OK NOOP completed
# APPEND is not allowed before login, so its literals get no more room
# there than any other command's (no account, no message-sized buffers).
> a9a APPEND INBOX {2000}
< a9a BAD Literal too large for this command
> a9b APPEND INBOX {5+}
> hello
< a9b BAD Log in first
> a9c NOOP
< a9c OK NOOP completed
# No nested lists before login.
> a10 ID (("name") "x")
< a10 BAD Too many nested parentheses
> a11 NOOP
< a11 OK NOOP completed
# ... but not forever: before login, past twice the line limit (2048 bytes
# here) it is abuse, answered with BYE (after login: line limit + message
# size).
> a12 NOOP ${rep:y:6000}
< * BYE Command line too long, closing
@closed

# A non-synchronizing literal larger than the line limit before login is
# not read: BYE at once.
@conn A2 from=127.0.0.42
< * OK {{*}} Cairn ready.
> c1 LOGIN {2000+}
< * BYE Literal too large for this command, closing
@closed

@conn B
< * OK {{*}} Cairn ready.
> b1 LOGIN alice secret
< b1 OK [CAPABILITY {{*}} APPENDLIMIT=4096] Logged in
# After login the line may be 2048 bytes: a 2000-byte name is read (and
# refused by the mailbox name limit, 1024 bytes), a longer line is not.
> b2 STATUS ${rep:n:2000} (MESSAGES)
< b2 NO [CANNOT] mailbox name too long
> b3 STATUS ${rep:n:2100} (MESSAGES)
< b3 BAD Command line too long
# Literals: synchronizing too large: refused before "+"; non-synchronizing:
# skipped; the session stays in step.
> b4 STATUS {3000}
< b4 BAD Literal too large for this command
> b5 STATUS {3000+}
>> ${rep:s:3000} (MESSAGES)\r\n
< b5 BAD Literal too large for this command
> b6 NOOP
< b6 OK NOOP completed
# APPEND may carry up to message_size (4096) bytes, however long the line.
> b7 APPEND INBOX {4096}
< + Ready for literal data
>> ${rep:m:4096}\r\n
< b7 OK [APPENDUID {{N}} 1] APPEND completed
> b8 APPEND INBOX {4097}
< b8 NO [TOOBIG] Message too large
> b9 NOOP
< b9 OK NOOP completed
# The messages of one MULTIAPPEND share the limit (the server holds the
# whole command): 3000 + 1097 bytes is one too many; nothing is stored.
> b9a APPEND INBOX {3000}
< + Ready for literal data
>> ${rep:m:3000} {1097}\r\n
< b9a NO [TOOBIG] Message too large
> b9b NOOP
< b9b OK NOOP completed
> b10 STATUS INBOX (MESSAGES SIZE)
< * STATUS INBOX (MESSAGES 1 SIZE 4096)
< b10 OK STATUS completed
# Nesting: 5 levels are parsed (and fail on their grammar), 6 are refused
# before any parsing.
> b11 STATUS INBOX (((((MESSAGES)))))
< b11 BAD Expected an atom
> b12 STATUS INBOX ((((((MESSAGES))))))
< b12 BAD Too many nested parentheses
# Parentheses inside quoted strings and literals do not count.
> b13 STATUS "((((((" (MESSAGES)
< b13 NO [NONEXISTENT] Mailbox doesn't exist
> b14 STATUS {6+}
> (((((( (MESSAGES)
< b14 NO [NONEXISTENT] Mailbox doesn't exist
# Unbalanced parentheses.
> b15 STATUS INBOX (MESSAGES
< b15 BAD Expected ')'
> b16 STATUS INBOX MESSAGES)
< b16 BAD Expected '('
> b17 STATUS INBOX (MESSAGES))
< b17 BAD Unexpected characters at the end of the command
> b18 NOOP )
< b18 BAD Unexpected extra arguments
# NUL: never in a quoted string, never in a literal of a non-APPEND command.
> b19 CREATE "a\0b"
< b19 BAD Invalid character in quoted string
> b20 CREATE {3+}
> a\0b
< b20 BAD NUL in a literal
# literal8 (~{n}, RFC 3516) is APPEND data only: any other command is
# refused, synchronizing before "+", non-synchronizing after skipping its
# bytes; APPEND takes it (BINARY).
> b21 CREATE ~{3}
< b21 BAD literal8 (~{n}) is not allowed here
> b21b CREATE ~{3+}
>> abc\r\n
< b21b BAD literal8 (~{n}) is not allowed here
> b22 APPEND INBOX ~{5+}
>> hello\r\n
< b22 OK [APPENDUID {{N}} {{N}}] APPEND completed
> b23 NOOP
< b23 OK NOOP completed
# A non-synchronizing APPEND literal beyond message_size cannot be refused
# in step without reading it: BYE (RFC 7888 section 4, choice 2).
> b24 APPEND INBOX {5000+}
< * BYE [TOOBIG] Message too large, closing
@closed
