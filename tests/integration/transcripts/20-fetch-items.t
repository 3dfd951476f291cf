# FETCH: every message data item and macro, UID FETCH (RFC 9051 sections
# 6.4.5, 6.4.9, 7.5.2). Messages are APPENDed with a fixed date so that
# INTERNALDATE is known.
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
> a3 APPEND INBOX (\\Flagged $Work) "01-Jan-2024 10:00:00 +0100" {494+}
> Date: Mon, 1 Jan 2024 10:00:00 +0000\r\nFrom: "Alice \\"A\\" Example" <alice@example.org>\r\nSender: alice@example.org\r\nTo: friends: bob@example.net, Carol <carol@example.com>;, dave@example.net\r\nCc: undisclosed-recipients:;\r\nSubject: =?utf-8?q?caf=C3=A9?= and "quotes"\r\nMessage-ID: <m1@example.org>\r\nIn-Reply-To: <m0@example.org>\r\nX-Lower: x\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8; format=flowed\r\nContent-Language: en\r\nContent-Disposition: inline\r\n\r\nHello Bob,\r\nsee you at 10.\r\n
< * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Work)
< * OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Work \\*)] Flags permitted
< * 1 EXISTS
< * 1 RECENT
< a3 OK [APPENDUID {{N}} 1] APPEND completed
> a4 APPEND INBOX "02-Jan-2024 23:59:59 -0500" {41+}
> From: a@b.c\r\nSubject: hi\r\n\r\nhello world\r\n
< * 2 EXISTS
< * 2 RECENT
< a4 OK [APPENDUID {{N}} 2] APPEND completed
> a5 NOOP
< a5 OK NOOP completed
# One item at a time.
> b1 FETCH 1 FLAGS
< * 1 FETCH (FLAGS (\\Recent \\Flagged $Work))
< b1 OK FETCH completed
> b2 FETCH 1 INTERNALDATE
< * 1 FETCH (INTERNALDATE "01-Jan-2024 10:00:00 +0100")
< b2 OK FETCH completed
> b3 FETCH 1 RFC822.SIZE
< * 1 FETCH (RFC822.SIZE 494)
< b3 OK FETCH completed
> b4 FETCH 1 UID
< * 1 FETCH (UID 1)
< b4 OK FETCH completed
> b5 FETCH 1 ENVELOPE
< * 1 FETCH (ENVELOPE ("Mon, 1 Jan 2024 10:00:00 +0000" "=?utf-8?q?caf=C3=A9?= and \\"quotes\\"" (("Alice \\"A\\" Example" NIL "alice" "example.org")) ((NIL NIL "alice" "example.org")) (("Alice \\"A\\" Example" NIL "alice" "example.org")) ((NIL NIL "friends" NIL)(NIL NIL "bob" "example.net")("Carol" NIL "carol" "example.com")(NIL NIL NIL NIL)(NIL NIL "dave" "example.net")) ((NIL NIL "undisclosed-recipients" NIL)(NIL NIL NIL NIL)) NIL "<m0@example.org>" "<m1@example.org>"))
< b5 OK FETCH completed
> b6 FETCH 1 BODY
< * 1 FETCH (BODY ("text" "plain" ("charset" "utf-8" "format" "flowed") NIL NIL "7bit" 28 2))
< b6 OK FETCH completed
> b7 FETCH 1 BODYSTRUCTURE
< * 1 FETCH (BODYSTRUCTURE ("text" "plain" ("charset" "utf-8" "format" "flowed") NIL NIL "7bit" 28 2 NIL ("inline" NIL) ("en") NIL))
< b7 OK FETCH completed
> b8 FETCH 2 ENVELOPE
< * 2 FETCH (ENVELOPE (NIL "hi" ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) NIL NIL NIL NIL NIL))
< b8 OK FETCH completed
> b9 FETCH 2 BODYSTRUCTURE
< * 2 FETCH (BODYSTRUCTURE ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 13 1 NIL NIL NIL NIL))
< b9 OK FETCH completed
# Macros: ALL = (FLAGS INTERNALDATE RFC822.SIZE ENVELOPE), FAST, FULL.
> c1 FETCH 1 ALL
< * 1 FETCH (FLAGS (\\Recent \\Flagged $Work) INTERNALDATE "01-Jan-2024 10:00:00 +0100" RFC822.SIZE 494 ENVELOPE ("Mon, 1 Jan 2024 10:00:00 +0000" "=?utf-8?q?caf=C3=A9?= and \\"quotes\\"" (("Alice \\"A\\" Example" NIL "alice" "example.org")) ((NIL NIL "alice" "example.org")) (("Alice \\"A\\" Example" NIL "alice" "example.org")) ((NIL NIL "friends" NIL)(NIL NIL "bob" "example.net")("Carol" NIL "carol" "example.com")(NIL NIL NIL NIL)(NIL NIL "dave" "example.net")) ((NIL NIL "undisclosed-recipients" NIL)(NIL NIL NIL NIL)) NIL "<m0@example.org>" "<m1@example.org>"))
< c1 OK FETCH completed
> c2 FETCH 2 FAST
< * 2 FETCH (FLAGS (\\Recent) INTERNALDATE "02-Jan-2024 23:59:59 -0500" RFC822.SIZE 41)
< c2 OK FETCH completed
> c3 FETCH 2 FULL
< * 2 FETCH (FLAGS (\\Recent) INTERNALDATE "02-Jan-2024 23:59:59 -0500" RFC822.SIZE 41 ENVELOPE (NIL "hi" ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) NIL NIL NIL NIL NIL) BODY ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 13 1))
< c3 OK FETCH completed
# Items are case-insensitive; the response names are upper-case.
> c4 fetch 1:2 (flags Uid rfc822.size)
< * 1 FETCH (FLAGS (\\Recent \\Flagged $Work) UID 1 RFC822.SIZE 494)
< * 2 FETCH (FLAGS (\\Recent) UID 2 RFC822.SIZE 41)
< c4 OK FETCH completed
# An item asked twice is answered once.
> c5 FETCH 1 (UID UID FLAGS FLAGS)
< * 1 FETCH (UID 1 FLAGS (\\Recent \\Flagged $Work))
< c5 OK FETCH completed
# UID FETCH always includes UID (RFC 9051 section 6.4.9).
> d1 UID FETCH 1 FLAGS
< * 1 FETCH (FLAGS (\\Recent \\Flagged $Work) UID 1)
< d1 OK FETCH completed
> d2 UID FETCH 1:2 (UID RFC822.SIZE)
< * 1 FETCH (UID 1 RFC822.SIZE 494)
< * 2 FETCH (UID 2 RFC822.SIZE 41)
< d2 OK FETCH completed
> d3 UID FETCH 2 (INTERNALDATE)
< * 2 FETCH (INTERNALDATE "02-Jan-2024 23:59:59 -0500" UID 2)
< d3 OK FETCH completed
# RFC822.HEADER is BODY.PEEK[HEADER]: no \Seen.
> e1 FETCH 2 RFC822.HEADER
< * 2 FETCH (RFC822.HEADER {28}\r\nFrom: a@b.c\r\nSubject: hi\r\n\r\n)
< e1 OK FETCH completed
> e2 FETCH 2 FLAGS
< * 2 FETCH (FLAGS (\\Recent))
< e2 OK FETCH completed
# RFC822.TEXT is BODY[TEXT] and RFC822 is BODY[]: both set \Seen, and the
# new FLAGS come with the answer.
> e3 FETCH 2 RFC822.TEXT
< * 2 FETCH (RFC822.TEXT {13}\r\nhello world\r\n FLAGS (\\Recent \\Seen))
< e3 OK FETCH completed
> e4 FETCH 1 RFC822
< * 1 FETCH (RFC822 {494}\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\nFrom: "Alice \\"A\\" Example" <alice@example.org>\r\nSender: alice@example.org\r\nTo: friends: bob@example.net, Carol <carol@example.com>;, dave@example.net\r\nCc: undisclosed-recipients:;\r\nSubject: =?utf-8?q?caf=C3=A9?= and "quotes"\r\nMessage-ID: <m1@example.org>\r\nIn-Reply-To: <m0@example.org>\r\nX-Lower: x\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8; format=flowed\r\nContent-Language: en\r\nContent-Disposition: inline\r\n\r\nHello Bob,\r\nsee you at 10.\r\n FLAGS (\\Recent \\Flagged \\Seen $Work))
< e4 OK FETCH completed
> e5 FETCH 1:2 FLAGS
< * 1 FETCH (FLAGS (\\Recent \\Flagged \\Seen $Work))
< * 2 FETCH (FLAGS (\\Recent \\Seen))
< e5 OK FETCH completed
> z1 LOGOUT
< * BYE Logging out
< z1 OK Logout completed
