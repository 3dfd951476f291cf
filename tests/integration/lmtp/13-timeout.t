# limits.lmtp_timeout: a silent client is told 421 4.4.2 and closed, in a
# command and in the middle of DATA alike.
@config
[limits]
lmtp_timeout = 1
@end
@user alice secret
@conn L lmtp
< 220 {{*}}
< 421 4.4.2 lmtp.test Timeout, closing connection
@closed
@conn M lmtp
< 220 {{*}}
> LHLO client.test
<* 250 SIZE {{N}}
> MAIL FROM:<s@example.org>
< 250 2.1.0 Ok
> RCPT TO:<alice>
< 250 2.1.5 Ok
> DATA
< 354 {{*}}
> Subject: slow
< 421 4.4.2 lmtp.test Timeout, closing connection
@closed
