# The keyword limit (DESIGN.md "Bounded everything", limits.keywords_per_mailbox):
# once a mailbox knows as many keywords as the limit, \* leaves
# PERMANENTFLAGS (RFC 9051 section 7.1: clients may not create more), and a
# STORE, APPEND or COPY that would add one more answers NO [LIMIT] (RFC 5530)
# and changes nothing. Keywords already known, in any case, still work.
@config
[limits]
keywords_per_mailbox = 3
@end
@user alice secret
@conn A
< * OK {{*}} Cairn ready.
> a LOGIN alice secret
< a OK [CAPABILITY {{*}}] Logged in
> p1 APPEND INBOX {4+}
> msg1 {4+}
> msg2
< p1 OK [APPENDUID {{N:uv}} 1:2] APPEND completed
> a1 SELECT INBOX
< * 2 EXISTS
< * 2 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 3] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< a1 OK [READ-WRITE] SELECT completed
@conn B
< * OK {{*}} Cairn ready.
> b LOGIN alice secret
< b OK [CAPABILITY {{*}}] Logged in
> b1 SELECT INBOX
< * 2 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 3] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< b1 OK [READ-WRITE] SELECT completed
@use A
> a2 STORE 1 +FLAGS (one two)
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft one two)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft one two \*)] Flags permitted
< * 1 FETCH (FLAGS (\Recent one two))
< a2 OK STORE completed
# The third fills the mailbox: \* goes.
> a3 STORE 1 +FLAGS (three)
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft one two three)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft one two three)] Flags permitted
< * 1 FETCH (FLAGS (\Recent one three two))
< a3 OK STORE completed
> a4 STORE 2 +FLAGS (four)
< a4 NO [LIMIT] Too many keywords in this mailbox
> a5 STORE 1:2 +FLAGS (ONE \Seen four)
< a5 NO [LIMIT] Too many keywords in this mailbox
> a6 STORE 2 +FLAGS (ONE \Seen)
< * 2 FETCH (FLAGS (\Recent \Seen one))
< a6 OK STORE completed
> a7 STORE 2 FLAGS (Two THREE)
< * 2 FETCH (FLAGS (\Recent three two))
< a7 OK STORE completed
> a8 STORE 1 -FLAGS (four five)
< * 1 FETCH (FLAGS (\Recent one three two))
< a8 OK STORE completed
> a9 FETCH 1:* (FLAGS)
< * 1 FETCH (FLAGS (\Recent one three two))
< * 2 FETCH (FLAGS (\Recent three two))
< a9 OK FETCH completed
# B learns FLAGS and PERMANENTFLAGS (no \*) at its checkpoint.
@use B
> b2 NOOP
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft one two three)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft one two three)] Flags permitted
< * 1 FETCH (UID 1 FLAGS (one three two))
< * 2 FETCH (UID 2 FLAGS (three two))
< b2 OK NOOP completed
> b3 STORE 1 +FLAGS.SILENT (four)
< b3 NO [LIMIT] Too many keywords in this mailbox
> b4 APPEND INBOX (five) {4+}
> msg3
< b4 NO [LIMIT] Limit reached
> b5 APPEND INBOX (three) {4+}
> msg3
< * 3 EXISTS
< * 1 RECENT
< b5 OK [APPENDUID {{=uv}} 3] APPEND completed
# A COPY into a mailbox whose keywords are full.
> b6 CREATE Full
< b6 OK CREATE completed
> b7 APPEND Full (x y z) {4+}
> msg4
< b7 OK [APPENDUID {{N:uvfull}} 1] APPEND completed
> b8 COPY 1 Full
< b8 NO [LIMIT] Too many keywords in the target mailbox
> b9 UID COPY 3 Full
< b9 NO [LIMIT] Too many keywords in the target mailbox
> b10 COPY 2 Archive
< b10 OK [COPYUID {{N:uvarchive}} 2 1] COPY completed
# A new SELECT shows the full mailbox without \*.
> b11 SELECT INBOX
< * OK [CLOSED] Previous mailbox closed
< * 3 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 4] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft one two three)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft one two three)] Flags permitted
< b11 OK [READ-WRITE] SELECT completed
@use A
> a10 NOOP
< * 3 EXISTS
< * 2 RECENT
< a10 OK NOOP completed
