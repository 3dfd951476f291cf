# QUOTA over IMAP (RFC 9208): capabilities, GETQUOTAROOT for any mailbox
# name (existing or not), GETQUOTA of the account's root "", limits in
# force from the configuration, STORAGE in units of 1024 octets, STATUS
# DELETED and DELETED-STORAGE, and APPEND refused with NO [OVERQUOTA],
# MULTIAPPEND as a whole.
@config
[quota]
storage = "4K"
messages = 3
@end
@user alice secret
@conn A
< * OK {{*}}
> a1 LOGIN alice secret
< a1 OK [CAPABILITY {{*}} QUOTA QUOTA=RES-STORAGE QUOTA=RES-MESSAGE APPENDLIMIT={{N}}] Logged in
> a2 GETQUOTAROOT INBOX
< * QUOTAROOT INBOX ""
< * QUOTA "" (STORAGE 0 4 MESSAGE 0 3)
< a2 OK GETQUOTAROOT completed
> a3 GETQUOTAROOT "Does/Not/Exist"
< * QUOTAROOT Does/Not/Exist ""
< * QUOTA "" (STORAGE 0 4 MESSAGE 0 3)
< a3 OK GETQUOTAROOT completed
> a4 GETQUOTA ""
< * QUOTA "" (STORAGE 0 4 MESSAGE 0 3)
< a4 OK GETQUOTA completed
> a5 GETQUOTA "someone else"
< a5 NO [NONEXISTENT] No such quota root
> a6 APPEND INBOX {2048+}
>> ${rep:a:2046}\r\n\r\n
< a6 OK [APPENDUID {{N}} 1] APPEND completed
> a7 GETQUOTA ""
< * QUOTA "" (STORAGE 2 4 MESSAGE 1 3)
< a7 OK GETQUOTA completed
# 2048 + 2049 bytes would pass 4096: refused, nothing stored.
> a8 APPEND INBOX {2049+}
>> ${rep:b:2047}\r\n\r\n
< a8 NO [OVERQUOTA] Quota exceeded
# MULTIAPPEND is all or nothing: the second message does not fit.
> a9 APPEND INBOX {10+}
>> Subject: 1 {2040+}\r\n${rep:c:2040}\r\n
< a9 NO [OVERQUOTA] Quota exceeded
> a10 STATUS INBOX (MESSAGES SIZE)
< * STATUS INBOX (MESSAGES 1 SIZE 2048)
< a10 OK {{*}}
> a11 APPEND INBOX (\Deleted) {10+}
>> Subject: 2\r\n\r\n
< a11 OK [APPENDUID {{N}} 2] APPEND completed
> a12 APPEND Archive {10+}
>> Subject: 3\r\n\r\n
< a12 OK [APPENDUID {{N}} 1] APPEND completed
# The message count is at its limit now (3).
> a13 APPEND INBOX {10+}
>> Subject: 4\r\n\r\n
< a13 NO [OVERQUOTA] Quota exceeded
> a14 STATUS INBOX (DELETED DELETED-STORAGE)
< * STATUS INBOX (DELETED 1 DELETED-STORAGE 10)
< a14 OK {{*}}
# Quota-only users get no QUOTASET, and SETQUOTA is refused.
> a15 SETQUOTA "" (STORAGE 100)
< a15 NO [NOPERM] Permission denied
> a16 SETQUOTA "" STORAGE
< a16 BAD {{*}}
