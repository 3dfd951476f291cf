# APPEND (RFC 9051 section 6.3.12) with flags, keywords and an internal
# date; MULTIAPPEND (RFC 3502), all or nothing; APPENDUID (RFC 4315); a
# missing mailbox is NO [TRYCREATE]; bare LF becomes CRLF at ingest, as
# FETCH BODY.PEEK[] and RFC822.SIZE show.
@user alice secret
@conn A
< * OK {{*}} Cairn ready.
> a LOGIN alice secret
< a OK [CAPABILITY {{*}} UIDPLUS {{*}} MULTIAPPEND {{*}}] Logged in
# The RFC 9051 example (its message is 321 bytes with CRLF, not the 326
# printed there), with a synchronizing literal. The mailbox is
# looked up once the message is there (the "+" depends only on its size).
> A003 APPEND saved-messages (\Seen) {6}
< + Ready for literal data
> hello.
< A003 NO [TRYCREATE] Mailbox doesn't exist
> c1 CREATE saved-messages
< c1 OK CREATE completed
> A004 APPEND saved-messages (\Seen) {321}
< + Ready for literal data
> Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)
> From: Fred Foobar <foobar@Blurdybloop.example>
> Subject: afternoon meeting
> To: mooch@owatagusiam.example
> Message-Id: <B27397-0100000@Blurdybloop.example>
> MIME-Version: 1.0
> Content-Type: TEXT/PLAIN; CHARSET=US-ASCII
>
> Hello Joe, do you think we can meet at 3:30 tomorrow?
>
< A004 OK [APPENDUID {{N:uv}} 1] APPEND completed
# Flags, keywords and a date; system flags in any case.
> p1 APPEND saved-messages (\flagged $Forwarded Work) " 7-Feb-1994 21:52:25 -0800" {4+}
> one.
< p1 OK [APPENDUID {{=uv}} 2] APPEND completed
> p2 APPEND saved-messages "01-Jan-2030 00:00:00 +0530" {4+}
> two.
< p2 OK [APPENDUID {{=uv}} 3] APPEND completed
# MULTIAPPEND: several messages, each with its own flags and date; one
# APPENDUID with their UIDs.
> p3 APPEND saved-messages (\Draft) {5+}
> three (\Answered \Seen) "31-Dec-1999 23:59:59 +0000" {4+}
> four {4+}
> five
< p3 OK [APPENDUID {{=uv}} 4:6] APPEND completed
# All or nothing: an empty message in the set fails the whole command.
> p4 APPEND saved-messages {3+}
> abc {0+}
>
< p4 NO [CANNOT] Can't save a zero byte message
# Bare LF becomes CRLF (DESIGN.md); a lone CR is no line end in MIME and
# stays, as Dovecot keeps it (sizes and line counts agree with it); a
# message that is already CRLF is kept as it is. "Subject: lf\n\nline 1\nline 2\n" is 27 bytes, 31 stored.
> p5 APPEND saved-messages {27+}
>> Subject: lf\n\nline 1\nline 2\n\r\n
< p5 OK [APPENDUID {{=uv}} 7] APPEND completed
> p6 APPEND saved-messages {10+}
>> a\r\nb\nc\rd\r\n\r\n
< p6 OK [APPENDUID {{=uv}} 8] APPEND completed
> s1 STATUS saved-messages (MESSAGES UIDNEXT UNSEEN SIZE)
< * STATUS saved-messages (MESSAGES 8 UIDNEXT 9 UNSEEN 6 SIZE 384)
< s1 OK STATUS completed
> e1 EXAMINE saved-messages
< * 8 EXISTS
< * 8 RECENT
< * OK [UNSEEN 2] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 9] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Forwarded Work)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< e1 OK [READ-ONLY] EXAMINE completed
> f1 FETCH 1:6 (UID FLAGS INTERNALDATE RFC822.SIZE)
< * 1 FETCH (UID 1 FLAGS (\Recent \Seen) INTERNALDATE "{{*}}" RFC822.SIZE 321)
< * 2 FETCH (UID 2 FLAGS (\Recent \Flagged $Forwarded Work) INTERNALDATE "07-Feb-1994 21:52:25 -0800" RFC822.SIZE 4)
< * 3 FETCH (UID 3 FLAGS (\Recent) INTERNALDATE "01-Jan-2030 00:00:00 +0530" RFC822.SIZE 4)
< * 4 FETCH (UID 4 FLAGS (\Recent \Draft) INTERNALDATE "{{*}}" RFC822.SIZE 5)
< * 5 FETCH (UID 5 FLAGS (\Recent \Answered \Seen) INTERNALDATE "31-Dec-1999 23:59:59 +0000" RFC822.SIZE 4)
< * 6 FETCH (UID 6 FLAGS (\Recent) INTERNALDATE "{{*}}" RFC822.SIZE 4)
< f1 OK FETCH completed
> f2 FETCH 7:8 (RFC822.SIZE BODY.PEEK[])
< * 7 FETCH (RFC822.SIZE 31 BODY[] {31}\r\nSubject: lf\r\n\r\nline 1\r\nline 2\r\n)
< * 8 FETCH (RFC822.SIZE 11 BODY[] {11}\r\na\r\nb\r\nc\rd\r\n)
< f2 OK FETCH completed
> f3 FETCH 1 BODY.PEEK[]
< * 1 FETCH (BODY[] {321}\r\nDate: Mon, 7 Feb 1994 21:52:25 -0800 (PST)\r\nFrom: Fred Foobar <foobar@Blurdybloop.example>\r\nSubject: afternoon meeting\r\nTo: mooch@owatagusiam.example\r\nMessage-Id: <B27397-0100000@Blurdybloop.example>\r\nMIME-Version: 1.0\r\nContent-Type: TEXT/PLAIN; CHARSET=US-ASCII\r\n\r\nHello Joe, do you think we can meet at 3:30 tomorrow?\r\n)
< f3 OK FETCH completed
# APPEND to the selected mailbox shows EXISTS before its OK.
> s2 SELECT INBOX
< * OK [CLOSED] Previous mailbox closed
< * 0 EXISTS
< * 0 RECENT
< * OK [UIDVALIDITY {{N:inbox}}] UIDs valid
< * OK [UIDNEXT 1] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< s2 OK [READ-WRITE] SELECT completed
> p7 APPEND INBOX (NewKeyword) {5+}
> hello
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft NewKeyword)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft NewKeyword \*)] Flags permitted
< * 1 EXISTS
< * 1 RECENT
< p7 OK [APPENDUID {{=inbox}} 1] APPEND completed
# Errors: bad dates (RFC 9051 date-time), flags, missing literal.
> b1 APPEND INBOX "32-Nov-2020 14:03:07 +0100" {1+}
> x
< b1 BAD Invalid date-time
> b2 APPEND INBOX "5-Nov-2020 14:03:07 +0100" {1+}
> x
< b2 BAD Invalid date-time
> b3 APPEND INBOX "29-Feb-2021 14:03:07 +0100" {1+}
> x
< b3 BAD Invalid date-time
> b4 NOOP
< b4 OK NOOP completed
> b5 APPEND INBOX "05-Nov-2020 14:03:07" {1+}
> x
< b5 BAD Invalid date-time
> b6 APPEND INBOX (\Recent) {1+}
> x
< b6 BAD Invalid system flag \Recent
> b7 APPEND INBOX (\*) {1+}
> x
< b7 BAD Expected an atom
> b8 NOOP
< b8 OK NOOP completed
> b9 APPEND INBOX x
< b9 BAD Expected the message as a literal
> b10 APPEND INBOX
< b10 BAD Missing arguments
> b11 APPEND INBOX {1+}
> x extra
< b11 BAD Expected the message as a literal
> b12 NOOP
< b12 OK NOOP completed
# None of the refused messages was stored.
> s3 STATUS INBOX (MESSAGES)
< * STATUS INBOX (MESSAGES 1)
< s3 OK STATUS completed
> s4 STATUS saved-messages (MESSAGES)
< * STATUS saved-messages (MESSAGES 8)
< s4 OK STATUS completed
