# LIST-EXTENDED (RFC 5258), played from the RFC's own examples (section 5)
# on the same hierarchies. Cairn sends \HasChildren / \HasNoChildren always
# (section 4 allows it) and has no \Marked, \NoInferiors or remote
# mailboxes, so those attributes differ from the RFC's text; everything else
# is as printed there.
@user alice secret
@user bob secret
@user carol secret
@user dave secret
@user erin secret

# --- Examples 1 to 6 ------------------------------------------------------
@conn A
< * OK {{*}} Cairn ready.
> a LOGIN alice secret
< a OK [CAPABILITY {{*}} LIST-EXTENDED {{*}}] Logged in
# Set-up: the RFC's hierarchy and subscriptions, without the standard
# mailboxes of a new account.
>> s1 DELETE Archive\r\ns2 DELETE Drafts\r\ns3 DELETE Junk\r\ns4 DELETE Sent\r\ns5 DELETE Trash\r\n
< s1 OK DELETE completed
< s2 OK DELETE completed
< s3 OK DELETE completed
< s4 OK DELETE completed
< s5 OK DELETE completed
>> s6 UNSUBSCRIBE Archive\r\ns7 UNSUBSCRIBE Drafts\r\ns8 UNSUBSCRIBE Junk\r\ns9 UNSUBSCRIBE Sent\r\ns10 UNSUBSCRIBE Trash\r\n
< s6 OK UNSUBSCRIBE completed
< s7 OK UNSUBSCRIBE completed
< s8 OK UNSUBSCRIBE completed
< s9 OK UNSUBSCRIBE completed
< s10 OK UNSUBSCRIBE completed
>> s11 CREATE Fruit/Apple\r\ns12 CREATE Fruit/Banana\r\ns13 CREATE Fruit/Peach\r\ns14 CREATE Tofu\r\ns15 CREATE Vegetable/Broccoli\r\ns16 CREATE Vegetable/Corn\r\n
< s11 OK CREATE completed
< s12 OK CREATE completed
< s13 OK CREATE completed
< s14 OK CREATE completed
< s15 OK CREATE completed
< s16 OK CREATE completed
>> s17 SUBSCRIBE Fruit/Banana\r\ns18 SUBSCRIBE Fruit/Peach\r\ns19 SUBSCRIBE Vegetable\r\ns20 SUBSCRIBE Vegetable/Broccoli\r\ns21 DELETE Fruit/Peach\r\n
< s17 OK SUBSCRIBE completed
< s18 OK SUBSCRIBE completed
< s19 OK SUBSCRIBE completed
< s20 OK SUBSCRIBE completed
< s21 OK DELETE completed
# 1: the whole hierarchy.
> A01 LIST "" "*"
< * LIST (\HasNoChildren) "/" INBOX
< * LIST (\HasChildren) "/" Fruit
< * LIST (\HasNoChildren) "/" Fruit/Apple
< * LIST (\HasNoChildren) "/" Fruit/Banana
< * LIST (\HasNoChildren) "/" Tofu
< * LIST (\HasChildren) "/" Vegetable
< * LIST (\HasNoChildren) "/" Vegetable/Broccoli
< * LIST (\HasNoChildren) "/" Vegetable/Corn
< A01 OK LIST completed
# 2: subscribed names, the deleted Fruit/Peach as \NonExistent.
> A02 LIST (SUBSCRIBED) "" "*"
< * LIST (\HasNoChildren \Subscribed) "/" INBOX
< * LIST (\HasNoChildren \Subscribed) "/" Fruit/Banana
< * LIST (\NonExistent \Subscribed) "/" Fruit/Peach
< * LIST (\HasChildren \Subscribed) "/" Vegetable
< * LIST (\HasNoChildren \Subscribed) "/" Vegetable/Broccoli
< A02 OK LIST completed
# 3: CHILDREN.
> A03 LIST () "" "%" RETURN (CHILDREN)
< * LIST (\HasNoChildren) "/" INBOX
< * LIST (\HasChildren) "/" Fruit
< * LIST (\HasNoChildren) "/" Tofu
< * LIST (\HasChildren) "/" Vegetable
< A03 OK LIST completed
# 4 and 5: REMOTE adds nothing here (no remote mailboxes).
> A04 LIST (REMOTE) "" "%" RETURN (CHILDREN)
< * LIST (\HasNoChildren) "/" INBOX
< * LIST (\HasChildren) "/" Fruit
< * LIST (\HasNoChildren) "/" Tofu
< * LIST (\HasChildren) "/" Vegetable
< A04 OK LIST completed
> A05 LIST (REMOTE SUBSCRIBED) "" "*"
< * LIST (\HasNoChildren \Subscribed) "/" INBOX
< * LIST (\HasNoChildren \Subscribed) "/" Fruit/Banana
< * LIST (\NonExistent \Subscribed) "/" Fruit/Peach
< * LIST (\HasChildren \Subscribed) "/" Vegetable
< * LIST (\HasNoChildren \Subscribed) "/" Vegetable/Broccoli
< A05 OK LIST completed
# 6: RETURN (SUBSCRIBED) reports subscription state without selecting by it,
# so the non-existent Fruit/Peach is not listed.
> A06 LIST (REMOTE) "" "*" RETURN (SUBSCRIBED)
< * LIST (\HasNoChildren \Subscribed) "/" INBOX
< * LIST (\HasChildren) "/" Fruit
< * LIST (\HasNoChildren) "/" Fruit/Apple
< * LIST (\HasNoChildren \Subscribed) "/" Fruit/Banana
< * LIST (\HasNoChildren) "/" Tofu
< * LIST (\HasChildren \Subscribed) "/" Vegetable
< * LIST (\HasNoChildren \Subscribed) "/" Vegetable/Broccoli
< * LIST (\HasNoChildren) "/" Vegetable/Corn
< A06 OK LIST completed
# Section 3.5: RECURSIVEMATCH lists Fruit for its subscribed children with
# CHILDINFO; Vegetable is subscribed and has a subscribed child: CHILDINFO
# as well.
> A07 LIST (SUBSCRIBED RECURSIVEMATCH) "" "%" RETURN (CHILDREN)
< * LIST (\HasNoChildren \Subscribed) "/" INBOX
< * LIST (\HasChildren) "/" Fruit ("CHILDINFO" ("SUBSCRIBED"))
< * LIST (\HasChildren \Subscribed) "/" Vegetable ("CHILDINFO" ("SUBSCRIBED"))
< A07 OK LIST completed
# Without RECURSIVEMATCH, no CHILDINFO and no Fruit.
> A08 LIST (SUBSCRIBED) "" "%"
< * LIST (\HasNoChildren \Subscribed) "/" INBOX
< * LIST (\HasChildren \Subscribed) "/" Vegetable
< A08 OK LIST completed
# RECURSIVEMATCH alone (or only with REMOTE) is BAD (section 3.1); so are
# unknown options (section 3: "MUST respond ... with a BAD").
> A09 LIST (RECURSIVEMATCH) "" "%"
< A09 BAD RECURSIVEMATCH requires SUBSCRIBED
> A10 LIST (REMOTE RECURSIVEMATCH) "" "%"
< A10 BAD RECURSIVEMATCH requires SUBSCRIBED
> A11 LIST (FOO) "" "%"
< A11 BAD Unknown LIST selection option FOO
> A12 LIST "" "%" RETURN (FOO)
< A12 BAD Unknown LIST return option FOO
# An option given twice counts once; options are case-insensitive.
> A13 LIST (subscribed SUBSCRIBED) "" "Veg*"
< * LIST (\HasChildren \Subscribed) "/" Vegetable
< * LIST (\HasNoChildren \Subscribed) "/" Vegetable/Broccoli
< A13 OK LIST completed
# An empty RETURN list and empty selection options are plain LIST.
> A14 LIST () "" "T%" RETURN ()
< * LIST (\HasNoChildren) "/" Tofu
< A14 OK LIST completed
> A15 LIST "" "%" RETURN (
< A15 BAD Missing arguments
> A16 LIST "" "%" RETURN CHILDREN
< A16 BAD Expected '('

# --- Example 7: several patterns ---------------------------------------
@conn B
< * OK {{*}} Cairn ready.
> b LOGIN bob secret
< b OK [CAPABILITY {{*}}] Logged in
>> s1 CREATE Sent/March2004\r\ns2 CREATE Sent/December2003\r\ns3 CREATE Sent/August2004\r\n
< s1 OK CREATE completed
< s2 OK CREATE completed
< s3 OK CREATE completed
> BBB LIST "" ("INBOX" "Drafts" "Sent/%")
< * LIST (\HasNoChildren) "/" INBOX
< * LIST (\HasNoChildren) "/" Drafts
< * LIST (\HasNoChildren) "/" Sent/August2004
< * LIST (\HasNoChildren) "/" Sent/December2003
< * LIST (\HasNoChildren) "/" Sent/March2004
< BBB OK LIST completed
# A name matched by two patterns is listed once.
> BB2 LIST "" ("Sent/*" "*2003")
< * LIST (\HasNoChildren) "/" Sent/August2004
< * LIST (\HasNoChildren) "/" Sent/December2003
< * LIST (\HasNoChildren) "/" Sent/March2004
< BB2 OK LIST completed
> BB3 LIST "" ()
< BB3 BAD Expected an atom

# --- Example 8: \HasChildren versus CHILDINFO -----------------------------
@conn C
< * OK {{*}} Cairn ready.
> c LOGIN carol secret
< c OK [CAPABILITY {{*}}] Logged in
>> s1 DELETE Archive\r\ns2 DELETE Drafts\r\ns3 DELETE Junk\r\ns4 DELETE Sent\r\ns5 DELETE Trash\r\n
< s1 OK DELETE completed
< s2 OK DELETE completed
< s3 OK DELETE completed
< s4 OK DELETE completed
< s5 OK DELETE completed
>> s6 UNSUBSCRIBE Archive\r\ns7 UNSUBSCRIBE Drafts\r\ns8 UNSUBSCRIBE Junk\r\ns9 UNSUBSCRIBE Sent\r\ns10 UNSUBSCRIBE Trash\r\ns11 UNSUBSCRIBE INBOX\r\n
< s6 OK UNSUBSCRIBE completed
< s7 OK UNSUBSCRIBE completed
< s8 OK UNSUBSCRIBE completed
< s9 OK UNSUBSCRIBE completed
< s10 OK UNSUBSCRIBE completed
< s11 OK UNSUBSCRIBE completed
>> s12 CREATE Foo/Bar\r\ns13 CREATE Foo/Baz\r\ns14 CREATE Moo\r\n
< s12 OK CREATE completed
< s13 OK CREATE completed
< s14 OK CREATE completed
> CA3 LIST "" "%" RETURN (CHILDREN)
< * LIST (\HasNoChildren) "/" INBOX
< * LIST (\HasChildren) "/" Foo
< * LIST (\HasNoChildren) "/" Moo
< CA3 OK LIST completed
# B) nothing subscribed: nothing, although Foo has children.
> C00 LIST (SUBSCRIBED RECURSIVEMATCH) "" "%"
< C00 OK LIST completed
# A) only Foo/Baz subscribed.
> s15 SUBSCRIBE Foo/Baz
< s15 OK SUBSCRIBE completed
> C02 LIST (SUBSCRIBED) "" "*"
< * LIST (\HasNoChildren \Subscribed) "/" Foo/Baz
< C02 OK LIST completed
> C03 LIST (SUBSCRIBED) "" "%"
< C03 OK LIST completed
> C04 LIST (SUBSCRIBED RECURSIVEMATCH) "" "%"
< * LIST (\HasChildren) "/" Foo ("CHILDINFO" ("SUBSCRIBED"))
< C04 OK LIST completed
# A1) Foo subscribed as well.
> s16 SUBSCRIBE Foo
< s16 OK SUBSCRIBE completed
> C05 LIST (SUBSCRIBED RECURSIVEMATCH) "" "%"
< * LIST (\HasChildren \Subscribed) "/" Foo ("CHILDINFO" ("SUBSCRIBED"))
< C05 OK LIST completed
# A2) Foo not part of the hierarchy and not subscribed.
> s17 UNSUBSCRIBE Foo
< s17 OK UNSUBSCRIBE completed
> s18 DELETE Foo
< s18 OK DELETE completed
> C06 LIST (SUBSCRIBED RECURSIVEMATCH) "" "%"
< * LIST (\NonExistent \HasChildren) "/" Foo ("CHILDINFO" ("SUBSCRIBED"))
< C06 OK LIST completed
# C) only Foo and Moo subscribed: no CHILDINFO.
> s19 CREATE Foo
< s19 OK CREATE completed
>> s20 UNSUBSCRIBE Foo/Baz\r\ns21 SUBSCRIBE Foo\r\ns22 SUBSCRIBE Moo\r\n
< s20 OK UNSUBSCRIBE completed
< s21 OK SUBSCRIBE completed
< s22 OK SUBSCRIBE completed
> C07 LIST (SUBSCRIBED RECURSIVEMATCH) "" "%" RETURN (CHILDREN)
< * LIST (\HasChildren \Subscribed) "/" Foo
< * LIST (\HasNoChildren \Subscribed) "/" Moo
< C07 OK LIST completed

# --- Example 9: CHILDINFO whether or not the children match ---------------
@conn D
< * OK {{*}} Cairn ready.
> d LOGIN dave secret
< d OK [CAPABILITY {{*}}] Logged in
>> s1 CREATE foo2/bar1\r\ns2 CREATE foo2/bar2\r\ns3 CREATE baz2/bar2\r\ns4 CREATE baz2/bar22\r\ns5 CREATE baz2/bar222\r\ns6 CREATE eps2/mamba\r\ns7 CREATE qux2/bar2\r\ns8 DELETE qux2\r\n
< s1 OK CREATE completed
< s2 OK CREATE completed
< s3 OK CREATE completed
< s4 OK CREATE completed
< s5 OK CREATE completed
< s6 OK CREATE completed
< s7 OK CREATE completed
< s8 OK DELETE completed
>> s9 SUBSCRIBE foo2/bar1\r\ns10 SUBSCRIBE foo2/bar2\r\ns11 SUBSCRIBE baz2/bar2\r\ns12 SUBSCRIBE baz2/bar22\r\ns13 SUBSCRIBE baz2/bar222\r\ns14 SUBSCRIBE eps2\r\ns15 SUBSCRIBE eps2/mamba\r\ns16 SUBSCRIBE qux2/bar2\r\n
< s9 OK SUBSCRIBE completed
< s10 OK SUBSCRIBE completed
< s11 OK SUBSCRIBE completed
< s12 OK SUBSCRIBE completed
< s13 OK SUBSCRIBE completed
< s14 OK SUBSCRIBE completed
< s15 OK SUBSCRIBE completed
< s16 OK SUBSCRIBE completed
> D02 LIST (SUBSCRIBED) "" "*2"
< * LIST (\HasNoChildren \Subscribed) "/" baz2/bar2
< * LIST (\HasNoChildren \Subscribed) "/" baz2/bar22
< * LIST (\HasNoChildren \Subscribed) "/" baz2/bar222
< * LIST (\HasChildren \Subscribed) "/" eps2
< * LIST (\HasNoChildren \Subscribed) "/" foo2/bar2
< * LIST (\HasNoChildren \Subscribed) "/" qux2/bar2
< D02 OK LIST completed
# The RFC's D03 with the two optional lines it allows: baz2 and qux2.
> D03 LIST (RECURSIVEMATCH SUBSCRIBED) "" "*2"
< * LIST (\HasChildren) "/" baz2 ("CHILDINFO" ("SUBSCRIBED"))
< * LIST (\HasNoChildren \Subscribed) "/" baz2/bar2
< * LIST (\HasNoChildren \Subscribed) "/" baz2/bar22
< * LIST (\HasNoChildren \Subscribed) "/" baz2/bar222
< * LIST (\HasChildren \Subscribed) "/" eps2 ("CHILDINFO" ("SUBSCRIBED"))
< * LIST (\HasChildren) "/" foo2 ("CHILDINFO" ("SUBSCRIBED"))
< * LIST (\HasNoChildren \Subscribed) "/" foo2/bar2
< * LIST (\NonExistent \HasChildren) "/" qux2 ("CHILDINFO" ("SUBSCRIBED"))
< * LIST (\HasNoChildren \Subscribed) "/" qux2/bar2
< D03 OK LIST completed

# --- Example 10: several patterns; CHILDINFO without \HasChildren ---------
@conn E
< * OK {{*}} Cairn ready.
> e LOGIN erin secret
< e OK [CAPABILITY {{*}}] Logged in
>> s1 CREATE foo/bar\r\ns2 SUBSCRIBE foo/bar\r\ns3 DELETE foo/bar\r\n
< s1 OK CREATE completed
< s2 OK SUBSCRIBE completed
< s3 OK DELETE completed
> a1 LIST "" ("foo" "foo/*")
< * LIST (\HasNoChildren) "/" foo
< a1 OK LIST completed
> a2 LIST (SUBSCRIBED) "" "foo/*"
< * LIST (\NonExistent \Subscribed) "/" foo/bar
< a2 OK LIST completed
> a3 LIST (SUBSCRIBED RECURSIVEMATCH) "" foo RETURN (CHILDREN)
< * LIST (\HasNoChildren) "/" foo ("CHILDINFO" ("SUBSCRIBED"))
< a3 OK LIST completed
