# EXPUNGE (RFC 9051 section 6.4.3) and UID EXPUNGE (RFC 4315 section 2.1)
# with a second session watching: the expunging session hears of its own
# expunges at once, the other at its next checkpoint, both highest
# sequence number first (RFC 9051 section 7.5.1: each number is right when
# read). EXPUNGE removes only messages the session knows: one that arrived
# since its last checkpoint was never shown to it (RFC 2180 section 4.3).
# CLOSE expunges silently (RFC 9051 section 6.4.1); UNSELECT does not
# expunge (RFC 3691); a read-only session expunges nothing.
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
> m5 {2+}
> m6 {2+}
> m7 {2+}
> m8 {2+}
> m9 {3+}
> m10
< p1 OK [APPENDUID {{N:uv}} 1:10] APPEND completed
> a1 SELECT INBOX
< * 10 EXISTS
< * 10 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 11] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< a1 OK [READ-WRITE] SELECT completed
@conn B
< * OK {{*}} Cairn ready.
> b LOGIN alice secret
< b OK [CAPABILITY {{*}}] Logged in
> b1 SELECT INBOX
< * 10 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 11] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< b1 OK [READ-WRITE] SELECT completed
@use A
> a2 STORE 2,4,5 +FLAGS.SILENT (\Deleted)
< a2 OK STORE completed
> a3 EXPUNGE
< * 5 EXPUNGE
< * 4 EXPUNGE
< * 2 EXPUNGE
< a3 OK EXPUNGE completed
> a4 FETCH 1:* (UID)
< * 1 FETCH (UID 1)
< * 2 FETCH (UID 3)
< * 3 FETCH (UID 6)
< * 4 FETCH (UID 7)
< * 5 FETCH (UID 8)
< * 6 FETCH (UID 9)
< * 7 FETCH (UID 10)
< a4 OK FETCH completed
@use B
> b2 NOOP
< * 5 EXPUNGE
< * 4 EXPUNGE
< * 2 EXPUNGE
< b2 OK NOOP completed
> b3 FETCH 1:* (UID)
< * 1 FETCH (UID 1)
< * 2 FETCH (UID 3)
< * 3 FETCH (UID 6)
< * 4 FETCH (UID 7)
< * 5 FETCH (UID 8)
< * 6 FETCH (UID 9)
< * 7 FETCH (UID 10)
< b3 OK FETCH completed
# UID EXPUNGE: only the named messages that have \Deleted.
> b4 STORE 1:3 +FLAGS.SILENT (\Deleted)
< b4 OK STORE completed
> b5 UID EXPUNGE 1,3,5
< * 2 EXPUNGE
< * 1 EXPUNGE
< b5 OK EXPUNGE completed
> b6 UID EXPUNGE 100:200
< b6 OK EXPUNGE completed
> b7 UID EXPUNGE 1,3,5
< b7 OK EXPUNGE completed
> b8 FETCH 1:* (UID FLAGS)
< * 1 FETCH (UID 6 FLAGS (\Deleted))
< * 2 FETCH (UID 7 FLAGS ())
< * 3 FETCH (UID 8 FLAGS ())
< * 4 FETCH (UID 9 FLAGS ())
< * 5 FETCH (UID 10 FLAGS ())
< b8 OK FETCH completed
> b9 UID EXPUNGE x
< b9 BAD Expected a number
> b10 EXPUNGE 1
< b10 BAD Unexpected extra arguments
@use A
> a5 CHECK
< * 3 FETCH (UID 6 FLAGS (\Recent \Deleted))
< * 2 EXPUNGE
< * 1 EXPUNGE
< a5 OK CHECK completed
# A message that arrives after the session's last checkpoint, \Deleted, is
# not expunged by that session's EXPUNGE: it learns of it with EXISTS.
> a6 APPEND INBOX (\Deleted) {3+}
> m11
< * 6 EXISTS
< * 6 RECENT
< a6 OK [APPENDUID {{=uv}} 11] APPEND completed
@use B
> b11 EXPUNGE
< * 1 EXPUNGE
< * 5 EXISTS
< * 0 RECENT
< b11 OK EXPUNGE completed
> b12 NOOP
< b12 OK NOOP completed
> b13 EXPUNGE
< * 5 EXPUNGE
< b13 OK EXPUNGE completed
> b14 EXPUNGE
< b14 OK EXPUNGE completed
@use A
> a7 NOOP
< * 6 EXPUNGE
< * 1 EXPUNGE
< a7 OK NOOP completed
> a8 FETCH 1:* (UID)
< * 1 FETCH (UID 7)
< * 2 FETCH (UID 8)
< * 3 FETCH (UID 9)
< * 4 FETCH (UID 10)
< a8 OK FETCH completed
# UNSELECT leaves \Deleted messages; CLOSE expunges them silently in the
# closing session and as EXPUNGE in the other one.
> a9 STORE 1,3 +FLAGS.SILENT (\Deleted)
< a9 OK STORE completed
> a10 UNSELECT
< a10 OK UNSELECT completed
> a11 STATUS INBOX (MESSAGES DELETED)
< * STATUS INBOX (MESSAGES 4 DELETED 2)
< a11 OK STATUS completed
@use B
> b15 NOOP
< * 1 FETCH (UID 7 FLAGS (\Deleted))
< * 3 FETCH (UID 9 FLAGS (\Deleted))
< b15 OK NOOP completed
> b16 FETCH 1:* (UID FLAGS)
< * 1 FETCH (UID 7 FLAGS (\Deleted))
< * 2 FETCH (UID 8 FLAGS ())
< * 3 FETCH (UID 9 FLAGS (\Deleted))
< * 4 FETCH (UID 10 FLAGS ())
< b16 OK FETCH completed
@use A
> a12 SELECT INBOX
< * 4 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 12] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< a12 OK [READ-WRITE] SELECT completed
> a13 CLOSE
< a13 OK CLOSE completed
> a14 STATUS INBOX (MESSAGES DELETED)
< * STATUS INBOX (MESSAGES 2 DELETED 0)
< a14 OK STATUS completed
@use B
> b17 NOOP
< * 3 EXPUNGE
< * 1 EXPUNGE
< b17 OK NOOP completed
> b18 FETCH 1:* (UID FLAGS)
< * 1 FETCH (UID 8 FLAGS ())
< * 2 FETCH (UID 10 FLAGS ())
< b18 OK FETCH completed
# Read-only: EXPUNGE and UID EXPUNGE are refused, CLOSE expunges nothing.
> b19 STORE 1 +FLAGS.SILENT (\Deleted)
< b19 OK STORE completed
> b20 EXAMINE INBOX
< * OK [CLOSED] Previous mailbox closed
< * 2 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 12] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< b20 OK [READ-ONLY] EXAMINE completed
> b21 EXPUNGE
< b21 NO [CANNOT] Mailbox is read-only
> b22 UID EXPUNGE 1:*
< b22 NO [CANNOT] Mailbox is read-only
> b23 CLOSE
< b23 OK CLOSE completed
> b24 STATUS INBOX (MESSAGES DELETED)
< * STATUS INBOX (MESSAGES 2 DELETED 1)
< b24 OK STATUS completed
