# FETCH of a message another session expunged, before this session was told
# (DESIGN.md "Sessions agree"; RFC 9051 section 7.5.1: no EXPUNGE while a
# FETCH is answered, and the sequence numbers stay as the client knows them).
# The message can still be fetched until the session's next checkpoint.
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
> a3 APPEND INBOX "01-Jan-2024 10:00:00 +0000" {41+}
> From: a@b.c\r\nSubject: hi\r\n\r\nhello world\r\n
< * 1 EXISTS
< * 1 RECENT
< a3 OK [APPENDUID {{N}} 1] APPEND completed
> a4 APPEND INBOX "01-Jan-2024 10:00:00 +0000" {494+}
> Date: Mon, 1 Jan 2024 10:00:00 +0000\r\nFrom: "Alice \\"A\\" Example" <alice@example.org>\r\nSender: alice@example.org\r\nTo: friends: bob@example.net, Carol <carol@example.com>;, dave@example.net\r\nCc: undisclosed-recipients:;\r\nSubject: =?utf-8?q?caf=C3=A9?= and "quotes"\r\nMessage-ID: <m1@example.org>\r\nIn-Reply-To: <m0@example.org>\r\nX-Lower: x\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8; format=flowed\r\nContent-Language: en\r\nContent-Disposition: inline\r\n\r\nHello Bob,\r\nsee you at 10.\r\n
< * 2 EXISTS
< * 2 RECENT
< a4 OK [APPENDUID {{N}} 2] APPEND completed
@conn B
< * OK [CAPABILITY {{*}}] Cairn ready.
> b1 LOGIN alice secret
< b1 OK [CAPABILITY {{*}}] Logged in
> b2 SELECT INBOX
< * 2 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{N}}] UIDs valid
< * OK [UIDNEXT 3] Predicted next UID
< * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)
< * OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted
< b2 OK [READ-WRITE] SELECT completed
> b3 STORE 1 +FLAGS.SILENT (\\Deleted)
< b3 OK STORE completed
> b4 EXPUNGE
< * 1 EXPUNGE
< b4 OK EXPUNGE completed
@use A
# Still message 1 for A, with its data (RFC 2180 section 4.1.1: kept for
# FETCH until every session is told; Dovecot Maildir answers NIL, 4.1.3).
> c1 FETCH 1 (UID RFC822.SIZE BODY.PEEK[TEXT] ENVELOPE)
< * 1 FETCH (UID 1 RFC822.SIZE 41 BODY[TEXT] {13}\r\nhello world\r\n ENVELOPE (NIL "hi" ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) NIL NIL NIL NIL NIL))
< c1 OK FETCH completed
> c2 FETCH 1:2 (UID FLAGS)
< * 1 FETCH (UID 1 FLAGS (\\Recent \\Deleted))
< * 2 FETCH (UID 2 FLAGS (\\Recent))
< c2 OK FETCH completed
# A body fetch without PEEK: the data still comes; \Seen cannot be set on
# a message that is gone, so no FLAGS come with it.
> c3 FETCH 1 BODY[TEXT]
< * 1 FETCH (BODY[TEXT] {13}\r\nhello world\r\n)
< c3 OK FETCH completed
# UID FETCH is a different command (RFC 9051 section 7.5.1): EXPUNGE may be
# sent after its answer, and is.
> c4 UID FETCH 1 BINARY.PEEK[1]
< * 1 FETCH (BINARY[1] {13}\r\nhello world\r\n UID 1)
< * 1 EXPUNGE
< c4 OK FETCH completed
# Message 2 is now 1.
> c5 NOOP
< c5 OK NOOP completed
> c6 FETCH 1 (UID BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])
< * 1 FETCH (UID 2 BODY[HEADER.FIELDS (MESSAGE-ID)] {32}\r\nMessage-ID: <m1@example.org>\r\n\r\n)
< c6 OK FETCH completed
> c7 FETCH 2 UID
< c7 BAD Invalid message sequence number
> z1 LOGOUT
< * BYE Logging out
< z1 OK Logout completed
@use B
> z2 LOGOUT
< * BYE Logging out
< z2 OK Logout completed
