# COPY refused with NO [OVERQUOTA] when the copies would not fit; MOVE
# within the account adds nothing and is never refused for quota.
@config
[quota]
messages = 2
@end
@user alice secret
@conn A
< * OK {{*}}
> a1 LOGIN alice secret
< a1 OK {{*}}
> a2 APPEND INBOX {10+}
>> Subject: 1\r\n\r\n
< a2 OK {{*}}
> a3 APPEND INBOX {10+}
>> Subject: 2\r\n\r\n
< a3 OK {{*}}
> a4 SELECT INBOX
< * 2 EXISTS
<* a4 OK {{*}}
> a5 COPY 1 Archive
< a5 NO [OVERQUOTA] {{*}}
> a6 UID COPY 1:2 Archive
< a6 NO [OVERQUOTA] {{*}}
> a7 STATUS Archive (MESSAGES)
< * STATUS Archive (MESSAGES 0)
< a7 OK {{*}}
> a8 MOVE 1:2 Archive
<* a8 OK {{*}}
> a9 STATUS Archive (MESSAGES)
< * STATUS Archive (MESSAGES 2)
< a9 OK {{*}}
