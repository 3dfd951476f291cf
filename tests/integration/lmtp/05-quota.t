# Over quota at delivery (RFC 3463 X.2.2): 552 5.2.2 for the recipient whose
# account is full, 250 for the others of the same DATA; nothing stored for
# the full one. Set with `cairn user quota`, seen over IMAP.
@user alice secret
@user bob secret
@run 0 user quota alice --messages 1
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
> Subject: fits
>
> .
< 250 2.0.0 <alice> Saved
> MAIL FROM:<s@example.org>
< 250 2.1.0 Ok
> RCPT TO:<alice>
< 250 2.1.5 Ok
> RCPT TO:<bob>
< 250 2.1.5 Ok
> DATA
< 354 {{*}}
> Subject: too many
>
> .
< 552 5.2.2 <alice> Mailbox is full
< 250 2.0.0 <bob> Saved
@conn A
< * OK {{*}}
> a1 LOGIN alice secret
< a1 OK {{*}}
> a2 STATUS INBOX (MESSAGES)
< * STATUS INBOX (MESSAGES 1)
< a2 OK {{*}}
> a3 GETQUOTAROOT INBOX
< * QUOTAROOT INBOX ""
< * QUOTA "" (MESSAGE 1 1)
< a3 OK GETQUOTAROOT completed
