# Commands the server cannot run get a tagged BAD with a reason (RFC 9051
# sections 2.2.2, 7.1.5): unknown commands, the wrong state, missing or extra
# arguments, bad tags. Before login the third BAD in a row ends the session
# with BYE (Dovecot does the same); after login the cap is higher
# (limits.bad_commands) and counts consecutive BADs.
@config
[limits]
bad_commands = 4
@end
@user alice secret
@conn A
< * OK {{*}} Cairn ready.
> a1 FOO
< a1 BAD Unknown command FOO
# A good command resets the count.
> a2 NOOP
< a2 OK NOOP completed
> a3 SELECT INBOX
< a3 BAD Log in first
> a4 FETCH 1 UID
< a4 BAD Log in first
> a5 NOOP
< a5 OK NOOP completed
# A tag with a forbidden character, and a line without a command.
> a+6 NOOP
< * BAD Invalid tag
> a7
< a7 BAD Missing command
> a8 NOOP
< a8 OK NOOP completed
> a9 UID FETCH 1 UID
< a9 BAD Log in first
> a10 UID NOOP
< a10 BAD UID NOOP is not a command
# The third BAD in a row: its answer, then BYE, then the connection closes.
> a11 XYZZY arg
< a11 BAD Unknown command XYZZY
< * BYE Too many invalid commands
@closed

@conn B
< * OK {{*}} Cairn ready.
> b1 LOGIN alice secret
< b1 OK [CAPABILITY {{*}}] Logged in
# Wrong state after login.
> b2 FETCH 1 UID
< b2 BAD No mailbox selected
> b3 CLOSE
< b3 BAD No mailbox selected
> b4 LOGIN alice secret
< b4 BAD Command not allowed now
> b5 NOOP
< b5 OK NOOP completed
# Missing, extra and malformed arguments.
> b6 SELECT
< b6 BAD Missing arguments
> b7 STATUS INBOX
< b7 BAD Missing arguments
> b8 DELETE a b
< b8 BAD Unexpected extra arguments
> b9 NOOP
< b9 OK NOOP completed
> b10 RENAME a
< b10 BAD Missing arguments
> b11 LIST ""
< b11 BAD Missing arguments
> b12 SELECT INBOX (
< b12 BAD Missing arguments
> b13 NOOP
< b13 OK NOOP completed
# A trailing space is refused (the grammar has none): after the command
# name, and after an argument, where a space announces another.
> b14 NOOP 
< b14 BAD Unexpected space at the end of the command
> b15 SELECT INBOX 
< b15 BAD Missing arguments
> b16 UID
< b16 BAD Missing command after UID
> b17 NOOP
< b17 OK NOOP completed
# After login the cap is limits.bad_commands (4 here).
> b18 X1
< b18 BAD Unknown command X1
> b19 X2
< b19 BAD Unknown command X2
> b20 X3
< b20 BAD Unknown command X3
> b21 X4
< b21 BAD Unknown command X4
< * BYE Too many invalid commands
@closed
