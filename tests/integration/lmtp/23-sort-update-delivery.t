# RETURN (UPDATE) contexts (RFC 5267 section 4.3) hear of deliveries: by
# LMTP and by `cairn deliver` (another process), also during IDLE. ADDTO comes after the
# EXISTS that makes the new sequence numbers valid (section 4.3.3); a
# sorted context gets the new message at its place in the sort order.
@user alice secret
@conn A
< * OK {{*}}
> a1 LOGIN alice secret
< a1 OK {{*}}
> a2 SELECT INBOX
< * 0 EXISTS
<* a2 OK {{*}}
> a3 APPEND INBOX {59+}
>> Subject: bravo\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\n\r\nb\r\n
>
< * 1 EXISTS
<* a3 OK {{*}}
> a4 APPEND INBOX {59+}
>> Subject: delta\r\nDate: Mon, 1 Jan 2024 11:00:00 +0000\r\n\r\nd\r\n
>
< * 2 EXISTS
<* a4 OK {{*}}
> s1 SORT RETURN (UPDATE ALL) (SUBJECT) UTF-8 ALL
< * ESEARCH (TAG "s1") ALL 1:2
< s1 OK SORT completed
> s2 UID SEARCH RETURN (UPDATE COUNT) SUBJECT "alpha"
< * ESEARCH (TAG "s2") UID COUNT 0
< s2 OK SEARCH completed
@conn L lmtp
< 220 {{*}}
> LHLO client.test
<* 250 {{*}}
> MAIL FROM:<sender@example.org>
< 250 {{*}}
> RCPT TO:<alice@example.org>
< 250 {{*}}
> DATA
< 354 {{*}}
> Subject: alpha
> Date: Mon, 1 Jan 2024 12:00:00 +0000
>
> a
> .
< 250 {{*}}
> QUIT
< 221 {{*}}
@use A
> n1 NOOP
< * 3 EXISTS
<* * ESEARCH (TAG "s1") ADDTO (1 3)
< * ESEARCH (TAG "s2") UID ADDTO (0 3)
< n1 OK NOOP completed
@deliver 0 alice Subject: charlie\nDate: Mon, 1 Jan 2024 13:00:00 +0000\n\nc\n
> n2 NOOP
< * 4 EXISTS
<* * ESEARCH (TAG "s1") ADDTO (3 4)
< n2 OK NOOP completed
> s3 SORT (SUBJECT) UTF-8 ALL
< * SORT 3 1 4 2
< s3 OK SORT completed
# During IDLE too (RFC 5267 section 4.3.2: at any time).
> i1 IDLE
< + idling
@deliver 0 alice Subject: echo\nDate: Mon, 1 Jan 2024 14:00:00 +0000\n\ne\n
< * 5 EXISTS
<* * ESEARCH (TAG "s1") ADDTO (5 5)
> DONE
< i1 OK {{*}}
> z LOGOUT
< * BYE {{*}}
< z OK {{*}}
