# A message that already holds delivery.loop_limit (3) Delivered-To fields
# for this recipient is a loop: 554 5.4.6; other recipients get it.
@user alice secret
@user bob secret
@conn L lmtp
< 220 {{*}}
> LHLO client.test
<* 250 SIZE {{N}}
> MAIL FROM:<s@example.org>
< 250 2.1.0 Ok
> RCPT TO:<alice@example.org>
< 250 2.1.5 Ok
> RCPT TO:<bob@example.org>
< 250 2.1.5 Ok
> DATA
< 354 {{*}}
> Delivered-To: alice@example.org
> Delivered-To: Alice@Example.org
> Delivered-To: bob@example.org
> Delivered-To: <alice@example.org>
> Subject: round and round
>
> .
< 554 5.4.6 <alice@example.org> Mail loop detected
< 250 2.0.0 <bob@example.org> Saved
