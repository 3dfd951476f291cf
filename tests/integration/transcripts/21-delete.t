# DELETE (RFC 9051 section 6.3.5): never INBOX; a missing name is
# NO [NONEXISTENT]; inferior names survive their parent's deletion; a name
# that only exists as a parent (\Noselect) with children cannot be deleted
# (NO [HASCHILDREN]); deleting the selected mailbox closes it.
@user alice secret
@conn A
< * OK {{*}} Cairn ready.
> a LOGIN alice secret
< a OK [CAPABILITY {{*}}] Logged in
> d1 DELETE INBOX
< d1 NO [CANNOT] INBOX can't be deleted
> d2 DELETE inbox
< d2 NO [CANNOT] INBOX can't be deleted
> d3 DELETE nosuch
< d3 NO [NONEXISTENT] Mailbox doesn't exist
> d4 DELETE
< d4 BAD Missing arguments
# The RFC's first example: blurdybloop, foo (\Noselect once deleted) and
# foo/bar.
> c1 CREATE blurdybloop
< c1 OK CREATE completed
> c2 CREATE foo/bar
< c2 OK CREATE completed
> d5 DELETE blurdybloop
< d5 OK DELETE completed
# foo is a real mailbox here: it may be deleted; foo/bar stays.
> d6 DELETE foo
< d6 OK DELETE completed
> l1 LIST "" foo*
< * LIST (\HasNoChildren) "/" foo/bar
< l1 OK LIST completed
# "%" shows the parent that is left as \Noselect (section 6.3.5's second
# example) ...
> l2 LIST "" %
< * LIST (\HasNoChildren) "/" INBOX
< * LIST (\HasNoChildren \Archive) "/" Archive
< * LIST (\HasNoChildren \Drafts) "/" Drafts
< * LIST (\HasNoChildren \Junk) "/" Junk
< * LIST (\HasNoChildren \Sent) "/" Sent
< * LIST (\HasNoChildren \Trash) "/" Trash
< * LIST (\Noselect \HasChildren) "/" foo
< l2 OK LIST completed
# ... which cannot be deleted while it has children ...
> d7 DELETE foo
< d7 NO [HASCHILDREN] Mailbox has children
> d8 SELECT foo
< d8 NO [NONEXISTENT] Mailbox doesn't exist
> d9 DELETE foo/bar
< d9 OK DELETE completed
# ... and is gone with its last child.
> d10 DELETE foo
< d10 NO [NONEXISTENT] Mailbox doesn't exist
> l3 LIST "" foo*
< l3 OK LIST completed
# Messages go with the mailbox; a new mailbox of the same name never
# reuses its UIDs: a new UIDVALIDITY, or UIDs above the old ones.
> c3 CREATE box
< c3 OK CREATE completed
> c4 APPEND box {5+}
> hello
< c4 OK [APPENDUID {{N:v1}} 1] APPEND completed
> d11 DELETE box
< d11 OK DELETE completed
> c5 CREATE box
< c5 OK CREATE completed
> s1 STATUS box (MESSAGES UIDVALIDITY)
< * STATUS box (MESSAGES 0 UIDVALIDITY {{!=v1}})
< s1 OK STATUS completed
> c6 APPEND box {5+}
> hello
< c6 OK [APPENDUID {{N:v2}} 1] APPEND completed
# Deleting the selected mailbox: OK [CLOSED], back to the authenticated
# state.
> s2 SELECT box
< * 1 EXISTS
< * 1 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=v2}}] UIDs valid
< * OK [UIDNEXT 2] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< s2 OK [READ-WRITE] SELECT completed
> d12 DELETE box
< * OK [CLOSED] Mailbox deleted
< d12 OK DELETE completed
> f1 FETCH 1 UID
< f1 BAD No mailbox selected
# Special-use mailboxes may be deleted like any other.
> d13 DELETE Junk
< d13 OK DELETE completed
