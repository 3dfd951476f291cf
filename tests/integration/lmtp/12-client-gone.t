# A client gone in the middle of DATA: nothing is delivered (no reply was
# given, so the MTA still holds the message) and the server carries on.
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
> Subject: half
>
>> half a message without its end
@close
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
> Subject: whole
>
> .
< 250 2.0.0 <alice> Saved
@conn A
< * OK {{*}}
> a1 LOGIN alice secret
< a1 OK {{*}}
> a2 SELECT INBOX
< * 1 EXISTS
<* a2 OK {{*}}
> a3 FETCH 1 (BODY.PEEK[HEADER.FIELDS (Subject)])
< * 1 FETCH (BODY[HEADER.FIELDS (SUBJECT)] {{*}}\r\nSubject: whole\r\n\r\n)
< a3 OK {{*}}
