# SETQUOTA (QUOTASET) for quota.administrators: their own root "" and other
# accounts' roots by account name; limits not listed are removed (RFC 9208
# section 4.1.3); unknown resources refused; the account sees the change.
@config
[quota]
administrators = ["Admin"]
@end
@user admin secret
@user bob secret
@conn A
< * OK {{*}}
> a1 LOGIN admin secret
< a1 OK [CAPABILITY {{*}} QUOTA QUOTA=RES-STORAGE QUOTA=RES-MESSAGE QUOTASET APPENDLIMIT={{N}}] Logged in
> a2 GETQUOTA ""
< * QUOTA "" ()
< a2 OK GETQUOTA completed
> a3 SETQUOTA bob (STORAGE 1 MESSAGE 5)
< * QUOTA bob (STORAGE 0 1 MESSAGE 0 5)
< a3 OK SETQUOTA completed
> a4 SETQUOTA bob (MESSAGE 1)
< * QUOTA bob (MESSAGE 0 1)
< a4 OK SETQUOTA completed
> a5 SETQUOTA bob (MAILBOX 3)
< a5 NO [CANNOT] Unsupported quota resource MAILBOX
> a6 SETQUOTA nobody (MESSAGE 1)
< a6 NO [NONEXISTENT] No such quota root
> a7 GETQUOTA bob
< * QUOTA bob (MESSAGE 0 1)
< a7 OK GETQUOTA completed
@conn B
< * OK {{*}}
> b1 LOGIN bob secret
< b1 OK [CAPABILITY {{*}} QUOTA=RES-MESSAGE APPENDLIMIT={{N}}] Logged in
> b2 GETQUOTAROOT INBOX
< * QUOTAROOT INBOX ""
< * QUOTA "" (MESSAGE 0 1)
< b2 OK {{*}}
> b3 APPEND INBOX {10+}
>> Subject: 1\r\n\r\n
< b3 OK {{*}}
> b4 APPEND INBOX {10+}
>> Subject: 2\r\n\r\n
< b4 NO [OVERQUOTA] Quota exceeded
> b5 SETQUOTA "" ()
< b5 NO [NOPERM] Permission denied
@use A
> a8 SETQUOTA bob ()
< * QUOTA bob ()
< a8 OK SETQUOTA completed
@use B
> b6 APPEND INBOX {10+}
>> Subject: 2\r\n\r\n
< b6 OK {{*}}
