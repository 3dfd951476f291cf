# A full disk reported by the store: 452 4.3.1 (RFC 3463 X.3.1), simulated
# with the test-only fault switch (a real full tmpfs: test_lmtp.py).
@env CAIRN_TEST_DELIVERY_FAULT=disk_full
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
> Subject: x
>
> .
< 452 4.3.1 <alice> Insufficient system storage
