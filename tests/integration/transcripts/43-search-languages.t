# SEARCH in several languages and charsets (RFC 9051 section 6.4.4: bodies
# after transfer decoding and conversion to UTF-8, headers after RFC 2047
# decoding; i;unicode-casemap, RFC 5051): German umlauts and sharp s
# (ISO-8859-1 quoted-printable), Russian (KOI8-R 8bit), Chinese (GB2312
# base64), Japanese (ISO-2022-JP), emoji (UTF-8 base64); search strings in
# UTF-8 and in the messages' own charsets.
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
# German
> a3 APPEND INBOX {172+}
>> Subject: =?ISO-8859-1?Q?=DCbergr=F6=DFe?=\r\nContent-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nDie M=FCller-Stra=DFe ist sch=F6n.\r\n
>
< * 1 EXISTS
< * 1 RECENT
< a3 OK [APPENDUID {{N}} 1] APPEND completed
# Russian
> a4 APPEND INBOX {147+}
>> Subject: =?UTF-8?B?0J7RgtC/0YPRgdC6?=\r\nContent-Type: text/plain; charset=KOI8-R\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\xf0\xd2\xc9\xd7\xc5\xd4, \xcd\xc9\xd2! \xf0\xcf\xc5\xc4\xc5\xcd \xd7 \xcf\xd4\xd0\xd5\xd3\xcb.\r\n
>
< * 2 EXISTS
< * 2 RECENT
< a4 OK [APPENDUID {{N}} 2] APPEND completed
# Chinese
> a5 APPEND INBOX {141+}
>> Subject: =?GB2312?B?1tDOxMnovMY=?=\r\nContent-Type: text/plain; charset=GB2312\r\nContent-Transfer-Encoding: base64\r\n\r\nztLDx7XEy9HL98rHzcbLzQ==\r\n
>
< * 3 EXISTS
< * 3 RECENT
< a5 OK [APPENDUID {{N}} 3] APPEND completed
# Japanese
> a6 APPEND INBOX {149+}
>> Subject: =?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?=\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\nContent-Transfer-Encoding: 7bit\r\n\r\n\x1b$B$3$s$K$A$O@$3&\x1b(B\r\n
>
< * 4 EXISTS
< * 4 RECENT
< a6 OK [APPENDUID {{N}} 4] APPEND completed
# Emoji
> a7 APPEND INBOX {149+}
>> Subject: =?UTF-8?Q?Party_=F0=9F=8E=89?=\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n8J+OgiDwn42wIGNha2UgdGltZQ==\r\n
>
< * 5 EXISTS
< * 5 RECENT
< a7 OK [APPENDUID {{N}} 5] APPEND completed
# German: decoded quoted-printable ISO-8859-1, any case.
> b1 SEARCH CHARSET UTF-8 BODY {15+}
>> m\xc3\xbcller-stra\xc3\x9fe
>
< * SEARCH 1
< b1 OK SEARCH completed
# RFC 5051 maps each character to its simple titlecase: "ß" stays "ß",
# so "GRÖSSE" does not match "größe" (the RFC's comparator, as Dovecot's).
> b2 SEARCH CHARSET UTF-8 SUBJECT {12+}
>> \xc3\x9cBERGR\xc3\x96SSE
>
< * SEARCH
< b2 OK SEARCH completed
> b3 SEARCH CHARSET UTF-8 SUBJECT {12+}
>> \xc3\xbcbergr\xc3\xb6\xc3\x9fe
>
< * SEARCH 1
< b3 OK SEARCH completed
# Russian: 8-bit KOI8-R body; a search string sent in KOI8-R.
> b4 SEARCH CHARSET UTF-8 BODY {12+}
>> \xd0\x9f\xd0\xa0\xd0\x98\xd0\x92\xd0\x95\xd0\xa2
>
< * SEARCH 2
< b4 OK SEARCH completed
> b5 SEARCH CHARSET KOI8-R TEXT {6+}
>> \xcf\xd4\xd0\xd5\xd3\xcb
>
< * SEARCH 2
< b5 OK SEARCH completed
# Chinese: GB2312, base64; two characters (fewer than a trigram: the scan).
> b6 SEARCH CHARSET UTF-8 BODY {6+}
>> \xe6\x90\x9c\xe7\xb4\xa2
>
< * SEARCH 3
< b6 OK SEARCH completed
> b7 SEARCH CHARSET UTF-8 SUBJECT {6+}
>> \xe4\xb8\xad\xe6\x96\x87
>
< * SEARCH 3
< b7 OK SEARCH completed
# Japanese: ISO-2022-JP body and subject; a search string in ISO-2022-JP.
> b8 SEARCH CHARSET UTF-8 BODY {15+}
>> \xe3\x81\x93\xe3\x82\x93\xe3\x81\xab\xe3\x81\xa1\xe3\x81\xaf
>
< * SEARCH 4
< b8 OK SEARCH completed
> b9 SEARCH CHARSET ISO-2022-JP SUBJECT {12+}
>> \x1b$BF|K\\8l\x1b(B
>
< * SEARCH 4
< b9 OK SEARCH completed
# Emoji.
> b10 SEARCH CHARSET UTF-8 BODY {9+}
>> \xf0\x9f\x8d\xb0 CAKE
>
< * SEARCH 5
< b10 OK SEARCH completed
> b11 SEARCH CHARSET UTF-8 TEXT {4+}
>> \xf0\x9f\x8e\x89
>
< * SEARCH 5
< b11 OK SEARCH completed
# Strings in other charsets ICU knows.
> b12 SEARCH CHARSET GB2312 BODY {4+}
>> \xcd\xc6\xcb\xcd
>
< * SEARCH 3
< b12 OK SEARCH completed
> b13 SEARCH CHARSET ISO-8859-1 BODY {5+}
>> sch\xf6n
>
< * SEARCH 1
< b13 OK SEARCH completed
# No CHARSET: UTF-8.
> b14 SEARCH BODY {6+}
>> \xd0\xbc\xd0\xb8\xd1\x80
>
< * SEARCH 2
< b14 OK SEARCH completed
> z1 LOGOUT
< * BYE Logging out
< z1 OK Logout completed
