# Non-ASCII mailbox names in modified UTF-7 (RFC 3501 section 5.1.3; RFC
# 9051 section 5.1.3 for clients that have not enabled UTF-8): accepted in
# every command, stored as UTF-8 NFC, sent back in the one canonical
# spelling. Everything that is not canonical modified UTF-7 is refused, so
# that two spellings can never name two look-alike mailboxes.
@user alice secret
@conn A
< * OK {{*}} Cairn ready.
> a LOGIN alice secret
< a OK [CAPABILITY {{*}}] Logged in
# The RFC's example name: ~peter/mail/台北/日本語.
> c1 CREATE ~peter/mail/&U,BTFw-/&ZeVnLIqe-
< c1 OK CREATE completed
> c2 CREATE Entw&APw-rfe
< c2 OK CREATE completed
# A character outside the BMP (U+1F600) is a surrogate pair in one run.
> c3 CREATE &2D3eAA-
< c3 OK CREATE completed
# "&" is written "&-"; runs are cut by printable ASCII, spaces included.
> c4 CREATE "na&AO8-ve &- cool"
< c4 OK CREATE completed
> c5 CREATE &BB8EQAQ4BDIENQRC-/&BDwEOARA-
< c5 OK CREATE completed
> l1 LIST "" *
< * LIST (\HasNoChildren) "/" INBOX
< * LIST (\HasNoChildren \Archive) "/" Archive
< * LIST (\HasNoChildren \Drafts) "/" Drafts
< * LIST (\HasNoChildren) "/" Entw&APw-rfe
< * LIST (\HasNoChildren \Junk) "/" Junk
< * LIST (\HasNoChildren \Sent) "/" Sent
< * LIST (\HasNoChildren \Trash) "/" Trash
< * LIST (\HasNoChildren) "/" "na&AO8-ve &- cool"
< * LIST (\HasChildren) "/" ~peter
< * LIST (\HasChildren) "/" ~peter/mail
< * LIST (\HasChildren) "/" ~peter/mail/&U,BTFw-
< * LIST (\HasNoChildren) "/" ~peter/mail/&U,BTFw-/&ZeVnLIqe-
< * LIST (\HasChildren) "/" &BB8EQAQ4BDIENQRC-
< * LIST (\HasNoChildren) "/" &BB8EQAQ4BDIENQRC-/&BDwEOARA-
< * LIST (\HasNoChildren) "/" &2D3eAA-
< l1 OK LIST completed
# Patterns are decoded too; wildcards stand next to encoded runs.
> l2 LIST "" ~peter/mail/&U,BTFw-/%
< * LIST (\HasNoChildren) "/" ~peter/mail/&U,BTFw-/&ZeVnLIqe-
< l2 OK LIST completed
> l3 LIST "" *&ZeVnLIqe-
< * LIST (\HasNoChildren) "/" ~peter/mail/&U,BTFw-/&ZeVnLIqe-
< l3 OK LIST completed
> l4 LIST &BB8EQAQ4BDIENQRC-/ %
< * LIST (\HasNoChildren) "/" &BB8EQAQ4BDIENQRC-/&BDwEOARA-
< l4 OK LIST completed
# The same names in STATUS, APPEND, SELECT, RENAME, SUBSCRIBE, DELETE.
> m1 APPEND Entw&APw-rfe {5+}
> draft
< m1 OK [APPENDUID {{N}} 1] APPEND completed
> m2 STATUS Entw&APw-rfe (MESSAGES)
< * STATUS Entw&APw-rfe (MESSAGES 1)
< m2 OK STATUS completed
> m3 RENAME Entw&APw-rfe &U,BTFw-
< m3 OK RENAME completed
> m4 SUBSCRIBE &U,BTFw-
< m4 OK SUBSCRIBE completed
> m5 LSUB "" &U,BTFw-
< * LSUB () "/" &U,BTFw-
< m5 OK LSUB completed
> m6 LIST "" &U,BTFw- RETURN (STATUS (MESSAGES))
< * LIST (\HasNoChildren) "/" &U,BTFw-
< * STATUS &U,BTFw- (MESSAGES 1)
< m6 OK LIST completed
> m7 EXAMINE &U,BTFw-
< * 1 EXISTS
< * 1 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{N}}] UIDs valid
< * OK [UIDNEXT 2] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< m7 OK [READ-ONLY] EXAMINE completed
> m8 DELETE &2D3eAA-
< m8 OK DELETE completed
# NFC: "cafe" + U+0301 names the same mailbox as "café" (U+00E9).
> n1 CREATE caf&AOk-
< n1 OK CREATE completed
> n2 CREATE cafe&AwE-
< n2 NO [ALREADYEXISTS] Mailbox already exists
> n3 STATUS cafe&AwE- (MESSAGES)
< * STATUS caf&AOk- (MESSAGES 0)
< n3 OK STATUS completed
# Refused: unterminated, not base64, encoded printable ASCII ("a"), two
# adjacent runs, a lone surrogate, left-over bits, an empty run, 8-bit
# bytes (UTF-8 is only for clients that enabled it), and control
# characters however they are encoded.
> b1 CREATE &Jjo
< b1 NO [CANNOT] Mailbox name is not valid modified UTF-7
> b2 CREATE &Jj!-
< b2 NO [CANNOT] Mailbox name is not valid modified UTF-7
> b3 CREATE &AGE-
< b3 NO [CANNOT] Mailbox name is not valid modified UTF-7
> b4 CREATE &U,BTFw-&ZeVnLIqe-
< b4 NO [CANNOT] Mailbox name is not valid modified UTF-7
> b5 CREATE &2D0-
< b5 NO [CANNOT] Mailbox name is not valid modified UTF-7
> b6 CREATE &AOl-
< b6 NO [CANNOT] Mailbox name is not valid modified UTF-7
> b7 CREATE a&b
< b7 NO [CANNOT] Mailbox name is not valid modified UTF-7
> b8 CREATE "caf\xc3\xa9"
< b8 NO [CANNOT] Mailbox name is not valid modified UTF-7
> b9 CREATE &AB8-
< b9 NO [CANNOT] control character in mailbox name
> b10 CREATE &AIU-
< b10 NO [CANNOT] control character in mailbox name
# (A SELECT leaves the mailbox EXAMINEd above even when it fails.)
> b11 SELECT &Jjo
< * OK [CLOSED] Previous mailbox closed
< b11 NO [CANNOT] Mailbox name is not valid modified UTF-7
> b12 APPEND &Jjo {1+}
> x
< b12 NO [CANNOT] Mailbox name is not valid modified UTF-7
> b13 RENAME INBOX &AGE-
< b13 NO [CANNOT] Mailbox name is not valid modified UTF-7
> b14 STATUS &Jjo (MESSAGES)
< b14 NO [CANNOT] Mailbox name is not valid modified UTF-7
> l5 LIST "" &Jjo*
< l5 BAD Invalid mailbox name in LIST
> l6 LIST "" *
< * LIST (\HasNoChildren) "/" INBOX
< * LIST (\HasNoChildren \Archive) "/" Archive
< * LIST (\HasNoChildren \Drafts) "/" Drafts
< * LIST (\HasNoChildren \Junk) "/" Junk
< * LIST (\HasNoChildren \Sent) "/" Sent
< * LIST (\HasNoChildren \Trash) "/" Trash
< * LIST (\HasNoChildren) "/" caf&AOk-
< * LIST (\HasNoChildren) "/" "na&AO8-ve &- cool"
< * LIST (\HasChildren) "/" ~peter
< * LIST (\HasChildren) "/" ~peter/mail
< * LIST (\HasChildren) "/" ~peter/mail/&U,BTFw-
< * LIST (\HasNoChildren) "/" ~peter/mail/&U,BTFw-/&ZeVnLIqe-
< * LIST (\HasChildren) "/" &BB8EQAQ4BDIENQRC-
< * LIST (\HasNoChildren) "/" &BB8EQAQ4BDIENQRC-/&BDwEOARA-
< * LIST (\HasNoChildren) "/" &U,BTFw-
< l6 OK LIST completed
