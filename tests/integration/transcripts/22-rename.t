# RENAME (RFC 9051 section 6.3.6): inferior names follow; the new name's
# superiors are created; the target must not exist; not into itself.
# RENAME INBOX moves its messages into a new mailbox and leaves INBOX empty,
# with its UIDVALIDITY and UIDNEXT; its children do not move. UIDVALIDITY
# of renamed mailboxes is kept.
@user alice secret
@conn A
< * OK {{*}} Cairn ready.
> a LOGIN alice secret
< a OK [CAPABILITY {{*}}] Logged in
> c1 CREATE foo/bar/zap
< c1 OK CREATE completed
> c2 APPEND foo/bar {5+}
> hello
< c2 OK [APPENDUID {{N:bar}} 1] APPEND completed
# The RFC's example: children follow, the new superior "sarasoop" appears.
> r1 RENAME foo/bar sarasoop/bar
< r1 OK RENAME completed
> l1 LIST "" *
< * LIST (\HasNoChildren) "/" INBOX
< * LIST (\HasNoChildren \Archive) "/" Archive
< * LIST (\HasNoChildren \Drafts) "/" Drafts
< * LIST (\HasNoChildren \Junk) "/" Junk
< * LIST (\HasNoChildren \Sent) "/" Sent
< * LIST (\HasNoChildren \Trash) "/" Trash
< * LIST (\HasNoChildren) "/" foo
< * LIST (\HasChildren) "/" sarasoop
< * LIST (\HasChildren) "/" sarasoop/bar
< * LIST (\HasNoChildren) "/" sarasoop/bar/zap
< l1 OK LIST completed
# Messages and UIDVALIDITY came along.
> s1 STATUS sarasoop/bar (MESSAGES UIDNEXT UIDVALIDITY)
< * STATUS sarasoop/bar (MESSAGES 1 UIDNEXT 2 UIDVALIDITY {{=bar}})
< s1 OK STATUS completed
> s2 STATUS foo/bar (MESSAGES)
< s2 NO [NONEXISTENT] Mailbox doesn't exist
# Errors.
> r2 RENAME nosuch other
< r2 NO [NONEXISTENT] Mailbox doesn't exist
> r3 RENAME foo Sent
< r3 NO [ALREADYEXISTS] Mailbox already exists
> r4 RENAME foo foo
< r4 NO [ALREADYEXISTS] Mailbox already exists
> r5 RENAME foo inbox
< r5 NO [ALREADYEXISTS] Mailbox already exists
> r6 RENAME sarasoop sarasoop/inner
< r6 NO [CANNOT] Can't move a mailbox below itself
> r7 RENAME foo ../x
< r7 NO [CANNOT] "." or ".." in mailbox name
> r8 RENAME foo
< r8 BAD Missing arguments
# A failed RENAME creates nothing (no superiors left behind).
> r9 RENAME foo new/parent/Sent
< r9 OK RENAME completed
> r10 RENAME sarasoop new/parent/Sent
< r10 NO [ALREADYEXISTS] Mailbox already exists
> l2 LIST "" new*
< * LIST (\HasChildren) "/" new
< * LIST (\HasChildren) "/" new/parent
< * LIST (\HasNoChildren) "/" new/parent/Sent
< l2 OK LIST completed
# Case matters outside INBOX.
> r11 RENAME sarasoop SaraSoop
< r11 OK RENAME completed
> l3 LIST "" s*
< l3 OK LIST completed
> l4 LIST "" S*
< * LIST (\HasChildren) "/" SaraSoop
< * LIST (\HasChildren) "/" SaraSoop/bar
< * LIST (\HasNoChildren) "/" SaraSoop/bar/zap
< * LIST (\HasNoChildren \Sent) "/" Sent
< l4 OK LIST completed
# RENAME INBOX: its messages move to the new mailbox (new UIDs there);
# INBOX stays, empty, with its UIDVALIDITY and UIDNEXT; INBOX/kid stays.
> c3 APPEND INBOX (\Seen) {5+}
> first
< c3 OK [APPENDUID {{N:inbox}} 1] APPEND completed
> c4 APPEND INBOX {6+}
> second
< c4 OK [APPENDUID {{=inbox}} 2] APPEND completed
> c5 CREATE INBOX/kid
< c5 OK CREATE completed
> r12 RENAME INBOX Old
< r12 OK RENAME completed
> s3 STATUS INBOX (MESSAGES UIDNEXT UIDVALIDITY)
< * STATUS INBOX (MESSAGES 0 UIDNEXT 3 UIDVALIDITY {{=inbox}})
< s3 OK STATUS completed
> s4 STATUS Old (MESSAGES UNSEEN)
< * STATUS Old (MESSAGES 2 UNSEEN 1)
< s4 OK STATUS completed
> l5 LIST "" INBOX*
< * LIST (\HasChildren) "/" INBOX
< * LIST (\HasNoChildren) "/" INBOX/kid
< l5 OK LIST completed
> e1 EXAMINE Old
< * 2 EXISTS
< * 2 RECENT
< * OK [UNSEEN 2] First unseen
< * OK [UIDVALIDITY {{N}}] UIDs valid
< * OK [UIDNEXT 3] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< e1 OK [READ-ONLY] EXAMINE completed
> f1 FETCH 1:2 (UID FLAGS BODY.PEEK[])
< * 1 FETCH (UID 1 FLAGS (\Recent \Seen) BODY[] {5}\r\nfirst)
< * 2 FETCH (UID 2 FLAGS (\Recent) BODY[] {6}\r\nsecond)
< f1 OK FETCH completed
# Renaming INBOX into a name that exists fails and moves nothing.
> r13 RENAME INBOX Old
< r13 NO [ALREADYEXISTS] Mailbox already exists
