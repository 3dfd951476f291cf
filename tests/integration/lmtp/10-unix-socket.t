# The Unix socket in the data folder (lmtp.socket's default), as Postfix's
# lmtp:unix: transport uses it.
@user alice secret
@conn U unix
< 220 lmtp.test Cairn LMTP ready
> LHLO localhost
<* 250 SIZE {{N}}
> MAIL FROM:<>
< 250 2.1.0 Ok
> RCPT TO:<alice@example.org>
< 250 2.1.5 Ok
> DATA
< 354 {{*}}
> Subject: over the socket
>
> .
< 250 2.0.0 <alice@example.org> Saved
> QUIT
< 221 {{*}}
@conn A
< * OK {{*}}
> a1 LOGIN alice secret
< a1 OK {{*}}
> a2 SELECT INBOX
< * 1 EXISTS
<* a2 OK {{*}}
> a3 FETCH 1 (BODY.PEEK[HEADER.FIELDS (Return-Path Received)])
< * 1 FETCH (BODY[HEADER.FIELDS (RETURN-PATH RECEIVED)] {{*}}\r\nReturn-Path: <>\r\nReceived: from localhost (unix) by lmtp.test (Cairn) with LMTP id {{*}}\r\n\r\n)
< a3 OK {{*}}
