# Several recipients: each RCPT answered on its own, one reply per accepted
# recipient after DATA, in RCPT order (RFC 2033 section 4.2), the same
# recipient twice included. Each copy is in the account, with Return-Path,
# Delivered-To and Received in front (RFC 5321 section 4.4), and the data
# decoded: dot-stuffing undone, bare LF made CRLF, NUL and long lines kept.
@user alice secret
@user bob@example.org secret
@conn L lmtp
< 220 {{*}}
> LHLO client.test
< 250-lmtp.test
< 250-PIPELINING
< 250-ENHANCEDSTATUSCODES
< 250-8BITMIME
< 250 SIZE {{N}}
> MAIL FROM:<sender@example.net>
< 250 2.1.0 Ok
> RCPT TO:<alice@example.org>
< 250 2.1.5 Ok
> RCPT TO:<nobody@example.org>
< 550 5.1.1 <nobody@example.org> User doesn't exist
> RCPT TO:<BOB@Example.ORG>
< 250 2.1.5 Ok
> RCPT TO:<alice+lists@example.org>
< 250 2.1.5 Ok
> RCPT TO:<alice@example.org>
< 250 2.1.5 Ok
> DATA
< 354 Start mail input; end with <CRLF>.<CRLF>
> Subject: hello
> 
> ..a stuffed dot
>> bare\nlf\n
>> nul\0byte\r\n
> ${rep:x:5000}
> .
< 250 2.0.0 <alice@example.org> Saved
< 250 2.0.0 <BOB@Example.ORG> Saved
< 250 2.0.0 <alice+lists@example.org> Saved
< 250 2.0.0 <alice@example.org> Saved
# The transaction is over: a new one needs MAIL.
> RCPT TO:<alice>
< 503 5.5.1 Send MAIL first
> QUIT
< 221 2.0.0 lmtp.test Bye
@conn A
< * OK {{*}}
> a1 LOGIN alice secret
< a1 OK {{*}}
> a2 SELECT INBOX
< * 3 EXISTS
<* a2 OK [READ-WRITE] {{*}}
> a3 FETCH 1 (BODY.PEEK[HEADER.FIELDS (Return-Path Delivered-To)])
< * 1 FETCH (BODY[HEADER.FIELDS (RETURN-PATH DELIVERED-TO)] {{*}}\r\nReturn-Path: <sender@example.net>\r\nDelivered-To: alice@example.org\r\n\r\n)
< a3 OK {{*}}
> a4 FETCH 1 (BODY.PEEK[TEXT])
< * 1 FETCH (BODY[TEXT] {5038}\r\n.a stuffed dot\r\nbare\r\nlf\r\nnul\x80byte\r\n${rep:x:5000}\r\n)
< a4 OK {{*}}
> a5 FETCH 1 (BINARY.PEEK[1]<16.14>)
< * 1 FETCH (BINARY[1]<16> ~{14}\r\nbare\r\nlf\r\nnul\x00)
< a5 OK {{*}}
> a6 FETCH 2 (BODY.PEEK[HEADER.FIELDS (Delivered-To Received)])
< * 2 FETCH (BODY[HEADER.FIELDS (DELIVERED-TO RECEIVED)] {{*}}\r\nDelivered-To: alice+lists@example.org\r\nReceived: from client.test (127.0.0.1) by lmtp.test (Cairn) with LMTP id {{*}} for <alice+lists@example.org>; {{*}}\r\n\r\n)
< a6 OK {{*}}
> a7 LOGOUT
< * BYE {{*}}
< a7 OK {{*}}
@conn B
< * OK {{*}}
> b1 LOGIN bob@example.org secret
< b1 OK {{*}}
> b2 STATUS INBOX (MESSAGES)
< * STATUS INBOX (MESSAGES 1)
< b2 OK {{*}}
