# BINARY (RFC 3516): BINARY[], BINARY.PEEK[], BINARY.SIZE[], decoded
# base64 and quoted-printable, a literal8 answer (~{n}) when the decoded
# data holds NUL and a string otherwise (section 4.2: SHOULD), NO
# [UNKNOWN-CTE], APPEND with literal8 data, partials of decoded data.
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
# APPEND with literal8: the message holds NUL bytes (a part in
# Content-Transfer-Encoding: binary). A synchronizing literal8 gets "+".
> a3 APPEND INBOX "01-Jan-2024 10:00:00 +0000" ~{413}
< + Ready for literal data
> From: Bin <bin@example.org>\r\nSubject: binary parts\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\na\x00b\x00c\xff\r\n--B\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nna=EFve=\r\n caf=E9\r\n--B\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--B--\r\n
< * 1 EXISTS
< * 1 RECENT
< a3 OK [APPENDUID {{N}} 1] APPEND completed
> a4 APPEND INBOX "01-Jan-2024 10:00:00 +0000" {782+}
> From: Alice <alice@example.org>\r\nTo: Bob <bob@example.net>\r\nSubject: parts\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\nMessage-ID: <b@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="XX"\r\n\r\npreamble\r\n--XX\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\ncaf=C3=A9\r\n--XX\r\nContent-Type: application/octet-stream; name="z.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\nAGJpbgBkYXRh\r\n--XX\r\nContent-Type: message/rfc822\r\n\r\nFrom: Carol <carol@example.com>\r\nSubject: inner\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary="YY"\r\n\r\n--YY\r\nContent-Type: text/plain\r\n\r\ninner text\r\n--YY\r\nContent-Type: text/html\r\n\r\n<p>inner</p>\r\n--YY--\r\n--XX\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: x-unknown\r\n\r\nabc\r\n--XX--\r\n
< * 2 EXISTS
< * 2 RECENT
< a4 OK [APPENDUID {{N}} 2] APPEND completed
> a5 FETCH 1 BODYSTRUCTURE
< * 1 FETCH (BODYSTRUCTURE (("application" "octet-stream" NIL NIL NIL "binary" 6 NIL NIL NIL NIL)("text" "plain" ("charset" "iso-8859-1") NIL NIL "quoted-printable" 17 1 NIL NIL NIL NIL)("image" "png" NIL NIL NIL "base64" 12 NIL NIL NIL NIL) "mixed" ("boundary" "B") NIL NIL NIL))
< a5 OK FETCH completed
# BINARY of the binary part gives the bytes as stored, NUL included: a literal8.
> b1 FETCH 1 BINARY.PEEK[1]
< * 1 FETCH (BINARY[1] ~{6}\r\na\x00b\x00c\xff)
< b1 OK FETCH completed
> b2 FETCH 1 BINARY.SIZE[1]
< * 1 FETCH (BINARY.SIZE[1] 6)
< b2 OK FETCH completed
# BODY of the same part cannot carry NUL in a literal: Cairn sends 0x80 for
# each NUL (as Dovecot does).
> b3 FETCH 1 BODY.PEEK[1]
< * 1 FETCH (BODY[1] {6}\r\na\x80b\x80c\xff)
< b3 OK FETCH completed
# Quoted-printable decoded (a soft line break, 8-bit result without NUL):
# a string, not a literal8.
> b4 FETCH 1 (BINARY.PEEK[2] BINARY.SIZE[2])
< * 1 FETCH (BINARY[2] {10}\r\nna\xefve caf\xe9 BINARY.SIZE[2] 10)
< b4 OK FETCH completed
# Base64 decoded.
> b5 FETCH 1 (BINARY.PEEK[3] BINARY.SIZE[3])
< * 1 FETCH (BINARY[3] {8}\r\n\x89PNG\r\n\x1a\n BINARY.SIZE[3] 8)
< b5 OK FETCH completed
> b6 FETCH 2 (BINARY.PEEK[2] BINARY.SIZE[2])
< * 2 FETCH (BINARY[2] ~{9}\r\n\x00bin\x00data BINARY.SIZE[2] 9)
< b6 OK FETCH completed
> b7 FETCH 2 (BINARY.PEEK[1] BINARY.SIZE[1])
< * 2 FETCH (BINARY[1] {5}\r\ncaf\xc3\xa9 BINARY.SIZE[1] 5)
< b7 OK FETCH completed
# BINARY of a message/rfc822 part and of parts inside it.
> b8 FETCH 2 (BINARY.SIZE[3] BINARY.PEEK[3.1] BINARY.SIZE[3.2])
< * 2 FETCH (BINARY.SIZE[3] 223 BINARY[3.1] {10}\r\ninner text BINARY.SIZE[3.2] 12)
< b8 OK FETCH completed
# BINARY[] is the whole message, as stored: here with NUL, so a literal8.
> b9 FETCH 1 BINARY.SIZE[]
< * 1 FETCH (BINARY.SIZE[] 413)
< b9 OK FETCH completed
> c1 FETCH 1 BINARY.PEEK[]
< * 1 FETCH (BINARY[] ~{413}\r\nFrom: Bin <bin@example.org>\r\nSubject: binary parts\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\na\x00b\x00c\xff\r\n--B\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nna=EFve=\r\n caf=E9\r\n--B\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--B--\r\n)
< c1 OK FETCH completed
# Partials count in decoded bytes; the origin past the end gives "".
> c2 FETCH 1 BINARY.PEEK[1]<1.3>
< * 1 FETCH (BINARY[1]<1> ~{3}\r\n\x00b\x00)
< c2 OK FETCH completed
> c3 FETCH 2 BINARY.PEEK[2]<4.4>
< * 2 FETCH (BINARY[2]<4> ~{4}\r\n\x00dat)
< c3 OK FETCH completed
> c4 FETCH 2 BINARY.PEEK[2]<20.3>
< * 2 FETCH (BINARY[2]<20> ~{0}\r\n)
< c4 OK FETCH completed
> c5 FETCH 2 BINARY.PEEK[1]<0.3>
< * 2 FETCH (BINARY[1]<0> {3}\r\ncaf)
< c5 OK FETCH completed
# A part that does not exist: an empty string, size 0.
> c6 FETCH 2 (BINARY.PEEK[9] BINARY.SIZE[9] BINARY.SIZE[3.3])
< * 2 FETCH (BINARY[9] "" BINARY.SIZE[9] 0 BINARY.SIZE[3.3] 0)
< c6 OK FETCH completed
# An encoding Cairn cannot decode fails the whole FETCH before anything is
# sent: NO [UNKNOWN-CTE] (section 4.2), for BINARY and BINARY.SIZE alike.
> d1 FETCH 2 BINARY.PEEK[4]
< d1 NO [UNKNOWN-CTE] Unknown Content-Transfer-Encoding
> d2 FETCH 2 BINARY.SIZE[4]
< d2 NO [UNKNOWN-CTE] Unknown Content-Transfer-Encoding
> d3 FETCH 2 (UID BINARY.PEEK[1] BINARY.PEEK[4])
< d3 NO [UNKNOWN-CTE] Unknown Content-Transfer-Encoding
> d4 FETCH 1:2 BINARY.SIZE[4]
< d4 NO [UNKNOWN-CTE] Unknown Content-Transfer-Encoding
# Its BODY is still there, as stored.
> d5 FETCH 2 BODY.PEEK[4]
< * 2 FETCH (BODY[4] {3}\r\nabc)
< d5 OK FETCH completed
# A FETCH refused with NO changes nothing: BINARY[4] without PEEK leaves
# \Seen unset (Dovecot sets it and sends FLAGS before its NO).
> d6 FETCH 2 (BODY[1] BINARY[4])
< d6 NO [UNKNOWN-CTE] Unknown Content-Transfer-Encoding
> d7 FETCH 2 FLAGS
< * 2 FETCH (FLAGS (\\Recent))
< d7 OK FETCH completed
# BINARY without PEEK sets \Seen (the FLAGS come with it).
> e1 FETCH 2 BINARY[2]
< * 2 FETCH (BINARY[2] ~{9}\r\n\x00bin\x00data FLAGS (\\Recent \\Seen))
< e1 OK FETCH completed
> z1 LOGOUT
< * BYE Logging out
< z1 OK Logout completed
