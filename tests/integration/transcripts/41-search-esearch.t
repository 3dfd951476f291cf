# ESEARCH (RFC 4731, RFC 9051 section 7.3.4): RETURN (MIN MAX ALL COUNT),
# and SEARCHRES (RFC 5182, RFC 9051 section 6.4.4.1): RETURN (SAVE) and "$"
# in later commands. Five messages: 1 \Seen, 2 -, 3 \Flagged,
# 4 \Seen \Flagged, 5 -.
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
# RETURN () is ALL; ALL is a sequence set, and every number in it matched.
> e1 SEARCH RETURN () FLAGGED
< * ESEARCH (TAG "e1") ALL 3:4
< e1 OK SEARCH completed
> e2 SEARCH RETURN (MIN COUNT) UNSEEN
< * ESEARCH (TAG "e2") MIN 2 COUNT 3
< e2 OK SEARCH completed
> e3 SEARCH RETURN (MAX) UNSEEN
< * ESEARCH (TAG "e3") MAX 5
< e3 OK SEARCH completed
> e4 SEARCH RETURN (min max all count) UNSEEN
< * ESEARCH (TAG "e4") MIN 2 MAX 5 ALL 2:3,5 COUNT 3
< e4 OK SEARCH completed
> e5 UID SEARCH RETURN (MIN MAX) 1:5000
< * ESEARCH (TAG "e5") UID MIN 1 MAX 5
< e5 OK SEARCH completed
# No match: COUNT is always there, MIN MAX ALL never.
> e6 SEARCH RETURN (COUNT) DELETED
< * ESEARCH (TAG "e6") COUNT 0
< e6 OK SEARCH completed
> e7 SEARCH RETURN (MIN MAX ALL) TEXT "string not in mailbox"
< * ESEARCH (TAG "e7")
< e7 OK SEARCH completed
> e8 UID SEARCH RETURN (ALL) ALL
< * ESEARCH (TAG "e8") UID ALL 1:5
< e8 OK SEARCH completed
# Unknown RETURN options are BAD. PARTIAL is known (RFC 5267, RFC 9394:
# 62-esort-context.t).
> e9 SEARCH RETURN (FASTEST) ALL
< e9 BAD Unknown RETURN option FASTEST
> e9b SEARCH RETURN (PARTIAL 1:10) ALL
< * ESEARCH (TAG "e9b") PARTIAL (1:10 1:5)
< e9b OK SEARCH completed
# SAVE alone: no untagged answer; "$" in FETCH, UID FETCH, SEARCH.
> s1 SEARCH RETURN (SAVE) FLAGGED
< s1 OK SEARCH completed, result saved
> s2 FETCH $ (FLAGS)
< * 3 FETCH (FLAGS (\Recent \Flagged))
< * 4 FETCH (FLAGS (\Recent \Flagged \Seen))
< s2 OK FETCH completed
> s3 UID FETCH $ (FLAGS)
< * 3 FETCH (FLAGS (\Recent \Flagged) UID 3)
< * 4 FETCH (FLAGS (\Recent \Flagged \Seen) UID 4)
< s3 OK FETCH completed
> s4 SEARCH $
< * SEARCH 3 4
< s4 OK SEARCH completed
> s5 UID SEARCH UID $ SEEN
< * SEARCH 4
< s5 OK SEARCH completed
> s6 SEARCH OR $ 1
< * SEARCH 1 3 4
< s6 OK SEARCH completed
# A successful SEARCH without SAVE leaves "$" alone.
> s7 SEARCH RETURN (ALL) UNSEEN
< * ESEARCH (TAG "s7") ALL 2:3,5
< s7 OK SEARCH completed
> s8 SEARCH $
< * SEARCH 3 4
< s8 OK SEARCH completed
# A BAD SEARCH leaves it alone too.
> s9 SEARCH RETURN (SAVE) NOSUCHKEY
< s9 BAD Unknown search key NOSUCHKEY
> s10 SEARCH $
< * SEARCH 3 4
< s10 OK SEARCH completed
# SAVE with MIN and/or MAX (and neither ALL nor COUNT) saves only those.
> s11 SEARCH RETURN (SAVE MIN) UNSEEN
< * ESEARCH (TAG "s11") MIN 2
< s11 OK SEARCH completed, result saved
> s12 SEARCH $
< * SEARCH 2
< s12 OK SEARCH completed
> s13 SEARCH RETURN (SAVE MIN MAX) UNSEEN
< * ESEARCH (TAG "s13") MIN 2 MAX 5
< s13 OK SEARCH completed, result saved
> s14 SEARCH $
< * SEARCH 2 5
< s14 OK SEARCH completed
> s15 SEARCH RETURN (SAVE MIN COUNT) UNSEEN
< * ESEARCH (TAG "s15") MIN 2 COUNT 3
< s15 OK SEARCH completed, result saved
> s16 UID SEARCH RETURN (ALL) $
< * ESEARCH (TAG "s16") UID ALL 2:3,5
< s16 OK SEARCH completed
# A NO with SAVE empties "$" (RFC 9051 section 6.4.4.1, example 5); an
# empty "$" is valid and names nothing.
> s17 SEARCH RETURN (SAVE) CHARSET KOI8-Q (OR $ 1,3000:3021) TEXT {4+}
>> XXXX
>
< s17 NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset KOI8-Q
> s18 SEARCH $
< * SEARCH
< s18 OK SEARCH completed
> s19 FETCH $ (FLAGS)
< s19 OK FETCH completed
# Pipelined: the SEARCH runs before the FETCH that uses its result.
>> s20 SEARCH RETURN (SAVE) SEEN\r\ns21 FETCH $ (UID)\r\n
< s20 OK SEARCH completed, result saved
< * 1 FETCH (UID 1)
< * 4 FETCH (UID 4)
< s21 OK FETCH completed
# Selecting again empties "$".
> s22 SELECT INBOX
< * OK [CLOSED] Previous mailbox closed
< * 5 EXISTS
< * 0 RECENT
< * OK [UNSEEN 2] First unseen
< * OK [UIDVALIDITY {{N}}] UIDs valid
< * OK [UIDNEXT 6] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< s22 OK [READ-WRITE] SELECT completed
> s23 SEARCH $
< * SEARCH
< s23 OK SEARCH completed
> s24 LOGOUT
< * BYE Logging out
< s24 OK Logout completed
