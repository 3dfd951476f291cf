# SPECIAL-USE (RFC 6154) and LIST-STATUS (RFC 5819), from the RFCs'
# examples on the same hierarchy.
@user alice secret
@conn A
< * OK {{*}} Cairn ready.
> a LOGIN alice secret
< a OK [CAPABILITY {{*}} LIST-STATUS SPECIAL-USE CREATE-SPECIAL-USE {{*}}] Logged in
# RFC 6154 section 5: ToDo, Projects/x, SentMail (\Sent), MyDrafts
# (\Drafts), Trash (\Trash); the other standard mailboxes go.
>> s1 DELETE Archive\r\ns2 DELETE Drafts\r\ns3 DELETE Junk\r\ns4 DELETE Sent\r\n
< s1 OK DELETE completed
< s2 OK DELETE completed
< s3 OK DELETE completed
< s4 OK DELETE completed
>> s5 CREATE ToDo\r\ns6 CREATE Projects/x\r\ns7 CREATE SentMail (USE (\Sent))\r\ns8 CREATE MyDrafts (USE (\Drafts))\r\n
< s5 OK CREATE completed
< s6 OK CREATE completed
< s7 OK CREATE completed
< s8 OK CREATE completed
# 5.1: a plain LIST may carry the attributes.
> t1 LIST "" "%"
< * LIST (\HasNoChildren) "/" INBOX
< * LIST (\HasNoChildren \Drafts) "/" MyDrafts
< * LIST (\HasChildren) "/" Projects
< * LIST (\HasNoChildren \Sent) "/" SentMail
< * LIST (\HasNoChildren) "/" ToDo
< * LIST (\HasNoChildren \Trash) "/" Trash
< t1 OK LIST completed
# 5.2: the return option, then the selection option (which implies it).
> t2 LIST "" "%" RETURN (SPECIAL-USE)
< * LIST (\HasNoChildren) "/" INBOX
< * LIST (\HasNoChildren \Drafts) "/" MyDrafts
< * LIST (\HasChildren) "/" Projects
< * LIST (\HasNoChildren \Sent) "/" SentMail
< * LIST (\HasNoChildren) "/" ToDo
< * LIST (\HasNoChildren \Trash) "/" Trash
< t2 OK LIST completed
> t3 LIST (SPECIAL-USE) "" "*"
< * LIST (\HasNoChildren \Drafts) "/" MyDrafts
< * LIST (\HasNoChildren \Sent) "/" SentMail
< * LIST (\HasNoChildren \Trash) "/" Trash
< t3 OK LIST completed
# An extended LIST without the return option leaves them out.
> t4 LIST () "" "%"
< * LIST (\HasNoChildren) "/" INBOX
< * LIST (\HasNoChildren) "/" MyDrafts
< * LIST (\HasChildren) "/" Projects
< * LIST (\HasNoChildren) "/" SentMail
< * LIST (\HasNoChildren) "/" ToDo
< * LIST (\HasNoChildren) "/" Trash
< t4 OK LIST completed
# Selection options combine: special-use AND subscribed (Trash is, from
# the account's creation; SentMail and MyDrafts are not).
> t5 LIST (SPECIAL-USE SUBSCRIBED) "" "*"
< * LIST (\HasNoChildren \Subscribed \Trash) "/" Trash
< t5 OK LIST completed
> t6 LIST (SPECIAL-USE RECURSIVEMATCH) "" "*"
< t6 BAD RECURSIVEMATCH requires SUBSCRIBED
# 5.3: \All is not supported here.
> t7 CREATE Everything (USE (\All))
< t7 NO [USEATTR] Unsupported special-use attribute
# RFC 5819 section 3, A01: STATUS after each selectable mailbox's LIST,
# items in the order asked; none for a \Noselect name. (An extended LIST
# carries special-use attributes only with RETURN (SPECIAL-USE).)
>> m1 APPEND ToDo (\Seen) {1+}\r\nx {1+}\r\ny\r\nm2 DELETE Projects\r\n
< m1 OK [APPENDUID {{N}} 1:2] APPEND completed
< m2 OK DELETE completed
> A01 LIST "" % RETURN (STATUS (MESSAGES UNSEEN))
< * LIST (\HasNoChildren) "/" INBOX
< * STATUS INBOX (MESSAGES 0 UNSEEN 0)
< * LIST (\HasNoChildren) "/" MyDrafts
< * STATUS MyDrafts (MESSAGES 0 UNSEEN 0)
< * LIST (\NonExistent \HasChildren) "/" Projects
< * LIST (\HasNoChildren) "/" SentMail
< * STATUS SentMail (MESSAGES 0 UNSEEN 0)
< * LIST (\HasNoChildren) "/" ToDo
< * STATUS ToDo (MESSAGES 2 UNSEEN 1)
< * LIST (\HasNoChildren) "/" Trash
< * STATUS Trash (MESSAGES 0 UNSEEN 0)
< A01 OK LIST completed
# A02: a name listed for its subscribed children only gets no STATUS.
>> m3 SUBSCRIBE Projects/x\r\nm4 UNSUBSCRIBE Trash\r\nm4a UNSUBSCRIBE Archive\r\nm4b UNSUBSCRIBE Drafts\r\nm4c UNSUBSCRIBE Junk\r\nm4d UNSUBSCRIBE Sent\r\n
< m3 OK SUBSCRIBE completed
< m4 OK UNSUBSCRIBE completed
< m4a OK UNSUBSCRIBE completed
< m4b OK UNSUBSCRIBE completed
< m4c OK UNSUBSCRIBE completed
< m4d OK UNSUBSCRIBE completed
>> m5 CREATE Projects\r\n
< m5 OK CREATE completed
> A02 LIST (SUBSCRIBED RECURSIVEMATCH) "" % RETURN (STATUS (MESSAGES))
< * LIST (\HasNoChildren \Subscribed) "/" INBOX
< * STATUS INBOX (MESSAGES 0)
< * LIST (\HasChildren) "/" Projects ("CHILDINFO" ("SUBSCRIBED"))
< A02 OK LIST completed
# Every STATUS item, with several patterns and other return options.
> A03 LIST "" (ToDo INBOX) RETURN (CHILDREN SUBSCRIBED STATUS (MESSAGES UIDNEXT UIDVALIDITY UNSEEN DELETED SIZE RECENT APPENDLIMIT))
< * LIST (\HasNoChildren \Subscribed) "/" INBOX
< * STATUS INBOX (MESSAGES 0 UIDNEXT 1 UIDVALIDITY {{N}} UNSEEN 0 DELETED 0 SIZE 0 RECENT 0 APPENDLIMIT 67108864)
< * LIST (\HasNoChildren) "/" ToDo
< * STATUS ToDo (MESSAGES 2 UIDNEXT 3 UIDVALIDITY {{N}} UNSEEN 1 DELETED 0 SIZE 2 RECENT 2 APPENDLIMIT 67108864)
< A03 OK LIST completed
> A04 LIST "" % RETURN (STATUS (FOO))
< A04 BAD Unknown STATUS item FOO
> A05 LIST "" % RETURN (STATUS ())
< A05 BAD Expected an atom
> A06 LIST "" % RETURN (STATUS)
< A06 BAD Expected a space
