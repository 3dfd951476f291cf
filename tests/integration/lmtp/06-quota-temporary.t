# delivery.quota_temporary: over quota is a temporary failure (452 4.2.2),
# so the MTA keeps the message and tries again. Storage limits count bytes.
@config
[delivery]
quota_temporary = true
[quota]
storage = 200
@end
@user alice secret
@conn L lmtp
< 220 {{*}}
> LHLO client.test
<* 250 SIZE {{N}}
> MAIL FROM:<s@example.org>
< 250 2.1.0 Ok
> RCPT TO:<alice>
< 250 2.1.5 Ok
> DATA
< 354 {{*}}
> Subject: ${rep:q:300}
>
> .
< 452 4.2.2 <alice> Mailbox is full
