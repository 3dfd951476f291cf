# "$" (RFC 5182, RFC 9051 section 6.4.4.1) in STORE, UID STORE, COPY, UID
# COPY, MOVE, UID MOVE and FETCH; expunged messages leave it; a
# sequence-number SEARCH never sends EXPUNGE (RFC 9051 section 7.5.1) while
# UID SEARCH may. Five messages: 1 \Seen, 2 -, 3 \Flagged, 4 \Seen \Flagged, 5 -.
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
> a3 APPEND INBOX (\Seen) {30+}
>> Subject: message 1\r\n\r\nbody 1\r\n
>
< * 1 EXISTS
< * 1 RECENT
< a3 OK [APPENDUID {{N}} 1] APPEND completed
> a4 APPEND INBOX () {30+}
>> Subject: message 2\r\n\r\nbody 2\r\n
>
< * 2 EXISTS
< * 2 RECENT
< a4 OK [APPENDUID {{N}} 2] APPEND completed
> a5 APPEND INBOX (\Flagged) {30+}
>> Subject: message 3\r\n\r\nbody 3\r\n
>
< * 3 EXISTS
< * 3 RECENT
< a5 OK [APPENDUID {{N}} 3] APPEND completed
> a6 APPEND INBOX (\Seen \Flagged) {30+}
>> Subject: message 4\r\n\r\nbody 4\r\n
>
< * 4 EXISTS
< * 4 RECENT
< a6 OK [APPENDUID {{N}} 4] APPEND completed
> a7 APPEND INBOX () {30+}
>> Subject: message 5\r\n\r\nbody 5\r\n
>
< * 5 EXISTS
< * 5 RECENT
< a7 OK [APPENDUID {{N}} 5] APPEND completed
> c1 CREATE Other
< c1 OK CREATE completed
> s1 SEARCH RETURN (SAVE) FLAGGED
< s1 OK SEARCH completed, result saved
> s2 STORE $ +FLAGS (\Deleted)
< * 3 FETCH (FLAGS (\Recent \Flagged \Deleted))
< * 4 FETCH (FLAGS (\Recent \Flagged \Deleted \Seen))
< s2 OK STORE completed
> s3 UID STORE $ -FLAGS.SILENT (\Deleted)
< s3 OK STORE completed
> s4 COPY $ Other
< s4 OK [COPYUID {{N:ouv}} 3:4 1:2] COPY completed
> s5 UID COPY $ Other
< s5 OK [COPYUID {{=ouv}} 3:4 3:4] COPY completed
> s6 MOVE $ Other
< * OK [COPYUID {{=ouv}} 3:4 5:6] Moved UIDs.
< * 4 EXPUNGE
< * 3 EXPUNGE
< s6 OK MOVE completed
> s7 SEARCH $
< * SEARCH
< s7 OK SEARCH completed
> s8 UID SEARCH RETURN (SAVE ALL) ALL
< * ESEARCH (TAG "s8") UID ALL 1:2,5
< s8 OK SEARCH completed, result saved
> s9 UID MOVE $ Other
< * OK [COPYUID {{=ouv}} 1:2,5 7:9] Moved UIDs.
< * 3 EXPUNGE
< * 2 EXPUNGE
< * 1 EXPUNGE
< s9 OK MOVE completed
> s10 FETCH $ (UID)
< s10 OK FETCH completed
# Another session expunges a saved message; until this one is told, the
# sequence-number SEARCH keeps numbers and sends no EXPUNGE, and the
# expunged message matches nothing.
> t1 APPEND INBOX {13+}
>> Subject: 6\r\n
>
< * 1 EXISTS
< * 1 RECENT
< t1 OK [APPENDUID {{N:uv}} 6] APPEND completed
> t2 APPEND INBOX {13+}
>> Subject: 7\r\n
>
< * 2 EXISTS
< * 2 RECENT
< t2 OK [APPENDUID {{=uv}} 7] APPEND completed
> t3 APPEND INBOX {13+}
>> Subject: 8\r\n
>
< * 3 EXISTS
< * 3 RECENT
< t3 OK [APPENDUID {{=uv}} 8] APPEND completed
> t4 SEARCH RETURN (SAVE) 2:3
< t4 OK SEARCH completed, result saved
@conn B
< * OK {{*}} ready.
> u1 LOGIN alice secret
< u1 OK {{*}}
> u2 SELECT INBOX
< * 3 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 9] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< u2 OK [READ-WRITE] SELECT completed
> u3 UID STORE 7 +FLAGS.SILENT (\Deleted)
< u3 OK STORE completed
> u4 EXPUNGE
< * 2 EXPUNGE
< u4 OK EXPUNGE completed
@use A
> t5 SEARCH $
< * SEARCH 3
< t5 OK SEARCH completed
> t6 FETCH $ (UID)
< * 2 FETCH (UID 7)
< * 3 FETCH (UID 8)
< t6 OK FETCH completed
> t7 UID SEARCH $
< * SEARCH 8
< * 2 EXPUNGE
< t7 OK SEARCH completed
> t8 SEARCH $
< * SEARCH 2
< t8 OK SEARCH completed
> t9 LOGOUT
< * BYE Logging out
< t9 OK Logout completed
