# WITHIN (RFC 5032): OLDER and YOUNGER count seconds back from the server's
# clock and compare the INTERNALDATE, inclusively. Message 1 arrived in 2000,
# message 2 now.
@user alice secret
@conn A
< * OK {{*}} ready.
> a1 LOGIN alice secret
< a1 OK {{*}}
> a2 SELECT INBOX
< * 0 EXISTS
< * 0 RECENT
< * OK [UIDVALIDITY {{N}}] UIDs valid
< * OK [UIDNEXT 1] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< a2 OK [READ-WRITE] SELECT completed
> a3 APPEND INBOX "01-Jan-2000 00:00:00 +0000" {15+}
>> Subject: old\r\n
>
< * 1 EXISTS
< * 1 RECENT
< a3 OK [APPENDUID {{N}} 1] APPEND completed
> a4 APPEND INBOX {15+}
>> Subject: new\r\n
>
< * 2 EXISTS
< * 2 RECENT
< a4 OK [APPENDUID {{N}} 2] APPEND completed
> b1 UID SEARCH OLDER 3600
< * SEARCH 1
< b1 OK SEARCH completed
> b2 UID SEARCH YOUNGER 3600
< * SEARCH 2
< b2 OK SEARCH completed
> b3 SEARCH YOUNGER 4294967295
< * SEARCH 1 2
< b3 OK SEARCH completed
> b4 SEARCH OLDER 4294967295
< * SEARCH
< b4 OK SEARCH completed
> b5 SEARCH RETURN (COUNT) OR OLDER 86400 YOUNGER 86400
< * ESEARCH (TAG "b5") COUNT 2
< b5 OK SEARCH completed
> b6 SEARCH UNSEEN YOUNGER 259200
< * SEARCH 2
< b6 OK SEARCH completed
> b7 LOGOUT
< * BYE Logging out
< b7 OK Logout completed
