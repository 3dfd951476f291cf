# Enabling CONDSTORE (RFC 7162 section 3.1): ENABLE CONDSTORE, SELECT and
# EXAMINE with (CONDSTORE), and each CONDSTORE-enabling command with a
# mailbox selected, the first of which sends HIGHESTMODSEQ at once; after
# that every FETCH that reports flags carries MODSEQ. ENABLE QRESYNC
# implies CONDSTORE (section 3.2.3).
@user alice secret
@conn A
< * OK {{*}} Cairn ready.
> a LOGIN alice secret
< a OK [CAPABILITY {{*}}] Logged in
> p1 APPEND INBOX (\Seen) {2+}
> m1 {2+}
> m2
< p1 OK [APPENDUID {{N:uv}} 1:2] APPEND completed
> a1 ENABLE CONDSTORE
< * ENABLED CONDSTORE
< a1 OK ENABLE completed
> a2 ENABLE CONDSTORE
< * ENABLED
< a2 OK ENABLE completed
> a3 SELECT INBOX
< * 2 EXISTS
< * 2 RECENT
< * OK [UNSEEN 2] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 3] Predicted next UID
< * OK [HIGHESTMODSEQ 2] Highest
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< a3 OK [READ-WRITE] SELECT completed
> a4 FETCH 1 (FLAGS)
< * 1 FETCH (FLAGS (\Recent \Seen))
< a4 OK FETCH completed
> a5 ENABLE QRESYNC
< a5 BAD ENABLE is not allowed with a mailbox selected
# SELECT (CONDSTORE) and EXAMINE (CONDSTORE) without ENABLE.
@conn B
< * OK {{*}} Cairn ready.
> b LOGIN alice secret
< b OK [CAPABILITY {{*}}] Logged in
> b1 SELECT INBOX (CONDSTORE)
< * 2 EXISTS
< * 0 RECENT
< * OK [UNSEEN 2] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 3] Predicted next UID
< * OK [HIGHESTMODSEQ 2] Highest
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< b1 OK [READ-WRITE] SELECT completed
> b2 FETCH 1:* (FLAGS)
< * 1 FETCH (FLAGS (\Seen))
< * 2 FETCH (FLAGS ())
< b2 OK FETCH completed
@conn C
< * OK {{*}} Cairn ready.
> c LOGIN alice secret
< c OK [CAPABILITY {{*}}] Logged in
> c1 EXAMINE INBOX (CONDSTORE)
< * 2 EXISTS
< * 0 RECENT
< * OK [UNSEEN 2] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 3] Predicted next UID
< * OK [HIGHESTMODSEQ 2] Highest
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< c1 OK [READ-ONLY] EXAMINE completed
> c2 FETCH 2 (UID)
< * 2 FETCH (UID 2)
< c2 OK FETCH completed
> c3 SELECT INBOX (BOGUS)
< c3 BAD Unknown SELECT parameter BOGUS
> c4 SELECT INBOX (CONDSTORE
< c4 BAD Expected ')'
# Without CONDSTORE: no HIGHESTMODSEQ, no MODSEQ; the first FETCH (MODSEQ)
# sends HIGHESTMODSEQ before its data, the second does not.
@conn D
< * OK {{*}} Cairn ready.
> d LOGIN alice secret
< d OK [CAPABILITY {{*}}] Logged in
> d1 SELECT INBOX
< * 2 EXISTS
< * 0 RECENT
< * OK [UNSEEN 2] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 3] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< d1 OK [READ-WRITE] SELECT completed
> d2 FETCH 1 (FLAGS)
< * 1 FETCH (FLAGS (\Seen))
< d2 OK FETCH completed
> d3 FETCH 1 (MODSEQ)
< * OK [HIGHESTMODSEQ 2] Highest
< * 1 FETCH (MODSEQ (2))
< d3 OK FETCH completed
> d4 FETCH 2 (MODSEQ FLAGS)
< * 2 FETCH (MODSEQ (2) FLAGS ())
< d4 OK FETCH completed
> d5 NOOP
< d5 OK NOOP completed
# FETCH (CHANGEDSINCE), STORE (UNCHANGEDSINCE), STATUS (HIGHESTMODSEQ) and
# UID FETCH (MODSEQ) enable it too.
@conn E
< * OK {{*}} Cairn ready.
> e LOGIN alice secret
< e OK [CAPABILITY {{*}}] Logged in
> e1 SELECT INBOX
< * 2 EXISTS
< * 0 RECENT
< * OK [UNSEEN 2] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 3] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< e1 OK [READ-WRITE] SELECT completed
> e2 FETCH 1:* (FLAGS) (CHANGEDSINCE 1)
< * OK [HIGHESTMODSEQ 2] Highest
< * 1 FETCH (FLAGS (\Seen) MODSEQ (2))
< * 2 FETCH (FLAGS () MODSEQ (2))
< e2 OK FETCH completed
@conn F
< * OK {{*}} Cairn ready.
> f LOGIN alice secret
< f OK [CAPABILITY {{*}}] Logged in
> f1 EXAMINE INBOX
< * 2 EXISTS
< * 0 RECENT
< * OK [UNSEEN 2] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 3] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< f1 OK [READ-ONLY] EXAMINE completed
> f2 STATUS Archive (HIGHESTMODSEQ)
< * OK [HIGHESTMODSEQ 2] Highest
< * STATUS Archive (HIGHESTMODSEQ 1)
< f2 OK STATUS completed
> f3 STATUS INBOX (MESSAGES)
< * STATUS INBOX (MESSAGES 2)
< f3 OK STATUS completed
@conn G
< * OK {{*}} Cairn ready.
> g LOGIN alice secret
< g OK [CAPABILITY {{*}}] Logged in
> g1 SELECT INBOX
< * 2 EXISTS
< * 0 RECENT
< * OK [UNSEEN 2] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 3] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< g1 OK [READ-WRITE] SELECT completed
> g2 STORE 2 (UNCHANGEDSINCE 100) +FLAGS (\Flagged)
< * OK [HIGHESTMODSEQ 2] Highest
< * 2 FETCH (FLAGS (\Flagged) MODSEQ (3))
< g2 OK STORE completed
@conn H
< * OK {{*}} Cairn ready.
> h LOGIN alice secret
< h OK [CAPABILITY {{*}}] Logged in
> h1 SELECT INBOX
< * 2 EXISTS
< * 0 RECENT
< * OK [UNSEEN 2] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 3] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< h1 OK [READ-WRITE] SELECT completed
> h2 UID FETCH 2 (MODSEQ)
< * OK [HIGHESTMODSEQ 3] Highest
< * 2 FETCH (MODSEQ (3) UID 2)
< h2 OK FETCH completed
# Every session that enabled it hears of G's change with MODSEQ.
@use A
> a6 NOOP
< * 2 FETCH (UID 2 FLAGS (\Recent \Flagged) MODSEQ (3))
< a6 OK NOOP completed
@use B
> b3 NOOP
< * 2 FETCH (UID 2 FLAGS (\Flagged) MODSEQ (3))
< b3 OK NOOP completed
@use C
> c5 NOOP
< * 2 FETCH (UID 2 FLAGS (\Flagged) MODSEQ (3))
< c5 OK NOOP completed
@use D
> d6 NOOP
< * 2 FETCH (UID 2 FLAGS (\Flagged) MODSEQ (3))
< d6 OK NOOP completed
@use E
> e3 NOOP
< * 2 FETCH (UID 2 FLAGS (\Flagged) MODSEQ (3))
< e3 OK NOOP completed
@use F
> f4 NOOP
< * 2 FETCH (UID 2 FLAGS (\Flagged) MODSEQ (3))
< f4 OK NOOP completed
@use H
> h3 NOOP
< h3 OK NOOP completed
# QRESYNC: ENABLE QRESYNC, or QRESYNC CONDSTORE in either order.
@conn Q
< * OK {{*}} Cairn ready.
> q LOGIN alice secret
< q OK [CAPABILITY {{*}}] Logged in
> q1 ENABLE QRESYNC
< * ENABLED QRESYNC
< q1 OK ENABLE completed
> q2 ENABLE CONDSTORE
< * ENABLED
< q2 OK ENABLE completed
@conn R
< * OK {{*}} Cairn ready.
> r LOGIN alice secret
< r OK [CAPABILITY {{*}}] Logged in
> r1 ENABLE QRESYNC CONDSTORE
< * ENABLED QRESYNC CONDSTORE
< r1 OK ENABLE completed
@conn S
< * OK {{*}} Cairn ready.
> s LOGIN alice secret
< s OK [CAPABILITY {{*}}] Logged in
> s1 ENABLE CONDSTORE QRESYNC UNKNOWN
< * ENABLED CONDSTORE QRESYNC
< s1 OK ENABLE completed
> s2 ENABLE
< s2 BAD Missing arguments
