# MODSEQ in SEARCH (RFC 7162 sections 3.1.5, 3.1.6) and in ESEARCH answers
# (RFC 4731 section 3.2): messages whose MODSEQ is at least the value; the
# answer carries the highest MODSEQ of what it returns; the entry name and
# type are accepted and ignored (one MODSEQ per message); a SEARCH with
# MODSEQ enables CONDSTORE.
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
> a3 APPEND INBOX {13+}
>> Subject: 1\r\n
>
< * 1 EXISTS
< * 1 RECENT
< a3 OK [APPENDUID {{N}} 1] APPEND completed
> a4 APPEND INBOX {13+}
>> Subject: 2\r\n
>
< * 2 EXISTS
< * 2 RECENT
< a4 OK [APPENDUID {{N}} 2] APPEND completed
> a5 APPEND INBOX {13+}
>> Subject: 3\r\n
>
< * 3 EXISTS
< * 3 RECENT
< a5 OK [APPENDUID {{N}} 3] APPEND completed
# Messages 1, 2, 3 got MODSEQ 2, 3, 4; the STORE gives message 1 MODSEQ 5.
> b1 STORE 1 +FLAGS.SILENT (\Draft)
< b1 OK STORE completed
> b2 SEARCH MODSEQ 4
< * SEARCH 1 3 (MODSEQ 5)
< b2 OK SEARCH completed
> b3 SEARCH MODSEQ "/flags/\\\\draft" all 5
< * SEARCH 1 (MODSEQ 5)
< b3 OK SEARCH completed
> b4 UID SEARCH MODSEQ 3 NOT DRAFT
< * SEARCH 2 3 (MODSEQ 4)
< b4 OK SEARCH completed
> b5 SEARCH OR NOT MODSEQ 720162338 LARGER 50000
< * SEARCH 1 2 3 (MODSEQ 5)
< b5 OK SEARCH completed
> b6 SEARCH MODSEQ 720162338
< * SEARCH
< b6 OK SEARCH completed
# ESEARCH: MIN or MAX alone give that message's MODSEQ, both the higher of
# theirs, ALL or COUNT the highest of all.
> c1 SEARCH RETURN (MIN) MODSEQ 3
< * ESEARCH (TAG "c1") MIN 1 MODSEQ 5
< c1 OK SEARCH completed
> c2 SEARCH RETURN (MAX) MODSEQ 3
< * ESEARCH (TAG "c2") MAX 3 MODSEQ 4
< c2 OK SEARCH completed
> c3 SEARCH RETURN (MIN MAX) MODSEQ 3 NOT 1
< * ESEARCH (TAG "c3") MIN 2 MAX 3 MODSEQ 4
< c3 OK SEARCH completed
> c4 SEARCH RETURN (COUNT) MODSEQ 0
< * ESEARCH (TAG "c4") COUNT 3 MODSEQ 5
< c4 OK SEARCH completed
> c5 SEARCH RETURN (COUNT) MODSEQ 99
< * ESEARCH (TAG "c5") COUNT 0
< c5 OK SEARCH completed
# CONDSTORE is now on: a STORE answers with MODSEQ.
> d1 STORE 2 +FLAGS (\Seen)
< * 2 FETCH (FLAGS (\Recent \Seen) MODSEQ (6))
< d1 OK STORE completed
> d2 LOGOUT
< * BYE Logging out
< d2 OK Logout completed
