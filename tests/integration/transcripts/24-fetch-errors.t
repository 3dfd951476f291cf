# FETCH errors (RFC 9051 sections 6.4.5, 6.4.9 and 9): the wrong state, bad
# sections, bad partials, unknown items, sequence sets. Each refusal is a
# tagged BAD and the session goes on. Where Dovecot 2.3 answers otherwise,
# docs/fetch.md says so and why.
# Many BADs in a row: raise the limit that ends such a session with BYE.
@config
[limits]
bad_commands = 1000
@end
@user alice secret
@conn A
< * OK [CAPABILITY {{*}}] Cairn ready.
# Not authenticated, then authenticated without a mailbox.
> a1 FETCH 1 FLAGS
< a1 BAD Log in first
> a2 UID FETCH 1 FLAGS
< a2 BAD Log in first
> a3 LOGIN alice secret
< a3 OK [CAPABILITY {{*}}] Logged in
> a4 FETCH 1 FLAGS
< a4 BAD No mailbox selected
> a5 UID FETCH 1:* UID
< a5 BAD No mailbox selected
# An empty mailbox: "*" and "n:*" are message sequence numbers with no
# message to stand for (RFC 9051 seq-number): BAD, as any number is.
> b1 SELECT INBOX
< * 0 EXISTS
< * 0 RECENT
< * OK [UIDVALIDITY {{N}}] UIDs valid
< * OK [UIDNEXT 1] Predicted next UID
< * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)
< * OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted
< b1 OK [READ-WRITE] SELECT completed
> b2 FETCH 1 FLAGS
< b2 BAD No messages
> b3 FETCH * FLAGS
< b3 BAD No messages
> b4 FETCH 1:* FLAGS
< b4 BAD No messages
# UID sets name the UIDs that exist: none, so OK with nothing.
> b5 UID FETCH 1:* FLAGS
< b5 OK FETCH completed
> b6 UID FETCH * FLAGS
< b6 OK FETCH completed
> b7 UID FETCH 5:10 FLAGS
< b7 OK FETCH completed
> c1 APPEND INBOX "01-Jan-2024 10:00:00 +0000" {41+}
> From: a@b.c\r\nSubject: hi\r\n\r\nhello world\r\n
< * 1 EXISTS
< * 1 RECENT
< c1 OK [APPENDUID {{N}} 1] APPEND completed
> c2 APPEND INBOX "01-Jan-2024 10:00:00 +0000" {41+}
> From: a@b.c\r\nSubject: hi\r\n\r\nhello world\r\n
< * 2 EXISTS
< * 2 RECENT
< c2 OK [APPENDUID {{N}} 2] APPEND completed
# Sequence numbers past the last message: BAD, for the whole set.
> c3 FETCH 3 UID
< c3 BAD Invalid message sequence number
> c4 FETCH 1:3 UID
< c4 BAD Invalid message sequence number
> c5 FETCH 2,5 UID
< c5 BAD Invalid message sequence number
> c6 FETCH 3:* UID
< c6 BAD Invalid message sequence number
# "*" is the last message; n:* with n past it is *:n, also past it.
> c7 FETCH * UID
< * 2 FETCH (UID 2)
< c7 OK FETCH completed
> c8 FETCH 2:* UID
< * 2 FETCH (UID 2)
< c8 OK FETCH completed
> c9 FETCH *:1 UID
< * 1 FETCH (UID 1)
< * 2 FETCH (UID 2)
< c9 OK FETCH completed
# A UID range beyond the last UID is answered with the last message when it
# ends in "*" (RFC 9051 section 6.4.9: 559:* includes the last UID), else
# with nothing.
> d1 UID FETCH 3:10 UID
< d1 OK FETCH completed
> d2 UID FETCH 3:* UID
< * 2 FETCH (UID 2)
< d2 OK FETCH completed
> d3 UID FETCH 4294967295 UID
< d3 OK FETCH completed
# Not a sequence set at all.
> d4 FETCH 0 UID
< d4 BAD Expected a non-zero number
> d5 FETCH 0:1 UID
< d5 BAD Expected a non-zero number
> d6 FETCH -1 UID
< d6 BAD Expected a number
> d7 FETCH 4294967296 UID
< d7 BAD Number too large
> d8 FETCH a UID
< d8 BAD Expected a number
> d9 FETCH 1, UID
< d9 BAD Expected a number
# Bad sections: MIME needs a part number; part numbers are nz-number; a
# part number ends with a number; BINARY takes part numbers only.
> e1 FETCH 1 BODY[MIME]
< e1 BAD Invalid section MIME
> e2 FETCH 1 BODY[0]
< e2 BAD Expected a non-zero number
> e3 FETCH 1 BODY[1.0]
< e3 BAD Expected a non-zero number
> e4 FETCH 1 BODY[1.]
< e4 BAD Expected a name
> e5 FETCH 1 BINARY[HEADER]
< e5 BAD Invalid binary section
> e6 FETCH 1 BINARY[1.MIME]
< e6 BAD Invalid binary section
> e7 FETCH 1 BODY[HEADER.FIELDS ()]
< e7 BAD Expected an atom
> e8 FETCH 1 BODY[HEADER.FIELDS]
< e8 BAD Expected a space
> e9 FETCH 1 BODY[TEXT.MIME]
< e9 BAD Invalid section TEXT.MIME
> f1 FETCH 1 BODY[FOO]
< f1 BAD Invalid section FOO
> f3 FETCH 1 BODY[1
< f3 BAD Expected ']'
# A field name is any astring (RFC 9051 header-fld-name): one that no
# header can have matches nothing; only CR, LF and NUL are refused (the
# answer echoes the name in a quoted string).
> f4 FETCH 1 BODY.PEEK[HEADER.FIELDS (Subject: "a b" "" subject)]
< * 1 FETCH (BODY[HEADER.FIELDS (SUBJECT: "A B" "" SUBJECT)] {15}\r\nSubject: hi\r\n\r\n)
< f4 OK FETCH completed
> f5 FETCH 1 BODY.PEEK[HEADER.FIELDS ({3}
< + Ready for literal data
> a\nb)]
< f5 BAD Invalid header field name
# Bad partials: the length is an nz-number; both numbers are needed;
# BINARY.SIZE takes none.
> g1 FETCH 1 BODY[]<0.0>
< g1 BAD Invalid partial: the length must not be zero
> g2 FETCH 1 BODY[]<5>
< g2 BAD Invalid partial
> g3 FETCH 1 BODY[]<1.2.3>
< g3 BAD Invalid partial
> g4 FETCH 1 BODY[]<9223372036854775808.1>
< g4 BAD Number too large
> g5 FETCH 1 BINARY.SIZE[1]<0.5>
< g5 BAD Unexpected characters at the end of the command
> g6 FETCH 1 BODY<0.5>
< g6 BAD Unexpected characters at the end of the command
# Unknown items, macros inside a list, empty lists, extra arguments.
> h1 FETCH 1 FOO
< h1 BAD Unknown FETCH attribute FOO
> h2 FETCH 1 (FLAGS FOO)
< h2 BAD Unknown FETCH attribute FOO
> h3 FETCH 1 (ALL)
< h3 BAD Unknown FETCH attribute ALL
> h4 FETCH 1 ()
< h4 BAD Expected a name
> h5 FETCH 1 FLAGS UID
< h5 BAD Expected '('
> h6 FETCH 1
< h6 BAD Missing arguments
> h7 FETCH 1 (FLAGS
< h7 BAD Expected ')'
> h8 FETCH 1 BODY.PEEK
< h8 BAD Expected '['
> h9 FETCH 1 RFC822.PEEK
< h9 BAD Unknown FETCH attribute RFC822.PEEK
# MODSEQ (RFC 7162): the first CONDSTORE-enabling command with a mailbox
# selected brings HIGHESTMODSEQ (section 3.1); VANISHED is UID FETCH only,
# needs CHANGEDSINCE and ENABLE QRESYNC (section 3.2.6).
> i1 FETCH 1 MODSEQ
< * OK [HIGHESTMODSEQ {{N}}] Highest
< * 1 FETCH (MODSEQ ({{N}}))
< i1 OK FETCH completed
> i2 FETCH 1 (UID) (CHANGEDSINCE 1 VANISHED)
< i2 BAD VANISHED is allowed with UID FETCH only
> i2b UID FETCH 1 (UID) (VANISHED)
< i2b BAD VANISHED requires CHANGEDSINCE
> i2c UID FETCH 1 (UID) (CHANGEDSINCE 1 VANISHED)
< i2c BAD QRESYNC is not enabled
# Items of extensions Cairn does not announce (OBJECTID, ...).
> i3 FETCH 1 EMAILID
< i3 BAD Unknown FETCH attribute EMAILID
# The session is still in step after all of that.
> j1 FETCH 1:2 (UID RFC822.SIZE)
< * 1 FETCH (UID 1 RFC822.SIZE 41)
< * 2 FETCH (UID 2 RFC822.SIZE 41)
< j1 OK FETCH completed
> j2 EXAMINE INBOX
< * OK [CLOSED] Previous mailbox closed
< * 2 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{N}}] UIDs valid
< * OK [UIDNEXT 3] Predicted next UID
< * OK [HIGHESTMODSEQ {{N}}] Highest
< * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< j2 OK [READ-ONLY] EXAMINE completed
> j3 FETCH 3 UID
< j3 BAD Invalid message sequence number
> j4 UNSELECT
< j4 OK UNSELECT completed
> j5 FETCH 1 UID
< j5 BAD No mailbox selected
> z1 LOGOUT
< * BYE Logging out
< z1 OK Logout completed
