# When EXPUNGE may be sent (RFC 9051 sections 5.5 and 7.5.1): never during
# FETCH or STORE in their sequence-number forms (the session holds it and
# keeps the message's sequence number), at the next command that may carry
# it (UID FETCH, UID STORE, COPY, NOOP, CHECK), always before the tagged OK
# of NOOP and CHECK. Meanwhile the session can still FETCH the message
# (RFC 2180 section 4.1.1), and a STORE to it answers NO [EXPUNGEISSUED]
# (RFC 2180 section 4.2.1, RFC 5530) and changes nothing. A third
# session sees the same story.
@user alice secret
@conn A
< * OK {{*}} Cairn ready.
> a LOGIN alice secret
< a OK [CAPABILITY {{*}}] Logged in
> p1 APPEND INBOX {2+}
> m1 {2+}
> m2 {2+}
> m3 {2+}
> m4 {2+}
> m5
< p1 OK [APPENDUID {{N:uv}} 1:5] APPEND completed
> a1 SELECT INBOX
< * 5 EXISTS
< * 5 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 6] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< a1 OK [READ-WRITE] SELECT completed
@conn B
< * OK {{*}} Cairn ready.
> b LOGIN alice secret
< b OK [CAPABILITY {{*}}] Logged in
> b1 SELECT INBOX
< * 5 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 6] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< b1 OK [READ-WRITE] SELECT completed
@conn C
< * OK {{*}} Cairn ready.
> c LOGIN alice secret
< c OK [CAPABILITY {{*}}] Logged in
> c1 EXAMINE INBOX
< * 5 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 6] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< c1 OK [READ-ONLY] EXAMINE completed
# A expunges message 2 (UID 2) and appends m6.
@use A
> a2 STORE 2 +FLAGS.SILENT (\Deleted)
< a2 OK STORE completed
> a3 EXPUNGE
< * 2 EXPUNGE
< a3 OK EXPUNGE completed
> a4 APPEND INBOX {2+}
> m6
< * 5 EXISTS
< * 5 RECENT
< a4 OK [APPENDUID {{=uv}} 6] APPEND completed
# B: FETCH by sequence number hears of the new message (EXISTS may be sent)
# but not of the expunge; message 2 is still UID 2, readable.
@use B
> b2 FETCH 1:* (UID)
< * 1 FETCH (UID 1)
< * 2 FETCH (UID 2)
< * 3 FETCH (UID 3)
< * 4 FETCH (UID 4)
< * 5 FETCH (UID 5)
< * 6 EXISTS
< * 0 RECENT
< b2 OK FETCH completed
> b3 FETCH 2 (UID FLAGS BODY[])
< * 2 FETCH (UID 2 FLAGS (\Deleted) BODY[] {2}\r\nm2)
< b3 OK FETCH completed
> b4 FETCH 2 (FLAGS)
< * 2 FETCH (FLAGS (\Deleted))
< b4 OK FETCH completed
# STORE by sequence number: NO [EXPUNGEISSUED] for a set that holds it, the
# others changed and reported; no EXPUNGE.
> b5 STORE 2 +FLAGS (\Flagged)
< b5 NO [EXPUNGEISSUED] Some of the requested messages no longer exist
> b6 STORE 1:3 +FLAGS (\Answered)
< * 1 FETCH (FLAGS (\Answered))
< * 3 FETCH (FLAGS (\Answered))
< b6 NO [EXPUNGEISSUED] Some of the requested messages no longer exist
> b7 STORE 3 +FLAGS (\Seen)
< * 3 FETCH (FLAGS (\Answered \Seen))
< b7 OK STORE completed
> b8 FETCH 1:* (UID FLAGS)
< * 1 FETCH (UID 1 FLAGS (\Answered))
< * 2 FETCH (UID 2 FLAGS (\Deleted))
< * 3 FETCH (UID 3 FLAGS (\Answered \Seen))
< * 4 FETCH (UID 4 FLAGS ())
< * 5 FETCH (UID 5 FLAGS ())
< * 6 FETCH (UID 6 FLAGS ())
< b8 OK FETCH completed
# NOOP: the EXPUNGE now, before the tagged OK.
> b9 NOOP
< * 2 EXPUNGE
< b9 OK NOOP completed
> b10 FETCH 1:* (UID FLAGS)
< * 1 FETCH (UID 1 FLAGS (\Answered))
< * 2 FETCH (UID 3 FLAGS (\Answered \Seen))
< * 3 FETCH (UID 4 FLAGS ())
< * 4 FETCH (UID 5 FLAGS ())
< * 5 FETCH (UID 6 FLAGS ())
< b10 OK FETCH completed
# C hears of everything at its NOOP, in the same order of effect.
@use C
> c2 NOOP
< * 1 FETCH (UID 1 FLAGS (\Answered))
< * 3 FETCH (UID 3 FLAGS (\Answered \Seen))
< * 6 EXISTS
< * 0 RECENT
< * 2 EXPUNGE
< c2 OK NOOP completed
> c3 FETCH 1:* (UID FLAGS)
< * 1 FETCH (UID 1 FLAGS (\Answered))
< * 2 FETCH (UID 3 FLAGS (\Answered \Seen))
< * 3 FETCH (UID 4 FLAGS ())
< * 4 FETCH (UID 5 FLAGS ())
< * 5 FETCH (UID 6 FLAGS ())
< c3 OK FETCH completed
# UID FETCH and UID STORE may carry an EXPUNGE: after their FETCH data,
# before their tagged reply.
@use A
> a5 STORE 1 +FLAGS.SILENT (\Deleted)
< * 1 FETCH (UID 1 FLAGS (\Recent \Answered \Deleted))
< * 2 FETCH (UID 3 FLAGS (\Recent \Answered \Seen))
< a5 OK STORE completed
> a6 EXPUNGE
< * 1 EXPUNGE
< a6 OK EXPUNGE completed
@use B
> b11 UID FETCH 1:* (FLAGS)
< * 1 FETCH (FLAGS (\Answered \Deleted) UID 1)
< * 2 FETCH (FLAGS (\Answered \Seen) UID 3)
< * 3 FETCH (FLAGS () UID 4)
< * 4 FETCH (FLAGS () UID 5)
< * 5 FETCH (FLAGS () UID 6)
< * 1 EXPUNGE
< b11 OK FETCH completed
@use A
> a7 UID STORE 3 +FLAGS.SILENT (\Deleted)
< a7 OK STORE completed
> a8 UID EXPUNGE 3
< * 1 EXPUNGE
< a8 OK EXPUNGE completed
@use B
> b12 UID STORE 4 +FLAGS (\Draft)
< * 2 FETCH (UID 4 FLAGS (\Draft))
< * 1 EXPUNGE
< b12 OK STORE completed
# CHECK: the EXPUNGE before its tagged OK. COPY may carry it too, after
# answering NO [EXPUNGEISSUED] for the held message: nothing is copied
# (a COPY happens entirely or not at all, RFC 9051 section 6.4.7).
@use A
> a9 STORE 1 +FLAGS.SILENT (\Deleted)
< * 1 FETCH (UID 4 FLAGS (\Recent \Deleted \Draft))
< a9 OK STORE completed
> a10 EXPUNGE
< * 1 EXPUNGE
< a10 OK EXPUNGE completed
@use B
> b13 CHECK
< * 1 EXPUNGE
< b13 OK CHECK completed
@use A
> a11 STORE 1 +FLAGS.SILENT (\Deleted)
< a11 OK STORE completed
> a12 EXPUNGE
< * 1 EXPUNGE
< a12 OK EXPUNGE completed
@use B
> b14 COPY 1:2 Archive
< * 1 EXPUNGE
< b14 NO [EXPUNGEISSUED] Some of the requested messages no longer exist
> b15 STATUS Archive (MESSAGES)
< * STATUS Archive (MESSAGES 0)
< b15 OK STATUS completed
> b16 FETCH 1:* (UID)
< * 1 FETCH (UID 6)
< b16 OK FETCH completed
@use C
> c4 FETCH 1:* (UID)
< * 1 FETCH (UID 1)
< * 2 FETCH (UID 3)
< * 3 FETCH (UID 4)
< * 4 FETCH (UID 5)
< * 5 FETCH (UID 6)
< c4 OK FETCH completed
> c5 NOOP
< * 4 EXPUNGE
< * 3 EXPUNGE
< * 2 EXPUNGE
< * 1 EXPUNGE
< c5 OK NOOP completed
> c6 FETCH 1:* (UID FLAGS)
< * 1 FETCH (UID 6 FLAGS ())
< c6 OK FETCH completed
