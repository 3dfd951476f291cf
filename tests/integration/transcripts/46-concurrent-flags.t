# Concurrent flag changes all survive (issue 6, DESIGN.md "Sessions agree"):
# +FLAGS and -FLAGS change only the flags they name, against the stored
# state, not the session's possibly stale view; each session hears of the
# other's change, and a third session sees the sum.
@user alice secret
@conn A
< * OK {{*}} Cairn ready.
> a LOGIN alice secret
< a OK [CAPABILITY {{*}}] Logged in
> p1 APPEND INBOX {2+}
> m1 {2+}
> m2 {2+}
> m3
< p1 OK [APPENDUID {{N:uv}} 1:3] APPEND completed
> a1 SELECT INBOX
< * 3 EXISTS
< * 3 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 4] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< a1 OK [READ-WRITE] SELECT completed
@conn B
< * OK {{*}} Cairn ready.
> b LOGIN alice secret
< b OK [CAPABILITY {{*}}] Logged in
> b1 SELECT INBOX
< * 3 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 4] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< b1 OK [READ-WRITE] SELECT completed
@conn C
< * OK {{*}} Cairn ready.
> c LOGIN alice secret
< c OK [CAPABILITY {{*}}] Logged in
> c1 EXAMINE INBOX
< * 3 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 4] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< c1 OK [READ-ONLY] EXAMINE completed
# Neither session has heard of the other's change when it stores.
@use A
> a2 STORE 1:3 +FLAGS (\Seen)
< * 1 FETCH (FLAGS (\Recent \Seen))
< * 2 FETCH (FLAGS (\Recent \Seen))
< * 3 FETCH (FLAGS (\Recent \Seen))
< a2 OK STORE completed
@use B
> b2 STORE 1:3 +FLAGS ($Label1)
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1 \*)] Flags permitted
< * 1 FETCH (FLAGS (\Seen $Label1))
< * 2 FETCH (FLAGS (\Seen $Label1))
< * 3 FETCH (FLAGS (\Seen $Label1))
< b2 OK STORE completed
@use A
> a3 STORE 2 -FLAGS.SILENT (\Seen)
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1 \*)] Flags permitted
< * 1 FETCH (UID 1 FLAGS (\Recent \Seen $Label1))
< * 2 FETCH (UID 2 FLAGS (\Recent $Label1))
< * 3 FETCH (UID 3 FLAGS (\Recent \Seen $Label1))
< a3 OK STORE completed
@use B
> b3 UID STORE 2 +FLAGS.SILENT (\Flagged)
< * 2 FETCH (UID 2 FLAGS (\Flagged $Label1))
< b3 OK STORE completed
@use A
> a4 UID STORE 3 -FLAGS ($Label1)
< * 3 FETCH (UID 3 FLAGS (\Recent \Seen))
< * 2 FETCH (UID 2 FLAGS (\Recent \Flagged $Label1))
< a4 OK STORE completed
@use B
> b4 STORE 3 +FLAGS ($Label2 \Answered)
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1 $Label2)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1 $Label2 \*)] Flags permitted
< * 3 FETCH (FLAGS (\Answered \Seen $Label2))
< b4 OK STORE completed
@use A
> a5 NOOP
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1 $Label2)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1 $Label2 \*)] Flags permitted
< * 3 FETCH (UID 3 FLAGS (\Recent \Answered \Seen $Label2))
< a5 OK NOOP completed
> a6 FETCH 1:* (FLAGS)
< * 1 FETCH (FLAGS (\Recent \Seen $Label1))
< * 2 FETCH (FLAGS (\Recent \Flagged $Label1))
< * 3 FETCH (FLAGS (\Recent \Answered \Seen $Label2))
< a6 OK FETCH completed
@use B
> b5 NOOP
< b5 OK NOOP completed
> b6 FETCH 1:* (FLAGS)
< * 1 FETCH (FLAGS (\Seen $Label1))
< * 2 FETCH (FLAGS (\Flagged $Label1))
< * 3 FETCH (FLAGS (\Answered \Seen $Label2))
< b6 OK FETCH completed
@use C
> c2 NOOP
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1 $Label2)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< * 1 FETCH (UID 1 FLAGS (\Seen $Label1))
< * 2 FETCH (UID 2 FLAGS (\Flagged $Label1))
< * 3 FETCH (UID 3 FLAGS (\Answered \Seen $Label2))
< c2 OK NOOP completed
> c3 FETCH 1:* (UID FLAGS)
< * 1 FETCH (UID 1 FLAGS (\Seen $Label1))
< * 2 FETCH (UID 2 FLAGS (\Flagged $Label1))
< * 3 FETCH (UID 3 FLAGS (\Answered \Seen $Label2))
< c3 OK FETCH completed
