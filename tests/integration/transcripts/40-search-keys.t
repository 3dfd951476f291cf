# SEARCH: every search key of RFC 9051 and RFC 3501 with its meaning
# (section 6.4.4), in the IMAP4rev1 answer form (* SEARCH). Three messages:
#   1: \Seen \Flagged, internal date 1-Feb-1994 23:30 -0800, Date: the same,
#      From "Alice Example", Cc carol, X-Ticket: 4711, 194 bytes
#   2: \Answered \Draft $Work, 2-Feb-1994 10:00 +0000, RFC 2047 subject
#      "Résumé draft", base64 body, Bcc boss, 299 bytes
#   3: \Deleted, 3-Feb-1994 08:00 +0100, no Date:, 1,102 bytes
@user alice secret
@conn A
< * OK {{*}} ready.
> a1 LOGIN alice secret
< a1 OK [CAPABILITY {{*}} ESEARCH SEARCHRES WITHIN {{*}}] Logged in
> a2 SELECT INBOX
< * 0 EXISTS
< * 0 RECENT
< * OK [UIDVALIDITY {{N}}] UIDs valid
< * OK [UIDNEXT 1] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< a2 OK [READ-WRITE] SELECT completed
> a3 APPEND INBOX (\Seen \Flagged) "01-Feb-1994 23:30:00 -0800" {194+}
>> From: "Alice Example" <alice@example.org>\r\nTo: bob@example.com\r\nCc: carol@example.net\r\nSubject: Quarterly report\r\nDate: Tue, 1 Feb 1994 23:30:00 -0800\r\nX-Ticket: 4711\r\n\r\nThe numbers look good.\r\n
>
< * 1 EXISTS
< * 1 RECENT
< a3 OK [APPENDUID {{N:uv}} 1] APPEND completed
> a4 APPEND INBOX (\Answered \Draft $Work) "02-Feb-1994 10:00:00 +0000" {299+}
>> From: bob@example.com\r\nTo: alice@example.org\r\nBcc: boss@example.com\r\nSubject: =?UTF-8?Q?R=C3=A9sum=C3=A9?= draft\r\nDate: Wed, 2 Feb 1994 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\nUGxlYXNlIHJldmlldyB0aGUgYXR0YWNoZWQgcsOpc3Vtw6ku\r\n
>
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Work)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft $Work \*)] Flags permitted
< * 2 EXISTS
< * 2 RECENT
< a4 OK [APPENDUID {{=uv}} 2] APPEND completed
> a5 APPEND INBOX (\Deleted) "03-Feb-1994 08:00:00 +0100" {1087+}
>> From: carol@example.net\r\nTo: alice@example.org\r\nSubject: Lunch?\r\n\r\nSee you at noon.\r\n${rep:y:1000}\r\n
>
< * 3 EXISTS
< * 3 RECENT
< a5 OK [APPENDUID {{=uv}} 3] APPEND completed
> b1 SEARCH ALL
< * SEARCH 1 2 3
< b1 OK SEARCH completed
# Flags and their UN- forms.
> b2 SEARCH SEEN
< * SEARCH 1
< b2 OK SEARCH completed
> b3 SEARCH UNSEEN
< * SEARCH 2 3
< b3 OK SEARCH completed
> b4 SEARCH ANSWERED
< * SEARCH 2
< b4 OK SEARCH completed
> b5 SEARCH UNANSWERED
< * SEARCH 1 3
< b5 OK SEARCH completed
> b6 SEARCH DELETED
< * SEARCH 3
< b6 OK SEARCH completed
> b7 SEARCH UNDELETED
< * SEARCH 1 2
< b7 OK SEARCH completed
> b8 SEARCH DRAFT
< * SEARCH 2
< b8 OK SEARCH completed
> b9 SEARCH UNDRAFT
< * SEARCH 1 3
< b9 OK SEARCH completed
> b10 SEARCH FLAGGED
< * SEARCH 1
< b10 OK SEARCH completed
> b11 SEARCH UNFLAGGED
< * SEARCH 2 3
< b11 OK SEARCH completed
> b12 SEARCH KEYWORD $work
< * SEARCH 2
< b12 OK SEARCH completed
> b13 SEARCH UNKEYWORD $Work
< * SEARCH 1 3
< b13 OK SEARCH completed
> b14 SEARCH KEYWORD Nope
< * SEARCH
< b14 OK SEARCH completed
# \Recent (IMAP4rev1): this session saw all three arrive.
> b15 SEARCH RECENT
< * SEARCH 1 2 3
< b15 OK SEARCH completed
> b16 SEARCH NEW
< * SEARCH 2 3
< b16 OK SEARCH completed
> b17 SEARCH OLD
< * SEARCH
< b17 OK SEARCH completed
# Internal date, its day in its own offset.
> b18 SEARCH BEFORE 2-Feb-1994
< * SEARCH 1
< b18 OK SEARCH completed
> b19 SEARCH ON 1-Feb-1994
< * SEARCH 1
< b19 OK SEARCH completed
> b20 SEARCH ON "02-Feb-1994"
< * SEARCH 2
< b20 OK SEARCH completed
> b21 SEARCH SINCE 2-Feb-1994
< * SEARCH 2 3
< b21 OK SEARCH completed
# Date: header, its day in its own offset; no Date: matches no SENT* key.
> b22 SEARCH SENTBEFORE 2-Feb-1994
< * SEARCH 1
< b22 OK SEARCH completed
> b23 SEARCH SENTON 1-Feb-1994
< * SEARCH 1
< b23 OK SEARCH completed
> b24 SEARCH SENTSINCE 1-Feb-1994
< * SEARCH 1 2
< b24 OK SEARCH completed
> b25 SEARCH NOT SENTSINCE 1-Jan-1970
< * SEARCH 3
< b25 OK SEARCH completed
# RFC822.SIZE.
> b26 SEARCH LARGER 1000
< * SEARCH 3
< b26 OK SEARCH completed
> b27 SEARCH SMALLER 299
< * SEARCH 1
< b27 OK SEARCH completed
> b28 SEARCH LARGER 194 SMALLER 300
< * SEARCH 2
< b28 OK SEARCH completed
# Addresses and subject: decoded, case-insensitive substrings.
> b29 SEARCH FROM "alice example"
< * SEARCH 1
< b29 OK SEARCH completed
> b30 SEARCH TO ALICE@
< * SEARCH 2 3
< b30 OK SEARCH completed
> b31 SEARCH CC carol
< * SEARCH 1
< b31 OK SEARCH completed
> b32 SEARCH BCC boss
< * SEARCH 2
< b32 OK SEARCH completed
> b33 SEARCH SUBJECT report
< * SEARCH 1
< b33 OK SEARCH completed
> b34 SEARCH CHARSET UTF-8 SUBJECT {8+}
>> R\xc3\x89SUM\xc3\x89
>
< * SEARCH 2
< b34 OK SEARCH completed
> b35 SEARCH FROM ""
< * SEARCH 1 2 3
< b35 OK SEARCH completed
> b36 SEARCH CC ""
< * SEARCH 1
< b36 OK SEARCH completed
# HEADER: the field's decoded value; "" matches every message with the field.
> b37 SEARCH HEADER X-Ticket 4711
< * SEARCH 1
< b37 OK SEARCH completed
> b38 SEARCH HEADER x-ticket ""
< * SEARCH 1
< b38 OK SEARCH completed
> b39 SEARCH HEADER Date ""
< * SEARCH 1 2
< b39 OK SEARCH completed
> b40 SEARCH HEADER X-Missing ""
< * SEARCH
< b40 OK SEARCH completed
# BODY: the decoded body only; TEXT: headers too.
> b41 SEARCH BODY "NUMBERS LOOK"
< * SEARCH 1
< b41 OK SEARCH completed
> b42 SEARCH BODY {8+}
>> r\xc3\xa9sum\xc3\xa9
>
< * SEARCH 2
< b42 OK SEARCH completed
> b43 SEARCH BODY lunch
< * SEARCH
< b43 OK SEARCH completed
> b44 SEARCH TEXT lunch
< * SEARCH 3
< b44 OK SEARCH completed
> b45 SEARCH TEXT "x-ticket: 47"
< * SEARCH 1
< b45 OK SEARCH completed
> b46 SEARCH BODY y
< * SEARCH 3
< b46 OK SEARCH completed
# Sets: sequence numbers, UIDs; numbers past the last message match nothing.
> b47 SEARCH 2:*
< * SEARCH 2 3
< b47 OK SEARCH completed
> b48 SEARCH 1,3:3
< * SEARCH 1 3
< b48 OK SEARCH completed
> b49 SEARCH 4:9
< * SEARCH
< b49 OK SEARCH completed
> b50 SEARCH UID 2:4
< * SEARCH 2 3
< b50 OK SEARCH completed
> b51 SEARCH UID *
< * SEARCH 3
< b51 OK SEARCH completed
# NOT, OR, groups and the implicit AND.
> b52 SEARCH NOT SEEN
< * SEARCH 2 3
< b52 OK SEARCH completed
> b53 SEARCH OR SEEN DRAFT
< * SEARCH 1 2
< b53 OK SEARCH completed
> b54 SEARCH OR (SEEN FLAGGED) (DELETED LARGER 1000)
< * SEARCH 1 3
< b54 OK SEARCH completed
> b55 SEARCH NOT (OR SEEN DELETED) UNSEEN
< * SEARCH 2
< b55 OK SEARCH completed
> b56 SEARCH OR OR 1 2 NOT NOT 3 TO alice
< * SEARCH 2 3
< b56 OK SEARCH completed
# UID SEARCH answers UIDs (here equal to the sequence numbers).
> b57 UID SEARCH DRAFT
< * SEARCH 2
< b57 OK SEARCH completed
# Another session: nothing is \Recent for it.
@conn B
< * OK {{*}} ready.
> c1 LOGIN alice secret
< c1 OK {{*}}
> c2 EXAMINE INBOX
< * 3 EXISTS
< * 0 RECENT
< * OK [UNSEEN 2] First unseen
< * OK [UIDVALIDITY {{N}}] UIDs valid
< * OK [UIDNEXT 4] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Work)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< c2 OK [READ-ONLY] EXAMINE completed
> c3 SEARCH RECENT
< * SEARCH
< c3 OK SEARCH completed
> c4 SEARCH OLD
< * SEARCH 1 2 3
< c4 OK SEARCH completed
> c5 LOGOUT
< * BYE Logging out
< c5 OK Logout completed
