# Mail delivered over LMTP reaches an IDLE session at once (the store's
# change listener feeds the notification hub inside the server).
@user alice secret
@conn A
< * OK {{*}}
> a1 LOGIN alice secret
< a1 OK {{*}}
> a2 SELECT INBOX
< * 0 EXISTS
<* a2 OK {{*}}
> a3 IDLE
< + idling
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
> Subject: wake up
>
> .
< 250 2.0.0 <alice> Saved
@use A
< * 1 EXISTS
<* * 1 RECENT
> DONE
< a3 OK {{*}}
