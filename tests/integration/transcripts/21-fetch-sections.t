# FETCH BODY[section]<partial>: every section form of RFC 9051 section 6.4.5
# on one multipart message: 1 text/plain (quoted-printable), 2
# application/octet-stream (base64), 3 message/rfc822 holding a
# multipart/alternative (3.1 text/plain, 3.2 text/html), 4 text/plain in an
# unknown transfer encoding. BODY.PEEK throughout (\Seen: 22-fetch-seen.t).
@user alice secret
@conn A
< * OK [CAPABILITY {{*}}] Cairn ready.
> a1 LOGIN alice secret
< a1 OK [CAPABILITY {{*}}] Logged in
> a2 SELECT INBOX
< * 0 EXISTS
< * 0 RECENT
< * OK [UIDVALIDITY {{N}}] UIDs valid
< * OK [UIDNEXT 1] Predicted next UID
< * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)
< * OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted
< a2 OK [READ-WRITE] SELECT completed
> a3 APPEND INBOX "01-Jan-2024 10:00:00 +0000" {782+}
> From: Alice <alice@example.org>\r\nTo: Bob <bob@example.net>\r\nSubject: parts\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\nMessage-ID: <b@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="XX"\r\n\r\npreamble\r\n--XX\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\ncaf=C3=A9\r\n--XX\r\nContent-Type: application/octet-stream; name="z.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\nAGJpbgBkYXRh\r\n--XX\r\nContent-Type: message/rfc822\r\n\r\nFrom: Carol <carol@example.com>\r\nSubject: inner\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary="YY"\r\n\r\n--YY\r\nContent-Type: text/plain\r\n\r\ninner text\r\n--YY\r\nContent-Type: text/html\r\n\r\n<p>inner</p>\r\n--YY--\r\n--XX\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: x-unknown\r\n\r\nabc\r\n--XX--\r\n
< * 1 EXISTS
< * 1 RECENT
< a3 OK [APPENDUID {{N}} 1] APPEND completed
# The whole message, its header, its text.
> b1 FETCH 1 BODY.PEEK[]
< * 1 FETCH (BODY[] {782}\r\nFrom: Alice <alice@example.org>\r\nTo: Bob <bob@example.net>\r\nSubject: parts\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\nMessage-ID: <b@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="XX"\r\n\r\npreamble\r\n--XX\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\ncaf=C3=A9\r\n--XX\r\nContent-Type: application/octet-stream; name="z.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\nAGJpbgBkYXRh\r\n--XX\r\nContent-Type: message/rfc822\r\n\r\nFrom: Carol <carol@example.com>\r\nSubject: inner\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary="YY"\r\n\r\n--YY\r\nContent-Type: text/plain\r\n\r\ninner text\r\n--YY\r\nContent-Type: text/html\r\n\r\n<p>inner</p>\r\n--YY--\r\n--XX\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: x-unknown\r\n\r\nabc\r\n--XX--\r\n)
< b1 OK FETCH completed
> b2 FETCH 1 BODY.PEEK[HEADER]
< * 1 FETCH (BODY[HEADER] {210}\r\nFrom: Alice <alice@example.org>\r\nTo: Bob <bob@example.net>\r\nSubject: parts\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\nMessage-ID: <b@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="XX"\r\n\r\n)
< b2 OK FETCH completed
> b3 FETCH 1 BODY.PEEK[TEXT]
< * 1 FETCH (BODY[TEXT] {572}\r\npreamble\r\n--XX\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\ncaf=C3=A9\r\n--XX\r\nContent-Type: application/octet-stream; name="z.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\nAGJpbgBkYXRh\r\n--XX\r\nContent-Type: message/rfc822\r\n\r\nFrom: Carol <carol@example.com>\r\nSubject: inner\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary="YY"\r\n\r\n--YY\r\nContent-Type: text/plain\r\n\r\ninner text\r\n--YY\r\nContent-Type: text/html\r\n\r\n<p>inner</p>\r\n--YY--\r\n--XX\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: x-unknown\r\n\r\nabc\r\n--XX--\r\n)
< b3 OK FETCH completed
# HEADER.FIELDS: the listed fields in message order, then the blank line;
# field names are matched without regard to case and echoed upper-case, as
# Dovecot does (the RFC's examples are upper-case both ways).
> b4 FETCH 1 BODY.PEEK[HEADER.FIELDS (subject From X-Absent)]
< * 1 FETCH (BODY[HEADER.FIELDS (SUBJECT FROM X-ABSENT)] {51}\r\nFrom: Alice <alice@example.org>\r\nSubject: parts\r\n\r\n)
< b4 OK FETCH completed
> b5 FETCH 1 BODY.PEEK[HEADER.FIELDS.NOT (Date MESSAGE-ID "Content-Type" {12}
< + Ready for literal data
> mime-version)]
< * 1 FETCH (BODY[HEADER.FIELDS.NOT (DATE MESSAGE-ID CONTENT-TYPE MIME-VERSION)] {78}\r\nFrom: Alice <alice@example.org>\r\nTo: Bob <bob@example.net>\r\nSubject: parts\r\n\r\n)
< b5 OK FETCH completed
> b6 FETCH 1 BODY.PEEK[HEADER.FIELDS (X-Absent)]
< * 1 FETCH (BODY[HEADER.FIELDS (X-ABSENT)] {2}\r\n\r\n)
< b6 OK FETCH completed
# Numbered parts: the body of each part, and MIME: its header.
> c1 FETCH 1 (BODY.PEEK[1] BODY.PEEK[1.MIME])
< * 1 FETCH (BODY[1] {9}\r\ncaf=C3=A9 BODY[1.MIME] {88}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n)
< c1 OK FETCH completed
> c2 FETCH 1 (BODY.PEEK[2] BODY.PEEK[2.MIME])
< * 1 FETCH (BODY[2] {12}\r\nAGJpbgBkYXRh BODY[2.MIME] {91}\r\nContent-Type: application/octet-stream; name="z.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n)
< c2 OK FETCH completed
> c3 FETCH 1 (BODY.PEEK[4] BODY.PEEK[4.MIME])
< * 1 FETCH (BODY[4] {3}\r\nabc BODY[4.MIME] {66}\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: x-unknown\r\n\r\n)
< c3 OK FETCH completed
# A message/rfc822 part: its body is the whole embedded message; HEADER,
# TEXT and HEADER.FIELDS are the embedded message's; MIME is the part's own.
> c4 FETCH 1 BODY.PEEK[3]
< * 1 FETCH (BODY[3] {223}\r\nFrom: Carol <carol@example.com>\r\nSubject: inner\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary="YY"\r\n\r\n--YY\r\nContent-Type: text/plain\r\n\r\ninner text\r\n--YY\r\nContent-Type: text/html\r\n\r\n<p>inner</p>\r\n--YY--\r\n)
< c4 OK FETCH completed
> c5 FETCH 1 (BODY.PEEK[3.HEADER] BODY.PEEK[3.MIME])
< * 1 FETCH (BODY[3.HEADER] {122}\r\nFrom: Carol <carol@example.com>\r\nSubject: inner\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary="YY"\r\n\r\n BODY[3.MIME] {32}\r\nContent-Type: message/rfc822\r\n\r\n)
< c5 OK FETCH completed
> c6 FETCH 1 BODY.PEEK[3.TEXT]
< * 1 FETCH (BODY[3.TEXT] {101}\r\n--YY\r\nContent-Type: text/plain\r\n\r\ninner text\r\n--YY\r\nContent-Type: text/html\r\n\r\n<p>inner</p>\r\n--YY--\r\n)
< c6 OK FETCH completed
> c7 FETCH 1 (BODY.PEEK[3.HEADER.FIELDS (SUBJECT)] BODY.PEEK[3.HEADER.FIELDS.NOT (Subject From)])
< * 1 FETCH (BODY[3.HEADER.FIELDS (SUBJECT)] {18}\r\nSubject: inner\r\n\r\n BODY[3.HEADER.FIELDS.NOT (SUBJECT FROM)] {73}\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary="YY"\r\n\r\n)
< c7 OK FETCH completed
# Parts inside the embedded message.
> c8 FETCH 1 (BODY.PEEK[3.1] BODY.PEEK[3.2] BODY.PEEK[3.2.MIME])
< * 1 FETCH (BODY[3.1] {10}\r\ninner text BODY[3.2] {12}\r\n<p>inner</p> BODY[3.2.MIME] {27}\r\nContent-Type: text/html\r\n\r\n)
< c8 OK FETCH completed
# HEADER and TEXT name only a message/rfc822 part after a number (RFC 9051
# section 6.4.5): of any other part they are empty, as in Dovecot.
> d1 FETCH 1 (BODY.PEEK[1.HEADER] BODY.PEEK[1.TEXT] BODY.PEEK[3.1.HEADER] BODY.PEEK[2.HEADER.FIELDS (Content-Type)])
< * 1 FETCH (BODY[1.HEADER] "" BODY[1.TEXT] "" BODY[3.1.HEADER] "" BODY[2.HEADER.FIELDS (CONTENT-TYPE)] "")
< d1 OK FETCH completed
# A part that does not exist is an empty string (Dovecot answers the same).
> d2 FETCH 1 (BODY.PEEK[5] BODY.PEEK[3.3] BODY.PEEK[1.2] BODY.PEEK[5.MIME])
< * 1 FETCH (BODY[5] "" BODY[3.3] "" BODY[1.2] "" BODY[5.MIME] "")
< d2 OK FETCH completed
# 1 inside a part that is not multipart is that part (Dovecot's rule).
> d3 FETCH 1 (BODY.PEEK[1.1] BODY.PEEK[3.1.1])
< * 1 FETCH (BODY[1.1] {9}\r\ncaf=C3=A9 BODY[3.1.1] {10}\r\ninner text)
< d3 OK FETCH completed
# Partial <origin.length>: a substring, and the answer names the origin.
> e1 FETCH 1 BODY.PEEK[]<0.4>
< * 1 FETCH (BODY[]<0> {4}\r\nFrom)
< e1 OK FETCH completed
> e2 FETCH 1 BODY.PEEK[TEXT]<10.4>
< * 1 FETCH (BODY[TEXT]<10> {4}\r\n--XX)
< e2 OK FETCH completed
> e3 FETCH 1 BODY.PEEK[1]<3.100>
< * 1 FETCH (BODY[1]<3> {6}\r\n=C3=A9)
< e3 OK FETCH completed
> e4 FETCH 1 BODY.PEEK[HEADER.FIELDS (SUBJECT)]<2.5>
< * 1 FETCH (BODY[HEADER.FIELDS (SUBJECT)]<2> {5}\r\nbject)
< e4 OK FETCH completed
> e5 FETCH 1 BODY.PEEK[3.HEADER]<0.4>
< * 1 FETCH (BODY[3.HEADER]<0> {4}\r\nFrom)
< e5 OK FETCH completed
# An origin at or past the end gives an empty string.
> e6 FETCH 1 BODY.PEEK[1]<9.1>
< * 1 FETCH (BODY[1]<9> {0}\r\n)
< e6 OK FETCH completed
> e7 FETCH 1 BODY.PEEK[]<782.10>
< * 1 FETCH (BODY[]<782> {0}\r\n)
< e7 OK FETCH completed
> e8 FETCH 1 BODY.PEEK[]<100000.10>
< * 1 FETCH (BODY[]<100000> {0}\r\n)
< e8 OK FETCH completed
# RFC 9051 partial is number64: a length past 2^32 means "the rest".
> e9 FETCH 1 BODY.PEEK[4]<1.4294967296>
< * 1 FETCH (BODY[4]<1> {2}\r\nbc)
< e9 OK FETCH completed
> f1 FETCH 1 BODY.PEEK[TEXT]<4294967296.1>
< * 1 FETCH (BODY[TEXT]<4294967296> {0}\r\n)
< f1 OK FETCH completed
# Several sections in one FETCH, in the order asked.
> f2 FETCH 1 (BODY.PEEK[4] UID BODY.PEEK[1]<0.3> RFC822.SIZE)
< * 1 FETCH (BODY[4] {3}\r\nabc UID 1 BODY[1]<0> {3}\r\ncaf RFC822.SIZE 782)
< f2 OK FETCH completed
> z1 LOGOUT
< * BYE Logging out
< z1 OK Logout completed
