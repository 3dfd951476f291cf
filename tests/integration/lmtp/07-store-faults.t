# Store failures never get a 250 (RFC 2033 section 4.2): an injected I/O
# error answers 451 4.3.0 and a full disk 452 4.3.1 for that recipient only
# (CAIRN_TEST_DELIVERY_FAULT, a test-only switch, off unless set).
@env CAIRN_TEST_DELIVERY_FAULT=io_error:bob
@user alice secret
@user bob secret
@conn L lmtp
< 220 {{*}}
> LHLO client.test
<* 250 SIZE {{N}}
> MAIL FROM:<s@example.org>
< 250 2.1.0 Ok
> RCPT TO:<bob>
< 250 2.1.5 Ok
> RCPT TO:<alice>
< 250 2.1.5 Ok
> DATA
< 354 {{*}}
> Subject: x
>
> .
< 451 4.3.0 <bob> Temporary internal failure, try again later
< 250 2.0.0 <alice> Saved
@conn B
< * OK {{*}}
> b1 LOGIN bob secret
< b1 OK {{*}}
> b2 STATUS INBOX (MESSAGES)
< * STATUS INBOX (MESSAGES 0)
< b2 OK {{*}}
