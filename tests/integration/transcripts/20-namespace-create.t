# NAMESPACE (RFC 2342; RFC 9051 section 6.3.10) and CREATE (RFC 9051
# section 6.3.4; RFC 6154 CREATE-SPECIAL-USE). A new account has INBOX,
# Drafts, Sent, Trash, Junk and Archive with their special-use attributes.
@user alice secret
@conn A
< * OK {{*}} Cairn ready.
> a LOGIN alice secret
< a OK [CAPABILITY {{*}}] Logged in
> n1 NAMESPACE
< * NAMESPACE (("" "/")) NIL NIL
< n1 OK NAMESPACE completed
> n2 NAMESPACE x
< n2 BAD Unexpected extra arguments
> l1 LIST "" *
< * LIST (\HasNoChildren) "/" INBOX
< * LIST (\HasNoChildren \Archive) "/" Archive
< * LIST (\HasNoChildren \Drafts) "/" Drafts
< * LIST (\HasNoChildren \Junk) "/" Junk
< * LIST (\HasNoChildren \Sent) "/" Sent
< * LIST (\HasNoChildren \Trash) "/" Trash
< l1 OK LIST completed
# Superior names are created too (section 6.3.4: "SHOULD create foo/ and
# foo/bar/"), as real mailboxes.
> c1 CREATE foo/bar/zap
< c1 OK CREATE completed
> c2 LIST "" foo*
< * LIST (\HasChildren) "/" foo
< * LIST (\HasChildren) "/" foo/bar
< * LIST (\HasNoChildren) "/" foo/bar/zap
< c2 OK LIST completed
> c3 STATUS foo (MESSAGES UIDNEXT)
< * STATUS foo (MESSAGES 0 UIDNEXT 1)
< c3 OK STATUS completed
# A trailing delimiter declares the intent to create children; the name
# created is without it (the RFC's own example).
> c4 CREATE owatagusiam/
< c4 OK CREATE completed
> c5 CREATE owatagusiam/blurdybloop
< c5 OK CREATE completed
> c6 LIST "" owatagusiam*
< * LIST (\HasChildren) "/" owatagusiam
< * LIST (\HasNoChildren) "/" owatagusiam/blurdybloop
< c6 OK LIST completed
# Existing names, INBOX in any case, and names that differ only by the
# trailing delimiter: NO [ALREADYEXISTS] ("OK only if a new mailbox ... has
# been created").
> c7 CREATE foo/bar
< c7 NO [ALREADYEXISTS] Mailbox already exists
> c8 CREATE owatagusiam/
< c8 NO [ALREADYEXISTS] Mailbox already exists
> c9 CREATE INBOX
< c9 NO [ALREADYEXISTS] Mailbox already exists
> c10 CREATE iNbOx
< c10 NO [ALREADYEXISTS] Mailbox already exists
# Names below INBOX are allowed; other names are case-sensitive.
> c11 CREATE inbox/Sub
< c11 OK CREATE completed
> c12 CREATE FOO
< c12 OK CREATE completed
> c13 LIST "" INBOX*
< * LIST (\HasChildren) "/" INBOX
< * LIST (\HasNoChildren) "/" INBOX/Sub
< c13 OK LIST completed
# Invalid names: NO [CANNOT], never a file system path.
> c14 CREATE ""
< c14 NO [CANNOT] empty mailbox name
> c15 CREATE a//b
< c15 NO [CANNOT] empty hierarchy level in mailbox name
> c16 CREATE /abs
< c16 NO [CANNOT] empty hierarchy level in mailbox name
> c17 CREATE ../etc
< c17 NO [CANNOT] "." or ".." in mailbox name
> c18 CREATE a/./b
< c18 NO [CANNOT] "." or ".." in mailbox name
# A raw control character is no modified UTF-7; encoded, it is refused
# as what it is.
> c19 CREATE "tab\there"
< c19 NO [CANNOT] Mailbox name is not valid modified UTF-7
> c19b CREATE "tab&AAk-here"
< c19b NO [CANNOT] control character in mailbox name
> c20 CREATE ${rep:n:1025}
< c20 NO [CANNOT] mailbox name too long
> c21 CREATE
< c21 BAD Missing arguments
# CREATE-SPECIAL-USE (RFC 6154 section 3): one attribute of those Cairn
# supports (\All and \Flagged name virtual mailboxes, which it does not
# have); any other is NO [USEATTR] and nothing is created.
> u1 CREATE MySent (USE (\Sent))
< u1 OK CREATE completed
> u2 CREATE MyJunk (USE (\junk))
< u2 OK CREATE completed
> u3 CREATE Flagged (USE (\Flagged))
< u3 NO [USEATTR] Unsupported special-use attribute
> u4 CREATE Odd (USE (\Foo))
< u4 NO [USEATTR] Unsupported special-use attribute
> u5 CREATE Two (USE (\Drafts \Sent))
< u5 NO [USEATTR] Only one special-use attribute per mailbox
> u6 CREATE Bad (USE (Sent))
< u6 BAD Expected a special-use attribute
> u7 CREATE Bad (FOO (\Sent))
< u7 BAD Unknown CREATE parameter FOO
> u8 LIST (SPECIAL-USE) "" *
< * LIST (\HasNoChildren \Archive) "/" Archive
< * LIST (\HasNoChildren \Drafts) "/" Drafts
< * LIST (\HasNoChildren \Junk) "/" Junk
< * LIST (\HasNoChildren \Junk) "/" MyJunk
< * LIST (\HasNoChildren \Sent) "/" MySent
< * LIST (\HasNoChildren \Sent) "/" Sent
< * LIST (\HasNoChildren \Trash) "/" Trash
< u8 OK LIST completed
> u9 LIST "" (Flagged Odd Two Bad)
< u9 OK LIST completed
