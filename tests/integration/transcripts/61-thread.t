# THREAD and UID THREAD (RFC 5256): ORDEREDSUBJECT and REFERENCES, with a
# missing parent (4, 5 answer <missing@t>), a References loop (6 and 7
# name each other), a duplicate Message-ID (8 repeats 1's), a message
# without Message-ID that joins its thread by subject (9), a quoted
# Message-ID (10 references <"quoted"@t>, 11 is <quoted@t>), and In-Reply-To
# without References (3).
#  seq  Message-ID   Refs / In-Reply-To    Subject        Date (1 Jan 2024)
#  1    <1@t>        -                     meeting        10:00
#  2    <2@t>        R: <1@t>              Re: meeting    11:00
#  3    <3@t>        I: <2@t>              Re: meeting    12:00
#  4    <4@t>        R: <missing@t>        lunch          09:00
#  5    <5@t>        R: <missing@t>        Re: lunch      13:00
#  6    <6@t>        R: <7@t>              loop a         14:00
#  7    <7@t>        R: <6@t>              loop b         15:00
#  8    <1@t>        -                     dup            08:00
#  9    -            -                     Re: meeting    16:00
#  10   <10@t>       R: <"quoted"@t>       other          17:00
#  11   <quoted@t>   -                     base           07:00
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
> b1 APPEND INBOX () {83+}
>> Message-ID: <1@t>\r\nSubject: meeting\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\n\r\nbody\r\n
>
< * 1 EXISTS
< * 1 RECENT
< b1 OK [APPENDUID {{N}} {{N}}] APPEND completed
> b2 APPEND INBOX () {106+}
>> Message-ID: <2@t>\r\nReferences: <1@t>\r\nSubject: Re: meeting\r\nDate: Mon, 1 Jan 2024 11:00:00 +0000\r\n\r\nbody\r\n
>
< * 2 EXISTS
< * 2 RECENT
< b2 OK [APPENDUID {{N}} {{N}}] APPEND completed
> b3 APPEND INBOX () {107+}
>> Message-ID: <3@t>\r\nIn-Reply-To: <2@t>\r\nSubject: Re: meeting\r\nDate: Mon, 1 Jan 2024 12:00:00 +0000\r\n\r\nbody\r\n
>
< * 3 EXISTS
< * 3 RECENT
< b3 OK [APPENDUID {{N}} {{N}}] APPEND completed
> b4 APPEND INBOX () {106+}
>> Message-ID: <4@t>\r\nReferences: <missing@t>\r\nSubject: lunch\r\nDate: Mon, 1 Jan 2024 09:00:00 +0000\r\n\r\nbody\r\n
>
< * 4 EXISTS
< * 4 RECENT
< b4 OK [APPENDUID {{N}} {{N}}] APPEND completed
> b5 APPEND INBOX () {110+}
>> Message-ID: <5@t>\r\nReferences: <missing@t>\r\nSubject: Re: lunch\r\nDate: Mon, 1 Jan 2024 13:00:00 +0000\r\n\r\nbody\r\n
>
< * 5 EXISTS
< * 5 RECENT
< b5 OK [APPENDUID {{N}} {{N}}] APPEND completed
> b6 APPEND INBOX () {101+}
>> Message-ID: <6@t>\r\nReferences: <7@t>\r\nSubject: loop a\r\nDate: Mon, 1 Jan 2024 14:00:00 +0000\r\n\r\nbody\r\n
>
< * 6 EXISTS
< * 6 RECENT
< b6 OK [APPENDUID {{N}} {{N}}] APPEND completed
> b7 APPEND INBOX () {101+}
>> Message-ID: <7@t>\r\nReferences: <6@t>\r\nSubject: loop b\r\nDate: Mon, 1 Jan 2024 15:00:00 +0000\r\n\r\nbody\r\n
>
< * 7 EXISTS
< * 7 RECENT
< b7 OK [APPENDUID {{N}} {{N}}] APPEND completed
> b8 APPEND INBOX () {79+}
>> Message-ID: <1@t>\r\nSubject: dup\r\nDate: Mon, 1 Jan 2024 08:00:00 +0000\r\n\r\nbody\r\n
>
< * 8 EXISTS
< * 8 RECENT
< b8 OK [APPENDUID {{N}} {{N}}] APPEND completed
> b9 APPEND INBOX () {68+}
>> Subject: Re: meeting\r\nDate: Mon, 1 Jan 2024 16:00:00 +0000\r\n\r\nbody\r\n
>
< * 9 EXISTS
< * 9 RECENT
< b9 OK [APPENDUID {{N}} {{N}}] APPEND completed
> b10 APPEND INBOX () {108+}
>> Message-ID: <10@t>\r\nReferences: <"quoted"@t>\r\nSubject: other\r\nDate: Mon, 1 Jan 2024 17:00:00 +0000\r\n\r\nbody\r\n
>
< * 10 EXISTS
< * 10 RECENT
< b10 OK [APPENDUID {{N}} {{N}}] APPEND completed
> b11 APPEND INBOX () {85+}
>> Message-ID: <quoted@t>\r\nSubject: base\r\nDate: Mon, 1 Jan 2024 07:00:00 +0000\r\n\r\nbody\r\n
>
< * 11 EXISTS
< * 11 RECENT
< b11 OK [APPENDUID {{N}} {{N}}] APPEND completed
# REFERENCES: 11 parents 10 (quotes normalised away); 8 has a thread of its
# own (its Message-ID was 1's); 4 and 5 are siblings under the missing
# parent (a dummy at the top, kept: two children); 9 joins 1 by subject as a
# reply (step 5); 7 is 6's parent (the link 6 -> 7 would close a loop).
# Threads by the sent date of their first message (the dummy's: 4's).
> t1 THREAD REFERENCES UTF-8 ALL
< * THREAD (11 10)(8)((4)(5))(1 (2 3)(9))(7 6)
< t1 OK THREAD completed
# ORDEREDSUBJECT: one thread per base subject, the rest children of the
# first; threads by their first message's sent date.
> t2 THREAD ORDEREDSUBJECT UTF-8 ALL
< * THREAD (11)(8)(4 5)(1 (2)(3)(9))(6)(7)(10)
< t2 OK THREAD completed
# Only the messages searched take part: without 1, 8 keeps <1@t>.
> t3 THREAD REFERENCES UTF-8 NOT SUBJECT "meeting"
< * THREAD (11 10)(8)((4)(5))(7 6)
< t3 OK THREAD completed
> t4 UID THREAD REFERENCES US-ASCII 2:5
< * THREAD ((4)(5))(2 3)
< t4 OK THREAD completed
# RFC 5256's A284: no match, no threads.
> t5 THREAD ORDEREDSUBJECT US-ASCII TEXT "gewp"
< * THREAD
< t5 OK THREAD completed
> t6 uid thread orderedsubject utf-8 SUBJECT "lunch"
< * THREAD (4 5)
< t6 OK THREAD completed
# Unknown algorithms and charsets.
> t7 THREAD X-JWZ UTF-8 ALL
< t7 BAD Unknown threading algorithm X-JWZ
> t8 THREAD REFERENCES X-NO-SUCH-CHARSET ALL
< t8 NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset X-NO-SUCH-CHARSET
> t9 THREAD REFERENCES ALL
< t9 BAD {{*}}
> z LOGOUT
< * BYE {{*}}
< z OK {{*}}
