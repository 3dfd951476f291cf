# The first FETCH (RFC 9051 section 6.4.5): UID, FLAGS, INTERNALDATE,
# RFC822.SIZE, BODY.PEEK[], BODY[] (sets \Seen, reported with FLAGS),
# partial fetches, the FAST macro, UID FETCH (always reports UID); sequence
# sets and their errors.
@user alice secret
@conn A
< * OK {{*}} Cairn ready.
> a LOGIN alice secret
< a OK [CAPABILITY {{*}}] Logged in
# "*" in an empty mailbox and any sequence number there: BAD; UID FETCH:
# nothing, OK.
> s0 SELECT INBOX
< * 0 EXISTS
< * 0 RECENT
< * OK [UIDVALIDITY {{N:uv}}] UIDs valid
< * OK [UIDNEXT 1] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< s0 OK [READ-WRITE] SELECT completed
> e1 FETCH * UID
< e1 BAD No messages
> e2 FETCH 1 UID
< e2 BAD No messages
> e3 UID FETCH 1:* UID
< e3 OK FETCH completed
> e4 UID FETCH * UID
< e4 OK FETCH completed
> p1 APPEND INBOX (\Seen) "17-Jul-1996 02:44:25 -0700" {31+}
> Subject: one\r\n\r\nHello, world.\r\n
< * 1 EXISTS
< * 1 RECENT
< p1 OK [APPENDUID {{=uv}} 1] APPEND completed
> p2 APPEND INBOX {10+}
> 0123456789
< * 2 EXISTS
< * 2 RECENT
< p2 OK [APPENDUID {{=uv}} 2] APPEND completed
> p3 APPEND INBOX (\Flagged) {3+}
> abc
< * 3 EXISTS
< * 3 RECENT
< p3 OK [APPENDUID {{=uv}} 3] APPEND completed
> f1 FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE)
< * 1 FETCH (UID 1 FLAGS (\Recent \Seen) INTERNALDATE "17-Jul-1996 02:44:25 -0700" RFC822.SIZE 31)
< * 2 FETCH (UID 2 FLAGS (\Recent) INTERNALDATE "{{*}}" RFC822.SIZE 10)
< * 3 FETCH (UID 3 FLAGS (\Recent \Flagged) INTERNALDATE "{{*}}" RFC822.SIZE 3)
< f1 OK FETCH completed
> f2 FETCH 1 BODY.PEEK[]
< * 1 FETCH (BODY[] {31}\r\nSubject: one\r\n\r\nHello, world.\r\n)
< f2 OK FETCH completed
# Partial: <origin.length>, named by its origin in the answer; past the
# end: what is there, or an empty string.
> f3 FETCH 2 BODY.PEEK[]<2.5>
< * 2 FETCH (BODY[]<2> {5}\r\n23456)
< f3 OK FETCH completed
> f4 FETCH 2 BODY.PEEK[]<8.100>
< * 2 FETCH (BODY[]<8> {2}\r\n89)
< f4 OK FETCH completed
> f5 FETCH 2 BODY.PEEK[]<10.1>
< * 2 FETCH (BODY[]<10> {0}\r\n)
< f5 OK FETCH completed
# PEEK left \Seen alone.
> f6 FETCH 2 FLAGS
< * 2 FETCH (FLAGS (\Recent))
< f6 OK FETCH completed
# BODY[] (no PEEK) sets \Seen and says so with FLAGS; a partial one too.
> f7 FETCH 2 BODY[]
< * 2 FETCH (BODY[] {10}\r\n0123456789 FLAGS (\Recent \Seen))
< f7 OK FETCH completed
> f8 FETCH 3 (FLAGS BODY[]<0.1>)
< * 3 FETCH (FLAGS (\Recent \Flagged \Seen) BODY[]<0> {1}\r\na)
< f8 OK FETCH completed
# RFC822 is BODY[] under its old name.
> f9 FETCH 3 RFC822
< * 3 FETCH (RFC822 {3}\r\nabc)
< f9 OK FETCH completed
# FAST = (FLAGS INTERNALDATE RFC822.SIZE).
> f10 FETCH 3 FAST
< * 3 FETCH (FLAGS (\Recent \Flagged \Seen) INTERNALDATE "{{*}}" RFC822.SIZE 3)
< f10 OK FETCH completed
# Sequence sets: ranges either way round, lists, "*", answers in order.
> f11 FETCH 3:2 UID
< * 2 FETCH (UID 2)
< * 3 FETCH (UID 3)
< f11 OK FETCH completed
> f12 FETCH 3,1 UID
< * 1 FETCH (UID 1)
< * 3 FETCH (UID 3)
< f12 OK FETCH completed
> f13 FETCH *:2 UID
< * 2 FETCH (UID 2)
< * 3 FETCH (UID 3)
< f13 OK FETCH completed
# UID FETCH always carries UID; UIDs that do not exist are left out.
> f14 UID FETCH 2:9 FLAGS
< * 2 FETCH (FLAGS (\Recent \Seen) UID 2)
< * 3 FETCH (FLAGS (\Recent \Flagged \Seen) UID 3)
< f14 OK FETCH completed
> f15 UID FETCH 99 UID
< f15 OK FETCH completed
> f16 UID FETCH 4:* UID
< * 3 FETCH (UID 3)
< f16 OK FETCH completed
# Errors: a sequence number past the end, zero, too large; bad partials;
# items that come with a later issue; missing items.
> b1 FETCH 4 UID
< b1 BAD Invalid message sequence number
> b2 FETCH 1:4 UID
< b2 BAD Invalid message sequence number
> b3 NOOP
< b3 OK NOOP completed
> b4 FETCH 0 UID
< b4 BAD Expected a non-zero number
> b5 FETCH 4294967296 UID
< b5 BAD Number too large
> b6 NOOP
< b6 OK NOOP completed
> b7 FETCH 1 BODY.PEEK[]<0.0>
< b7 BAD Invalid partial: the length must not be zero
> b8 FETCH 1 BODY[]<5>
< b8 BAD Invalid partial
> b9 NOOP
< b9 OK NOOP completed
> b10 FETCH 1 BODY[HEADER.FIELDS ()]
< b10 BAD Expected an atom
> b11 FETCH 1 BINARY[1.MIME]
< b11 BAD Invalid binary section
> b12 NOOP
< b12 OK NOOP completed
> b13 FETCH 1
< b13 BAD Missing arguments
> b14 FETCH 1 (UID
< b14 BAD Expected ')'
> b15 NOOP
< b15 OK NOOP completed
> b16 FETCH 1 FOO
< b16 BAD Unknown FETCH attribute FOO
> b17 FETCH 1 (UID FLAGS) (CHANGEDSINCE)
< b17 BAD Expected a space
# Nothing above changed flags by mistake.
> f17 FETCH 1:* FLAGS
< * 1 FETCH (FLAGS (\Recent \Seen))
< * 2 FETCH (FLAGS (\Recent \Seen))
< * 3 FETCH (FLAGS (\Recent \Flagged \Seen))
< f17 OK FETCH completed
# In a read-only mailbox BODY[] does not set \Seen.
> p4 APPEND INBOX {4+}
> four
< * 4 EXISTS
< * 4 RECENT
< p4 OK [APPENDUID {{=uv}} 4] APPEND completed
> e5 EXAMINE INBOX
< * OK [CLOSED] Previous mailbox closed
< * 4 EXISTS
< * 0 RECENT
< * OK [UNSEEN 4] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 5] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< e5 OK [READ-ONLY] EXAMINE completed
> f18 FETCH 4 BODY[]
< * 4 FETCH (BODY[] {4}\r\nfour)
< f18 OK FETCH completed
> f19 FETCH 4 FLAGS
< * 4 FETCH (FLAGS ())
< f19 OK FETCH completed
