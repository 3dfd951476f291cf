# IMAP4rev2 (RFC 9051) beside IMAP4rev1: after ENABLE IMAP4rev2 a session
# behaves as RFC 9051 says, each item of Appendix E checked here in turn.
@user alice secret
@conn A
# Both revisions are advertised, before and after login (Appendix A).
< * OK [CAPABILITY IMAP4rev1 IMAP4rev2 {{*}}] Cairn ready.
> a1 LOGIN alice secret
< a1 OK [CAPABILITY IMAP4rev1 IMAP4rev2 {{*}} ENABLE IDLE LITERAL+ NAMESPACE UIDPLUS UNSELECT {{*}} LIST-EXTENDED LIST-STATUS SPECIAL-USE {{*}} STATUS=SIZE BINARY MOVE {{*}} ESEARCH SEARCHRES WITHIN SORT SORT=DISPLAY THREAD=ORDEREDSUBJECT THREAD=REFERENCES ESORT CONTEXT=SEARCH CONTEXT=SORT PARTIAL UTF8=ACCEPT {{*}}] Logged in
# Before ENABLE: IMAP4rev1 (SEARCH response, \Recent).
> a2 SELECT INBOX
< * 0 EXISTS
< * 0 RECENT
< * OK [UIDVALIDITY {{N:uv}}] UIDs valid
< * OK [UIDNEXT 1] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< a2 OK [READ-WRITE] SELECT completed
> a3 SEARCH ALL
< * SEARCH
< a3 OK SEARCH completed
# ENABLE is for the authenticated state only (RFC 9051 section 6.3.1).
> a4 ENABLE IMAP4rev2
< a4 BAD ENABLE is not allowed with a mailbox selected
> a5 UNSELECT
< a5 OK UNSELECT completed
> a6 ENABLE IMAP4rev2 X-UNKNOWN
< * ENABLED IMAP4rev2
< a6 OK ENABLE completed
> a7 ENABLE IMAP4rev2
< * ENABLED
< a7 OK ENABLE completed
# E.16: UTF-8 mailbox names (no modified UTF-7) and UTF-8 quoted strings.
> b1 CREATE "Пример/Über"
< b1 OK CREATE completed
> b2 LIST "" "Пример*"
< * LIST (\HasChildren) "/" "Пример"
< * LIST (\HasNoChildren) "/" "Пример/Über"
< b2 OK LIST completed
# E.16: message headers in UTF-8 (RFC 6532) may be appended.
> b3 APPEND INBOX (\Seen) {61+}
>> Subject: Grüße aus Köln\r\nFrom: jörg@example.de\r\n\r\nHallo\r\n
>
< b3 OK [APPENDUID {{=uv}} 1] APPEND completed
> b4 APPEND INBOX {27+}
>> Subject: second\r\n\r\nsecond\r\n
>
< b4 OK [APPENDUID {{=uv}} 2] APPEND completed
# E.10, E.11, E.12: SELECT answers LIST, no RECENT, no UNSEEN code.
> c1 SELECT INBOX
< * 2 EXISTS
< * LIST () "/" INBOX
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 3] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< c1 OK [READ-WRITE] SELECT completed
# E.9: CLOSED when another SELECT leaves the selected mailbox.
> c2 EXAMINE "Пример/Über"
< * OK [CLOSED] Previous mailbox closed
< * 0 EXISTS
< * LIST () "/" "Пример/Über"
< * OK [UIDVALIDITY {{N}}] UIDs valid
< * OK [UIDNEXT 1] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< c2 OK [READ-ONLY] EXAMINE completed
> c3 SELECT inbox
< * OK [CLOSED] Previous mailbox closed
< * 2 EXISTS
< * LIST () "/" INBOX
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 3] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< c3 OK [READ-WRITE] SELECT completed
# E.12: no \Recent flag in FETCH, SEARCH NEW matches nothing.
> c4 FETCH 1:* (FLAGS)
< * 1 FETCH (FLAGS (\Seen))
< * 2 FETCH (FLAGS ())
< c4 OK FETCH completed
# E.4: SEARCH answers ESEARCH, with the tag, and UID for UID SEARCH.
> d1 SEARCH ALL
< * ESEARCH (TAG "d1") ALL 1:2
< d1 OK SEARCH completed
> d2 UID SEARCH UNSEEN
< * ESEARCH (TAG "d2") UID ALL 2
< d2 OK SEARCH completed
> d3 SEARCH NEW
< * ESEARCH (TAG "d3")
< d3 OK SEARCH completed
> d4 SEARCH RETURN (COUNT) SUBJECT "köln"
< * ESEARCH (TAG "d4") COUNT 1
< d4 OK SEARCH completed
# CHARSET UTF-8 is redundant but permitted (section 6.4.4).
> d5 SEARCH CHARSET UTF-8 FROM "JÖRG"
< * ESEARCH (TAG "d5") ALL 1
< d5 OK SEARCH completed
# E.1: 64-bit sizes.
> d6 SEARCH LARGER 9223372036854775806
< * ESEARCH (TAG "d6")
< d6 OK SEARCH completed
> d7 FETCH 1 (RFC822.SIZE)
< * 1 FETCH (RFC822.SIZE 61)
< d7 OK FETCH completed
# E.2: BINARY (FETCH side).
> d8 FETCH 2 (BINARY.SIZE[1])
< * 2 FETCH (BINARY.SIZE[1] 8)
< d8 OK FETCH completed
# E.3: STATUS SIZE and DELETED.
> e1 STATUS "Пример/Über" (MESSAGES SIZE DELETED)
< * STATUS "Пример/Über" (MESSAGES 0 SIZE 0 DELETED 0)
< e1 OK STATUS completed
# E.17, E.19: no CHECK, no LSUB.
> e2 CHECK
< e2 BAD Unknown command CHECK
> e3 LSUB "" *
< e3 BAD Unknown command LSUB
# E.8: COPY and MOVE never create the target; TRYCREATE says it is missing.
> e4 COPY 1 Missing
< e4 NO [TRYCREATE] Mailbox doesn't exist
# E.7: COPYUID for MOVE as for COPY.
> e5 MOVE 2 "Пример/Über"
< * OK [COPYUID {{N}} 2 1] Moved UIDs.
< * 2 EXPUNGE
< e5 OK MOVE completed
# E.21: an unsolicited FETCH carries the UID. (B is an IMAP4rev1 session:
# it has \Recent, which no IMAP4rev2 session claims.)
@conn B
< * OK {{*}} ready.
> f1 LOGIN alice secret
< f1 OK {{*}}
> f2 SELECT INBOX
< * 1 EXISTS
< * 1 RECENT
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 3] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< f2 OK [READ-WRITE] SELECT completed
> f3 STORE 1 +FLAGS.SILENT (\Flagged)
< f3 OK STORE completed
@use A
> g1 NOOP
< * 1 FETCH (UID 1 FLAGS (\Flagged \Seen))
< g1 OK NOOP completed
# E.2: the folded-in commands are there (NAMESPACE, UNSELECT, IDLE, ENABLE, ...).
> g2 NAMESPACE
< * NAMESPACE (("" "/")) NIL NIL
< g2 OK NAMESPACE completed
# Section 6.3.2: a name given in another Unicode form than the stored (NFC)
# one is answered with OLDNAME.
> h1 CREATE "Pru\xcc\x88fung"
< h1 OK CREATE completed
> h2 SELECT "Pru\xcc\x88fung"
< * OK [CLOSED] Previous mailbox closed
< * 0 EXISTS
< * LIST () "/" "Pr\xc3\xbcfung" ("OLDNAME" ("Pru\xcc\x88fung"))
< * OK [UIDVALIDITY {{N}}] UIDs valid
< * OK [UIDNEXT 1] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< h2 OK [READ-WRITE] SELECT completed
> g3 LOGOUT
< * BYE Logging out
< g3 OK Logout completed
