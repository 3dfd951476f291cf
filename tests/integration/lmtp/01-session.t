# The LMTP session (RFC 2033 over RFC 5321): greeting, LHLO and its
# extensions, every command's reply, and the order the protocol requires.
@user alice secret
@conn L lmtp
< 220 lmtp.test Cairn LMTP ready
# HELO and EHLO are not LMTP (RFC 2033 section 4.1: never a 2xx).
> EHLO client.test
< 500 5.5.1 This is LMTP: use LHLO
> HELO client.test
< 500 5.5.1 This is LMTP: use LHLO
# A transaction needs LHLO first.
> MAIL FROM:<a@example.org>
< 503 5.5.1 Send LHLO first
> LHLO
< 501 5.5.4 LHLO needs a domain
> LHLO client.test
< 250-lmtp.test
< 250-PIPELINING
< 250-ENHANCEDSTATUSCODES
< 250-8BITMIME
< 250 SIZE 67108864
> RCPT TO:<alice>
< 503 5.5.1 Send MAIL first
> DATA
< 503 5.5.1 Send MAIL first
> MAIL FROM:<sender@example.org> BODY=8BITMIME SIZE=100
< 250 2.1.0 Ok
> MAIL FROM:<sender@example.org>
< 503 5.5.1 Nested MAIL command
# RFC 2033 section 4.2: no successful RCPT, DATA fails with 503.
> RCPT TO:<nobody@example.org>
< 550 5.1.1 <nobody@example.org> User doesn't exist
> DATA
< 503 5.5.1 No valid recipients
> RSET
< 250 2.0.0 Ok
> RCPT TO:<alice>
< 503 5.5.1 Send MAIL first
> NOOP
< 250 2.0.0 Ok
> NOOP with an argument
< 250 2.0.0 Ok
> VRFY alice
< 252 2.5.2 Cannot VRFY user, but will accept message for delivery
> HELP
< 214 2.0.0 Commands: LHLO MAIL RCPT DATA RSET NOOP QUIT VRFY
> BDAT 10 LAST
< 502 5.5.1 Command not implemented
> FROB
< 500 5.5.2 Unknown command
> RSET now
< 501 5.5.4 No parameters allowed
> MAIL FROM:<sender@example.org> SMTPUTF8
< 555 5.5.4 Unsupported parameter
> MAIL FROM:sender@example.org
< 501 5.1.7 Invalid sender address
> MAIL FROM:<>
< 250 2.1.0 Ok
> RCPT TO:<alice> NOTIFY=NEVER
< 555 5.5.4 Unsupported parameter
> RCPT TO:<not an address>
< 501 5.1.3 Invalid recipient address
> QUIT
< 221 2.0.0 lmtp.test Bye
@closed
