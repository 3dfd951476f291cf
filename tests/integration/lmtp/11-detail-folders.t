# delivery.detail_folders: user+detail goes to the folder named by the
# detail when it exists, else to INBOX; local_domains limit which domains
# name accounts by their local part.
@config
[delivery]
detail_folders = true
local_domains = ["example.org"]
@end
@user alice secret
@conn L lmtp
< 220 {{*}}
> LHLO client.test
<* 250 SIZE {{N}}
> MAIL FROM:<s@example.org>
< 250 2.1.0 Ok
> RCPT TO:<alice+Archive@example.org>
< 250 2.1.5 Ok
> RCPT TO:<alice+nosuchfolder@EXAMPLE.org>
< 250 2.1.5 Ok
> RCPT TO:<alice@elsewhere.example>
< 550 5.1.1 <alice@elsewhere.example> User doesn't exist
> DATA
< 354 {{*}}
> Subject: x
>
> .
< 250 2.0.0 <alice+Archive@example.org> Saved
< 250 2.0.0 <alice+nosuchfolder@EXAMPLE.org> Saved
@conn A
< * OK {{*}}
> a1 LOGIN alice secret
< a1 OK {{*}}
> a2 STATUS Archive (MESSAGES)
< * STATUS Archive (MESSAGES 1)
< a2 OK {{*}}
> a3 STATUS INBOX (MESSAGES)
< * STATUS INBOX (MESSAGES 1)
< a3 OK {{*}}
