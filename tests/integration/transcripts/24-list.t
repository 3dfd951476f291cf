# LIST (RFC 9051 section 6.3.9; RFC 3501 section 6.3.8 for rev1 clients):
# "*" and "%", LIST "" "", the reference argument, INBOX in any case,
# \HasChildren / \HasNoChildren (CHILDREN, RFC 3348) and special-use
# attributes (RFC 6154 lets a plain LIST carry them).
@user alice secret
@conn A
< * OK {{*}} Cairn ready.
> a LOGIN alice secret
< a OK [CAPABILITY {{*}}] Logged in
> c1 CREATE foo/bar/baz
< c1 OK CREATE completed
> c2 CREATE foo/qux
< c2 OK CREATE completed
> c3 CREATE food
< c3 OK CREATE completed
# LIST "" "": the delimiter and the root name (section 6.3.9).
> l1 LIST "" ""
< * LIST (\Noselect) "/" ""
< l1 OK LIST completed
> l2 LIST foo ""
< * LIST (\Noselect) "/" ""
< l2 OK LIST completed
# INBOX first, then the others in order.
> l3 LIST "" *
< * LIST (\HasNoChildren) "/" INBOX
< * LIST (\HasNoChildren \Archive) "/" Archive
< * LIST (\HasNoChildren \Drafts) "/" Drafts
< * LIST (\HasNoChildren \Junk) "/" Junk
< * LIST (\HasNoChildren \Sent) "/" Sent
< * LIST (\HasNoChildren \Trash) "/" Trash
< * LIST (\HasChildren) "/" foo
< * LIST (\HasChildren) "/" foo/bar
< * LIST (\HasNoChildren) "/" foo/bar/baz
< * LIST (\HasNoChildren) "/" foo/qux
< * LIST (\HasNoChildren) "/" food
< l3 OK LIST completed
# "%" does not cross the delimiter.
> l4 LIST "" foo/%
< * LIST (\HasChildren) "/" foo/bar
< * LIST (\HasNoChildren) "/" foo/qux
< l4 OK LIST completed
> l5 LIST "" %/%/%
< * LIST (\HasNoChildren) "/" foo/bar/baz
< l5 OK LIST completed
> l6 LIST "" f%
< * LIST (\HasChildren) "/" foo
< * LIST (\HasNoChildren) "/" food
< l6 OK LIST completed
> l7 LIST "" *baz
< * LIST (\HasNoChildren) "/" foo/bar/baz
< l7 OK LIST completed
> l8 LIST "" nomatch*
< l8 OK LIST completed
# The reference is a prefix; a pattern starting with the delimiter ignores
# it (the name would start with "/", and no name does).
> l9 LIST foo/ %
< * LIST (\HasChildren) "/" foo/bar
< * LIST (\HasNoChildren) "/" foo/qux
< l9 OK LIST completed
> l10 LIST foo/bar/ *
< * LIST (\HasNoChildren) "/" foo/bar/baz
< l10 OK LIST completed
> l11 LIST foo *
< * LIST (\HasChildren) "/" foo
< * LIST (\HasChildren) "/" foo/bar
< * LIST (\HasNoChildren) "/" foo/bar/baz
< * LIST (\HasNoChildren) "/" foo/qux
< * LIST (\HasNoChildren) "/" food
< l11 OK LIST completed
> l12 LIST foo/ /*
< l12 OK LIST completed
# INBOX matches in any case, and is always written "INBOX".
> l13 LIST "" inbox
< * LIST (\HasNoChildren) "/" INBOX
< l13 OK LIST completed
> l14 LIST "" InBoX
< * LIST (\HasNoChildren) "/" INBOX
< l14 OK LIST completed
> l15 LIST "" I*
< * LIST (\HasNoChildren) "/" INBOX
< l15 OK LIST completed
# Other names are case-sensitive.
> l16 LIST "" FOO
< l16 OK LIST completed
# Quoted and literal arguments.
> l17 LIST "" "foo/qux"
< * LIST (\HasNoChildren) "/" foo/qux
< l17 OK LIST completed
> l18 LIST {0+}
>  {5+}
> foo/%
< * LIST (\HasChildren) "/" foo/bar
< * LIST (\HasNoChildren) "/" foo/qux
< l18 OK LIST completed
# A name that exists only as a parent shows as \Noselect where "%" stops at
# its level, and not for "*".
> d1 DELETE foo/bar
< d1 OK DELETE completed
> d2 DELETE foo
< d2 OK DELETE completed
> l19 LIST "" %
< * LIST (\HasNoChildren) "/" INBOX
< * LIST (\HasNoChildren \Archive) "/" Archive
< * LIST (\HasNoChildren \Drafts) "/" Drafts
< * LIST (\HasNoChildren \Junk) "/" Junk
< * LIST (\HasNoChildren \Sent) "/" Sent
< * LIST (\HasNoChildren \Trash) "/" Trash
< * LIST (\Noselect \HasChildren) "/" foo
< * LIST (\HasNoChildren) "/" food
< l19 OK LIST completed
> l20 LIST "" foo*
< * LIST (\HasNoChildren) "/" foo/bar/baz
< * LIST (\HasNoChildren) "/" foo/qux
< * LIST (\HasNoChildren) "/" food
< l20 OK LIST completed
# Bad arguments.
> b1 LIST ""
< b1 BAD Missing arguments
> b2 LIST "" * extra
< b2 BAD Expected RETURN
> b3 LIST "" &Jjo
< b3 BAD Invalid mailbox name in LIST
