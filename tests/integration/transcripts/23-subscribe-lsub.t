# SUBSCRIBE, UNSUBSCRIBE (RFC 9051 sections 6.3.7, 6.3.8) and LSUB (RFC 3501
# section 6.3.9, IMAP4rev1). SUBSCRIBE checks that the mailbox exists (as
# Dovecot does, so that a typo shows); a subscription outlives its mailbox;
# UNSUBSCRIBE of a name that is not subscribed is fine. A new account is
# subscribed to its standard mailboxes.
@user alice secret
@conn A
< * OK {{*}} Cairn ready.
> a LOGIN alice secret
< a OK [CAPABILITY {{*}}] Logged in
> l1 LSUB "" *
< * LSUB () "/" INBOX
< * LSUB () "/" Archive
< * LSUB () "/" Drafts
< * LSUB () "/" Junk
< * LSUB () "/" Sent
< * LSUB () "/" Trash
< l1 OK LSUB completed
> c1 CREATE news/comp/mail/misc
< c1 OK CREATE completed
> s1 SUBSCRIBE news/comp/mail/misc
< s1 OK SUBSCRIBE completed
> s2 SUBSCRIBE nosuch
< s2 NO [NONEXISTENT] Mailbox doesn't exist
# Subscribing twice is harmless.
> s3 SUBSCRIBE news/comp/mail/misc
< s3 OK SUBSCRIBE completed
> l2 LSUB "news/" "comp/mail/*"
< * LSUB () "/" news/comp/mail/misc
< l2 OK LSUB completed
# "%" stops at a level with a subscribed name below: \Noselect (RFC 3501
# section 6.3.9).
> l3 LSUB "" news/%
< * LSUB (\Noselect) "/" news/comp
< l3 OK LSUB completed
> l4 LSUB "" %
< * LSUB () "/" INBOX
< * LSUB () "/" Archive
< * LSUB () "/" Drafts
< * LSUB () "/" Junk
< * LSUB () "/" Sent
< * LSUB () "/" Trash
< * LSUB (\Noselect) "/" news
< l4 OK LSUB completed
# The subscription stays when the mailbox goes (\Noselect in LSUB).
> d1 DELETE news/comp/mail/misc
< d1 OK DELETE completed
> l5 LSUB "" news/*
< * LSUB (\Noselect) "/" news/comp/mail/misc
< l5 OK LSUB completed
> u1 UNSUBSCRIBE news/comp/mail/misc
< u1 OK UNSUBSCRIBE completed
> u2 UNSUBSCRIBE news/comp/mail/misc
< u2 OK UNSUBSCRIBE completed
> u3 UNSUBSCRIBE never-subscribed
< u3 OK UNSUBSCRIBE completed
> l6 LSUB "" news*
< l6 OK LSUB completed
> u4 UNSUBSCRIBE Trash
< u4 OK UNSUBSCRIBE completed
> l7 LSUB "" T*
< l7 OK LSUB completed
# INBOX in any case is INBOX.
> u5 UNSUBSCRIBE inbox
< u5 OK UNSUBSCRIBE completed
> l8 LSUB "" INBOX
< l8 OK LSUB completed
> s4 SUBSCRIBE iNbOx
< s4 OK SUBSCRIBE completed
> l9 LSUB "" inbox
< * LSUB () "/" INBOX
< l9 OK LSUB completed
# Bad arguments.
> s5 SUBSCRIBE
< s5 BAD Missing arguments
> s6 SUBSCRIBE a b
< s6 BAD Unexpected extra arguments
> l10 LSUB ""
< l10 BAD Missing arguments
> s7 SUBSCRIBE &Jjo
< s7 NO [CANNOT] Mailbox name is not valid modified UTF-7
