# STATUS (RFC 9051 section 6.3.11): every item (MESSAGES, UIDNEXT,
# UIDVALIDITY, UNSEEN, DELETED, SIZE; RECENT from RFC 3501; APPENDLIMIT from
# RFC 7889), in the order asked; allowed on the selected mailbox; a missing
# mailbox is NO [NONEXISTENT].
@user alice secret
@conn A
< * OK {{*}} Cairn ready.
> a LOGIN alice secret
< a OK [CAPABILITY {{*}}] Logged in
> s1 STATUS INBOX (MESSAGES UIDNEXT UIDVALIDITY UNSEEN DELETED SIZE RECENT APPENDLIMIT)
< * STATUS INBOX (MESSAGES 0 UIDNEXT 1 UIDVALIDITY {{N:uv}} UNSEEN 0 DELETED 0 SIZE 0 RECENT 0 APPENDLIMIT 67108864)
< s1 OK STATUS completed
# Three messages: seen, deleted, neither; 5 + 6 + 7 bytes.
> p1 APPEND INBOX (\Seen) {5+}
> seen.
< p1 OK [APPENDUID {{=uv}} 1] APPEND completed
> p2 APPEND INBOX (\Deleted) {6+}
> gone..
< p2 OK [APPENDUID {{=uv}} 2] APPEND completed
> p3 APPEND INBOX {7+}
> unseen.
< p3 OK [APPENDUID {{=uv}} 3] APPEND completed
> s2 STATUS INBOX (MESSAGES UIDNEXT UIDVALIDITY UNSEEN DELETED SIZE RECENT)
< * STATUS INBOX (MESSAGES 3 UIDNEXT 4 UIDVALIDITY {{=uv}} UNSEEN 2 DELETED 1 SIZE 18 RECENT 3)
< s2 OK STATUS completed
# Any order, any case, repeated items.
> s3 status inbox (size messages)
< * STATUS INBOX (SIZE 18 MESSAGES 3)
< s3 OK STATUS completed
# On the selected mailbox: allowed, and \Recent has been claimed by it.
> s4 SELECT INBOX
< * 3 EXISTS
< * 3 RECENT
< * OK [UNSEEN 2] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 4] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< s4 OK [READ-WRITE] SELECT completed
> s5 STATUS INBOX (MESSAGES RECENT UNSEEN)
< * STATUS INBOX (MESSAGES 3 RECENT 0 UNSEEN 2)
< s5 OK STATUS completed
# Errors.
> e1 STATUS nosuch (MESSAGES)
< e1 NO [NONEXISTENT] Mailbox doesn't exist
> e2 STATUS INBOX (FOO)
< e2 BAD Unknown STATUS item FOO
> e3 STATUS INBOX ()
< e3 BAD Expected an atom
> e4 STATUS INBOX
< e4 BAD Missing arguments
> e5 NOOP
< e5 OK NOOP completed
> e6 STATUS INBOX MESSAGES
< e6 BAD Expected '('
> e7 STATUS INBOX (MESSAGES) extra
< e7 BAD Unexpected extra arguments
> e8 STATUS * (MESSAGES)
< e8 BAD Expected an atom
> e9 NOOP
< e9 OK NOOP completed
> e10 STATUS foo/ (MESSAGES)
< e10 NO [CANNOT] empty hierarchy level in mailbox name
> e11 STATUS
< e11 BAD Missing arguments
