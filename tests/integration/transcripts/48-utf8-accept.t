# UTF8=ACCEPT (RFC 6855): advertised, so an APPEND with 8-bit header fields
# from a client that has not enabled it is refused with NO (section 4);
# after ENABLE UTF8=ACCEPT it is accepted, also as "UTF8 (literal8)", quoted
# strings and mailbox names are UTF-8, and SEARCH with CHARSET is BAD
# (section 3).
@user alice secret
@conn A
< * OK {{*}} ready.
> a1 LOGIN alice secret
< a1 OK [CAPABILITY {{*}} UTF8=ACCEPT {{*}}] Logged in
> a2 APPEND INBOX {23+}
>> Subject: Gr\xc3\xbc\xc3\x9fe\r\n\r\nx\r\n
>
< a2 NO 8-bit header fields need ENABLE UTF8=ACCEPT
# 8-bit data in the body is fine.
> a3 APPEND INBOX {27+}
>> Subject: plain\r\n\r\nGr\xc3\xbc\xc3\x9fe\r\n
>
< a3 OK [APPENDUID {{N:uv}} 1] APPEND completed
> a4 ENABLE UTF8=ACCEPT
< * ENABLED UTF8=ACCEPT
< a4 OK ENABLE completed
> a5 APPEND INBOX {23+}
>> Subject: Gr\xc3\xbc\xc3\x9fe\r\n\r\nx\r\n
>
< a5 OK [APPENDUID {{=uv}} 2] APPEND completed
> a6 APPEND INBOX UTF8 (~{23+}
>> Subject: Gr\xc3\xbc\xc3\x9fe\r\n\r\ny\r\n)\r\n
< a6 OK [APPENDUID {{=uv}} 3] APPEND completed
> a7 APPEND INBOX UTF8 ({23+}
>> Subject: Gr\xc3\xbc\xc3\x9fe\r\n\r\nz\r\n)\r\n
< a7 BAD UTF8 data must be a literal8
> a8 CREATE "K\xc3\xb6ln"
< a8 OK CREATE completed
> a9 LIST "" "K*"
< * LIST (\HasNoChildren) "/" "K\xc3\xb6ln"
< a9 OK LIST completed
> b1 SELECT INBOX
< * 3 EXISTS
< * 3 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 4] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< b1 OK [READ-WRITE] SELECT completed
> b2 SEARCH SUBJECT "gr\xc3\xbc\xc3\x9f"
< * SEARCH 2 3
< b2 OK SEARCH completed
> b3 SEARCH CHARSET UTF-8 SUBJECT x
< b3 BAD CHARSET is not allowed after ENABLE UTF8=ACCEPT
> b4 LOGOUT
< * BYE Logging out
< b4 OK Logout completed
