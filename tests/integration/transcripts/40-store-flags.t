# STORE and UID STORE (RFC 9051 section 6.4.6): FLAGS, +FLAGS, -FLAGS, each
# with .SILENT, by sequence number and by UID, watched by a second session
# that hears of every change as an unsolicited FETCH at its next checkpoint
# (RFC 9051 section 7.5.2) and by a third, read-only one that may not
# change anything. New keywords join FLAGS and PERMANENTFLAGS in every
# session (RFC 9051 section 7.3.5).
@user alice secret
@conn A
< * OK {{*}} Cairn ready.
> a LOGIN alice secret
< a OK [CAPABILITY {{*}}] Logged in
> p1 APPEND INBOX {4+}
> msg1 {4+}
> msg2 (\Seen) {4+}
> msg3 {4+}
> msg4
< p1 OK [APPENDUID {{N:uv}} 1:4] APPEND completed
> a1 SELECT INBOX
< * 4 EXISTS
< * 4 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 5] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< a1 OK [READ-WRITE] SELECT completed
@conn B
< * OK {{*}} Cairn ready.
> b LOGIN alice secret
< b OK [CAPABILITY {{*}}] Logged in
> b1 SELECT INBOX
< * 4 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 5] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< b1 OK [READ-WRITE] SELECT completed
@conn C
< * OK {{*}} Cairn ready.
> c LOGIN alice secret
< c OK [CAPABILITY {{*}}] Logged in
> c1 EXAMINE INBOX
< * 4 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 5] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< c1 OK [READ-ONLY] EXAMINE completed
# Every form, in A. Without .SILENT the new flags of each message of the
# set come back (\Recent included: A claimed it); with .SILENT nothing.
@use A
> a2 STORE 1 +FLAGS (\Flagged)
< * 1 FETCH (FLAGS (\Recent \Flagged))
< a2 OK STORE completed
> a3 STORE 1:2 +FLAGS.SILENT (\Answered)
< a3 OK STORE completed
> a4 STORE 2 -FLAGS (\Seen)
< * 2 FETCH (FLAGS (\Recent \Answered))
< a4 OK STORE completed
> a5 STORE 3 FLAGS (\Draft \Seen)
< * 3 FETCH (FLAGS (\Recent \Seen \Draft))
< a5 OK STORE completed
> a6 STORE 3 FLAGS.SILENT (\Deleted)
< a6 OK STORE completed
> a7 UID STORE 4 +FLAGS (\Seen)
< * 4 FETCH (UID 4 FLAGS (\Recent \Seen))
< a7 OK STORE completed
> a8 UID STORE 2:4 -FLAGS.SILENT (\Seen)
< a8 OK STORE completed
> a9 UID STORE 3 FLAGS (\Deleted \Answered)
< * 3 FETCH (UID 3 FLAGS (\Recent \Answered \Deleted))
< a9 OK STORE completed
> a10 UID STORE 3 FLAGS.SILENT (\Deleted)
< a10 OK STORE completed
> a11 UID STORE 1 +FLAGS.SILENT (\Draft)
< a11 OK STORE completed
# B hears of the final state of each message, once, with its UID.
@use B
> b2 NOOP
< * 1 FETCH (UID 1 FLAGS (\Answered \Flagged \Draft))
< * 2 FETCH (UID 2 FLAGS (\Answered))
< * 3 FETCH (UID 3 FLAGS (\Deleted))
< * 4 FETCH (UID 4 FLAGS ())
< b2 OK NOOP completed
> b3 FETCH 1:* (FLAGS)
< * 1 FETCH (FLAGS (\Answered \Flagged \Draft))
< * 2 FETCH (FLAGS (\Answered))
< * 3 FETCH (FLAGS (\Deleted))
< * 4 FETCH (FLAGS ())
< b3 OK FETCH completed
# A store that changes nothing still answers with the flags (and is not
# reported elsewhere: nothing changed).
@use A
> a12 STORE 1 +FLAGS (\Flagged)
< * 1 FETCH (FLAGS (\Recent \Answered \Flagged \Draft))
< a12 OK STORE completed
> a13 STORE 1 -FLAGS (\Seen)
< * 1 FETCH (FLAGS (\Recent \Answered \Flagged \Draft))
< a13 OK STORE completed
# A flag list without parentheses; FLAGS () clears everything.
> a14 STORE 1 +FLAGS \Seen \Flagged
< * 1 FETCH (FLAGS (\Recent \Answered \Flagged \Seen \Draft))
< a14 OK STORE completed
> a15 STORE 2 FLAGS ()
< * 2 FETCH (FLAGS (\Recent))
< a15 OK STORE completed
# UIDs that do not exist are ignored (RFC 9051 section 6.4.9); sequence
# numbers that do not exist are an error.
> a16 UID STORE 1,99 -FLAGS (\Seen)
< * 1 FETCH (UID 1 FLAGS (\Recent \Answered \Flagged \Draft))
< a16 OK STORE completed
> a17 UID STORE 99 +FLAGS (\Seen)
< a17 OK STORE completed
> a18 STORE 5 +FLAGS (\Seen)
< a18 BAD Invalid message sequence number
> a19 STORE 1:* +FLAGS (\Recent)
< a19 BAD Invalid system flag \Recent
> a20 STORE 1 +FLAGS (\Bogus)
< a20 BAD Invalid system flag \Bogus
> a21 STORE 1 BOGUS (\Seen)
< a21 BAD Expected FLAGS, +FLAGS or -FLAGS
> a22 STORE 1 +FLAGS
< a22 BAD Missing arguments
@use B
> b4 NOOP
< * 1 FETCH (UID 1 FLAGS (\Answered \Flagged \Draft))
< * 2 FETCH (UID 2 FLAGS ())
< b4 OK NOOP completed
# A keyword: FLAGS and PERMANENTFLAGS first, in the storing session and at
# the next checkpoint of every other one (the read-only one included, with
# its empty PERMANENTFLAGS).
@use A
> a23 STORE 2 +FLAGS ($Label1 Work)
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1 Work)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1 Work \*)] Flags permitted
< * 2 FETCH (FLAGS (\Recent $Label1 Work))
< a23 OK STORE completed
> a24 STORE 2 +FLAGS (work)
< * 2 FETCH (FLAGS (\Recent $Label1 Work))
< a24 OK STORE completed
> a25 STORE 3 +FLAGS.SILENT (work $label1)
< a25 OK STORE completed
@use B
> b5 NOOP
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1 Work)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1 Work \*)] Flags permitted
< * 2 FETCH (UID 2 FLAGS ($Label1 Work))
< * 3 FETCH (UID 3 FLAGS (\Deleted $Label1 Work))
< b5 OK NOOP completed
> b6 FETCH 2:3 (FLAGS)
< * 2 FETCH (FLAGS ($Label1 Work))
< * 3 FETCH (FLAGS (\Deleted $Label1 Work))
< b6 OK FETCH completed
> b7 STORE 4 FLAGS ($Label2)
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1 Work $Label2)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1 Work $Label2 \*)] Flags permitted
< * 4 FETCH (FLAGS ($Label2))
< b7 OK STORE completed
@use C
> c2 NOOP
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1 Work $Label2)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< * 1 FETCH (UID 1 FLAGS (\Answered \Flagged \Draft))
< * 2 FETCH (UID 2 FLAGS ($Label1 Work))
< * 3 FETCH (UID 3 FLAGS (\Deleted $Label1 Work))
< * 4 FETCH (UID 4 FLAGS ($Label2))
< c2 OK NOOP completed
> c3 FETCH 1:* (FLAGS)
< * 1 FETCH (FLAGS (\Answered \Flagged \Draft))
< * 2 FETCH (FLAGS ($Label1 Work))
< * 3 FETCH (FLAGS (\Deleted $Label1 Work))
< * 4 FETCH (FLAGS ($Label2))
< c3 OK FETCH completed
# Read-only: no STORE, in any form.
> c4 STORE 1 +FLAGS (\Seen)
< c4 NO [CANNOT] Mailbox is read-only
> c5 UID STORE 1 +FLAGS.SILENT (\Seen)
< c5 NO [CANNOT] Mailbox is read-only
> c6 STORE 1 +FLAGS ($Label3)
< c6 NO [CANNOT] Mailbox is read-only
> c7 FETCH 1 (FLAGS)
< * 1 FETCH (FLAGS (\Answered \Flagged \Draft))
< c7 OK FETCH completed
@use A
> a26 NOOP
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1 Work $Label2)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1 Work $Label2 \*)] Flags permitted
< * 4 FETCH (UID 4 FLAGS (\Recent $Label2))
< a26 OK NOOP completed
