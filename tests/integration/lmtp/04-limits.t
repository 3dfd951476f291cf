# Size limits: MAIL SIZE past the limit is refused at once (RFC 1870);
# DATA past the limit is read to its end and refused for each recipient
# (552 5.3.4), the session staying in step; an over-long command line is
# refused (500 5.5.2) and dropped to its end; SIZE shows the limit.
@config
[limits]
message_size = 2000
lmtp_line = 600
lmtp_recipients = 2
@end
@user alice secret
@conn L lmtp
< 220 {{*}}
> LHLO client.test
< 250-lmtp.test
< 250-PIPELINING
< 250-ENHANCEDSTATUSCODES
< 250-8BITMIME
< 250 SIZE 2000
> MAIL FROM:<s@example.org> SIZE=2001
< 552 5.3.4 Message size exceeds fixed maximum message size
> MAIL FROM:<s@example.org> SIZE=2000
< 250 2.1.0 Ok
> RCPT TO:<alice>
< 250 2.1.5 Ok
> RCPT TO:<alice+two>
< 250 2.1.5 Ok
> RCPT TO:<alice+three>
< 452 4.5.3 Too many recipients
> DATA
< 354 {{*}}
> Subject: big
>
> ${rep:y:3000}
> .
< 552 5.3.4 Message too big for system
< 552 5.3.4 Message too big for system
> NOOP ${rep:z:700}
< 500 5.5.2 Line too long
>> NOOP ${rep:z:5000}\r\nNOOP\r\n
< 500 5.5.2 Line too long
< 250 2.0.0 Ok
> MAIL FROM:<s@example.org>
< 250 2.1.0 Ok
> RCPT TO:<alice>
< 250 2.1.5 Ok
> DATA
< 354 {{*}}
> Subject: small
>
> .
< 250 2.0.0 <alice> Saved
@conn A
< * OK {{*}}
> a1 LOGIN alice secret
< a1 OK {{*}}
> a2 STATUS INBOX (MESSAGES)
< * STATUS INBOX (MESSAGES 1)
< a2 OK {{*}}
