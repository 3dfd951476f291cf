# SORT and UID SORT (RFC 5256) with every key, SORT=DISPLAY (RFC 5957),
# several criteria, REVERSE, search criteria and RFC 5256's own examples.
# Five messages (UID = sequence number + 1: a first message is expunged):
#  seq  From                 To                  Cc         Subject              Date (UTC)          arrival  size
#  1    Alice Zoe <zoe@z>    bob@b               carl@c     Re: apple            01-Jan 10:00        05-Jan   400
#  2    adam@a.org           Aaron Yves <yves@y> -          banana               01-Jan 04:00 (-0800) 03-Jan  200
#  3    =?utf-8?q?Émile?=    alice@a             bea@b      [list] Apple         none: 01-Jan 12:00  01-Jan   500
#  4    mark@m               zed@z               ann@a      Fwd: cherry (fwd)    01-Jan 23:00 (+0100) 04-Jan  300
#  5    -                    -                   -          -                    01-Jan 10:00        02-Jan   100
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
< a2 OK {{*}}
> a3 APPEND INBOX (\Deleted) {20+}
>> Subject: gone\r\n\r\nx\r\n
>
< * 1 EXISTS
< * 1 RECENT
< a3 OK [APPENDUID {{N}} {{N}}] APPEND completed
> a4 EXPUNGE
< * 1 EXPUNGE
< a4 OK {{*}}
> b1 APPEND INBOX () "05-Jan-2024 10:00:00 +0000" {400+}
>> From: Alice Zoe <zoe@z.org>\r\nTo: bob@b.org\r\nCc: carl@c.org\r\nSubject: Re: apple\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\n\r\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n
>
< * 1 EXISTS
< * 1 RECENT
< b1 OK [APPENDUID {{N}} {{N}}] APPEND completed
> b2 APPEND INBOX () "03-Jan-2024 10:00:00 +0000" {200+}
>> From: adam@a.org\r\nTo: Aaron Yves <yves@y.org>\r\nSubject: banana\r\nDate: Sun, 31 Dec 2023 20:00:00 -0800\r\n\r\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n
>
< * 2 EXISTS
< * 2 RECENT
< b2 OK [APPENDUID {{N}} {{N}}] APPEND completed
> b3 APPEND INBOX () "01-Jan-2024 12:00:00 +0000" {500+}
>> From: =?utf-8?q?=C3=89mile?= <emile@e.org>\r\nTo: alice@a.org\r\nCc: bea@b.org\r\nSubject: [list] Apple\r\n\r\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n
>
< * 3 EXISTS
< * 3 RECENT
< b3 OK [APPENDUID {{N}} {{N}}] APPEND completed
> b4 APPEND INBOX () "04-Jan-2024 10:00:00 +0000" {300+}
>> From: mark@m.org\r\nTo: zed@z.org\r\nCc: ann@a.org\r\nSubject: Fwd: cherry (fwd)\r\nDate: Tue, 2 Jan 2024 00:00:00 +0100\r\n\r\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n
>
< * 4 EXISTS
< * 4 RECENT
< b4 OK [APPENDUID {{N}} {{N}}] APPEND completed
> b5 APPEND INBOX () "02-Jan-2024 10:00:00 +0000" {100+}
>> Date: Mon, 1 Jan 2024 10:00:00 +0000\r\n\r\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n
>
< * 5 EXISTS
< * 5 RECENT
< b5 OK [APPENDUID {{N}} {{N}}] APPEND completed
# Every key alone (RFC 5256 section 3; RFC 5957 section 4).
> s1 SORT (ARRIVAL) UTF-8 ALL
< * SORT 3 5 2 4 1
< s1 OK SORT completed
# Sent date in UTC (section 2.2); 3 has no Date: and sorts by its arrival;
# 1 and 5 tie and keep mailbox order.
> s2 SORT (DATE) UTF-8 ALL
< * SORT 2 1 5 3 4
< s2 OK SORT completed
> s3 SORT (SIZE) UTF-8 ALL
< * SORT 5 2 4 1 3
< s3 OK SORT completed
# Base subjects: "" (no Subject:), "apple" twice (Re:, [list], case), "banana", "cherry".
> s4 SORT (SUBJECT) UTF-8 ALL
< * SORT 5 1 3 2 4
< s4 OK SORT completed
# addr-mailbox of the first address; a missing field is the empty string.
> s5 SORT (FROM) UTF-8 ALL
< * SORT 5 2 3 4 1
< s5 OK SORT completed
> s6 SORT (TO) UTF-8 ALL
< * SORT 5 3 1 2 4
< s6 OK SORT completed
> s7 SORT (CC) UTF-8 ALL
< * SORT 2 5 4 3 1
< s7 OK SORT completed
# The display name (RFC 2047 decoded) when there is one, else mailbox@host.
> s8 SORT (DISPLAYFROM) UTF-8 ALL
< * SORT 5 2 1 3 4
< s8 OK SORT completed
> s9 SORT (DISPLAYTO) UTF-8 ALL
< * SORT 5 2 3 1 4
< s9 OK SORT completed
# REVERSE reverses one criterion, not the implicit mailbox order of ties.
> s10 SORT (REVERSE DATE) UTF-8 ALL
< * SORT 4 3 1 5 2
< s10 OK SORT completed
> s11 SORT (REVERSE SUBJECT) UTF-8 ALL
< * SORT 4 2 1 3 5
< s11 OK SORT completed
> s12 sort (reverse size) utf-8 all
< * SORT 3 1 4 2 5
< s12 OK SORT completed
# Several criteria in priority order (RFC 5256's A283 shape).
> s13 SORT (SUBJECT REVERSE DATE) UTF-8 ALL
< * SORT 5 3 1 2 4
< s13 OK SORT completed
> s14 SORT (REVERSE ARRIVAL SIZE FROM TO CC DATE SUBJECT) US-ASCII ALL
< * SORT 1 4 2 5 3
< s14 OK SORT completed
# UID SORT answers UIDs; its search keys still use sequence numbers, as
# UID SEARCH does.
> u1 UID SORT (ARRIVAL) UTF-8 ALL
< * SORT 4 6 3 5 2
< u1 OK SORT completed
> u2 UID SORT (DATE) UTF-8 2:4
< * SORT 3 4 5
< u2 OK SORT completed
> u3 SORT (DATE) UTF-8 UID 3:5
< * SORT 2 3 4
< u3 OK SORT completed
# Search criteria choose the messages.
> c1 SORT (ARRIVAL) US-ASCII NOT FROM "adam"
< * SORT 3 5 4 1
< c1 OK SORT completed
> c2 SORT (SUBJECT) "UTF-8" OR SMALLER 250 LARGER 450
< * SORT 5 3 2
< c2 OK SORT completed
# RFC 5256's A284: nothing matches.
> c3 SORT (SUBJECT) US-ASCII TEXT "not in mailbox"
< * SORT
< c3 OK SORT completed
# A charset ICU knows converts the search strings (É in ISO-8859-1).
> c4 SORT (DATE) ISO-8859-1 FROM {5+}
>> \xc9mile\r\n
< * SORT 3
< c4 OK SORT completed
# A MODSEQ key: the highest MODSEQ of the result (RFC 7162 section 3.1.6).
> m1 SORT (REVERSE DATE) UTF-8 MODSEQ 1
< * SORT 4 3 1 5 2 (MODSEQ {{N}})
< m1 OK SORT completed
> z LOGOUT
< * BYE {{*}}
< z OK {{*}}
