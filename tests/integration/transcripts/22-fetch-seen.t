# \Seen and FETCH (RFC 9051 section 6.4.5): BODY[...], BINARY[...],
# RFC822 and RFC822.TEXT set \Seen and the new FLAGS are sent with the
# answer; BODY.PEEK, BINARY.PEEK, BINARY.SIZE, RFC822.HEADER and the other
# items do not; nothing sets \Seen in a mailbox opened with EXAMINE. Another
# session sees the change at its next command.
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
> a4 APPEND INBOX "01-Jan-2024 10:00:01 +0000" {41+}
> From: a@b.c\r\nSubject: hi\r\n\r\nhello world\r\n
< * 2 EXISTS
< * 2 RECENT
< a4 OK [APPENDUID {{N}} 2] APPEND completed
> a5 APPEND INBOX "01-Jan-2024 10:00:02 +0000" {41+}
> From: a@b.c\r\nSubject: hi\r\n\r\nhello world\r\n
< * 3 EXISTS
< * 3 RECENT
< a5 OK [APPENDUID {{N}} 3] APPEND completed
> a6 APPEND INBOX "01-Jan-2024 10:00:03 +0000" {41+}
> From: a@b.c\r\nSubject: hi\r\n\r\nhello world\r\n
< * 4 EXISTS
< * 4 RECENT
< a6 OK [APPENDUID {{N}} 4] APPEND completed
# None of these sets \Seen.
> b1 FETCH 1:4 (BODY.PEEK[] BODY.PEEK[TEXT]<0.5> BINARY.PEEK[1] BINARY.SIZE[1] RFC822.HEADER ENVELOPE BODYSTRUCTURE RFC822.SIZE)
< * 1 FETCH (BODY[] {41}\r\nFrom: a@b.c\r\nSubject: hi\r\n\r\nhello world\r\n BODY[TEXT]<0> {5}\r\nhello BINARY[1] {13}\r\nhello world\r\n BINARY.SIZE[1] 13 RFC822.HEADER {28}\r\nFrom: a@b.c\r\nSubject: hi\r\n\r\n ENVELOPE (NIL "hi" ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) NIL NIL NIL NIL NIL) BODYSTRUCTURE ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 13 1 NIL NIL NIL NIL) RFC822.SIZE 41)
< * 2 FETCH (BODY[] {41}\r\nFrom: a@b.c\r\nSubject: hi\r\n\r\nhello world\r\n BODY[TEXT]<0> {5}\r\nhello BINARY[1] {13}\r\nhello world\r\n BINARY.SIZE[1] 13 RFC822.HEADER {28}\r\nFrom: a@b.c\r\nSubject: hi\r\n\r\n ENVELOPE (NIL "hi" ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) NIL NIL NIL NIL NIL) BODYSTRUCTURE ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 13 1 NIL NIL NIL NIL) RFC822.SIZE 41)
< * 3 FETCH (BODY[] {41}\r\nFrom: a@b.c\r\nSubject: hi\r\n\r\nhello world\r\n BODY[TEXT]<0> {5}\r\nhello BINARY[1] {13}\r\nhello world\r\n BINARY.SIZE[1] 13 RFC822.HEADER {28}\r\nFrom: a@b.c\r\nSubject: hi\r\n\r\n ENVELOPE (NIL "hi" ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) NIL NIL NIL NIL NIL) BODYSTRUCTURE ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 13 1 NIL NIL NIL NIL) RFC822.SIZE 41)
< * 4 FETCH (BODY[] {41}\r\nFrom: a@b.c\r\nSubject: hi\r\n\r\nhello world\r\n BODY[TEXT]<0> {5}\r\nhello BINARY[1] {13}\r\nhello world\r\n BINARY.SIZE[1] 13 RFC822.HEADER {28}\r\nFrom: a@b.c\r\nSubject: hi\r\n\r\n ENVELOPE (NIL "hi" ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) NIL NIL NIL NIL NIL) BODYSTRUCTURE ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 13 1 NIL NIL NIL NIL) RFC822.SIZE 41)
< b1 OK FETCH completed
> b2 FETCH 1:4 FLAGS
< * 1 FETCH (FLAGS (\\Recent))
< * 2 FETCH (FLAGS (\\Recent))
< * 3 FETCH (FLAGS (\\Recent))
< * 4 FETCH (FLAGS (\\Recent))
< b2 OK FETCH completed
# EXAMINE: read-only, so BODY[] is answered without \Seen and without FLAGS.
@conn B
< * OK [CAPABILITY {{*}}] Cairn ready.
> c1 LOGIN alice secret
< c1 OK [CAPABILITY {{*}}] Logged in
> c2 EXAMINE INBOX
< * 4 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{N}}] UIDs valid
< * OK [UIDNEXT 5] Predicted next UID
< * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< c2 OK [READ-ONLY] EXAMINE completed
> c3 FETCH 1 (BODY[TEXT] RFC822.TEXT BINARY[1])
< * 1 FETCH (BODY[TEXT] {13}\r\nhello world\r\n RFC822.TEXT {13}\r\nhello world\r\n BINARY[1] {13}\r\nhello world\r\n)
< c3 OK FETCH completed
> c4 FETCH 1 FLAGS
< * 1 FETCH (FLAGS ())
< c4 OK FETCH completed
# BODY[]: \Seen set, FLAGS sent.
@use A
> d1 FETCH 1 BODY[TEXT]
< * 1 FETCH (BODY[TEXT] {13}\r\nhello world\r\n FLAGS (\\Recent \\Seen))
< d1 OK FETCH completed
# Already \Seen: BODY[] again sends no FLAGS.
> d2 FETCH 1 BODY[TEXT]
< * 1 FETCH (BODY[TEXT] {13}\r\nhello world\r\n)
< d2 OK FETCH completed
# BINARY[] sets \Seen too (RFC 3516 section 4.2); BINARY.SIZE does not.
> d3 FETCH 2 BINARY.SIZE[1]
< * 2 FETCH (BINARY.SIZE[1] 13)
< d3 OK FETCH completed
> d4 FETCH 2 BINARY[1]
< * 2 FETCH (BINARY[1] {13}\r\nhello world\r\n FLAGS (\\Recent \\Seen))
< d4 OK FETCH completed
# A body fetch with FLAGS asked explicitly: FLAGS once, with \Seen.
> d5 FETCH 3 (FLAGS BODY[HEADER])
< * 3 FETCH (FLAGS (\\Recent \\Seen) BODY[HEADER] {28}\r\nFrom: a@b.c\r\nSubject: hi\r\n\r\n)
< d5 OK FETCH completed
# A partial body fetch sets \Seen as well.
> d6 UID FETCH 4 BODY[]<0.4>
< * 4 FETCH (BODY[]<0> {4}\r\nFrom UID 4 FLAGS (\\Recent \\Seen))
< d6 OK FETCH completed
> d7 FETCH 1:4 FLAGS
< * 1 FETCH (FLAGS (\\Recent \\Seen))
< * 2 FETCH (FLAGS (\\Recent \\Seen))
< * 3 FETCH (FLAGS (\\Recent \\Seen))
< * 4 FETCH (FLAGS (\\Recent \\Seen))
< d7 OK FETCH completed
# The read-only session hears of the new flags at its next command.
@use B
> e1 NOOP
< * 1 FETCH (UID 1 FLAGS (\\Seen))
< * 2 FETCH (UID 2 FLAGS (\\Seen))
< * 3 FETCH (UID 3 FLAGS (\\Seen))
< * 4 FETCH (UID 4 FLAGS (\\Seen))
< e1 OK NOOP completed
> e2 LOGOUT
< * BYE Logging out
< e2 OK Logout completed
@use A
> z1 LOGOUT
< * BYE Logging out
< z1 OK Logout completed
