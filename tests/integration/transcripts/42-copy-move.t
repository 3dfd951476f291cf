# COPY, UID COPY (RFC 9051 section 6.4.7), MOVE and UID MOVE (RFC 6851) with
# COPYUID (RFC 4315 section 3): MOVE sends its COPYUID in an untagged OK
# before its EXPUNGEs (RFC 6851 section 4.3); a missing target is NO
# [TRYCREATE]. Session B watches the source and hears of the moves as
# EXPUNGEs at its next checkpoint; session C watches the target and hears
# of the new messages.
@user alice secret
@conn A
< * OK {{*}} Cairn ready.
> a LOGIN alice secret
< a OK [CAPABILITY {{*}}] Logged in
> p1 APPEND INBOX (\Flagged) {4+}
> msg1 (\Seen $Label1) {4+}
> msg2 {4+}
> msg3 {4+}
> msg4 {4+}
> msg5 {4+}
> msg6
< p1 OK [APPENDUID {{N:uv}} 1:6] APPEND completed
> a1 SELECT INBOX
< * 6 EXISTS
< * 6 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 7] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1 \*)] Flags permitted
< a1 OK [READ-WRITE] SELECT completed
@conn B
< * OK {{*}} Cairn ready.
> b LOGIN alice secret
< b OK [CAPABILITY {{*}}] Logged in
> b1 SELECT INBOX
< * 6 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 7] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1 \*)] Flags permitted
< b1 OK [READ-WRITE] SELECT completed
@conn C
< * OK {{*}} Cairn ready.
> c LOGIN alice secret
< c OK [CAPABILITY {{*}}] Logged in
> c1 SELECT Archive
< * 0 EXISTS
< * 0 RECENT
< * OK [UIDVALIDITY {{N:uvarchive}}] UIDs valid
< * OK [UIDNEXT 1] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< c1 OK [READ-WRITE] SELECT completed
@use A
> a2 COPY 1:2 Archive
< a2 OK [COPYUID {{=uvarchive}} 1:2 1:2] COPY completed
> a3 UID COPY 6,4 Archive
< a3 OK [COPYUID {{=uvarchive}} 4,6 3:4] COPY completed
> a4 COPY 1 Nowhere
< a4 NO [TRYCREATE] Mailbox doesn't exist
> a5 UID MOVE 1 Nowhere
< a5 NO [TRYCREATE] Mailbox doesn't exist
> a6 COPY 7 Archive
< a6 BAD Invalid message sequence number
> a7 UID COPY 7:9 Archive
< a7 OK COPY completed
> a8 MOVE 2 Archive
< * OK [COPYUID {{=uvarchive}} 2 5] Moved UIDs.
< * 2 EXPUNGE
< a8 OK MOVE completed
> a9 UID MOVE 1,5 Trash
< * OK [COPYUID {{N:uvtrash}} 1,5 1:2] Moved UIDs.
< * 4 EXPUNGE
< * 1 EXPUNGE
< a9 OK MOVE completed
> a10 UID MOVE 1,5 Trash
< a10 OK MOVE completed
> a11 FETCH 1:* (UID FLAGS)
< * 1 FETCH (UID 3 FLAGS (\Recent))
< * 2 FETCH (UID 4 FLAGS (\Recent))
< * 3 FETCH (UID 6 FLAGS (\Recent))
< a11 OK FETCH completed
@use B
> b2 FETCH 1:* (UID)
< * 1 FETCH (UID 1)
< * 2 FETCH (UID 2)
< * 3 FETCH (UID 3)
< * 4 FETCH (UID 4)
< * 5 FETCH (UID 5)
< * 6 FETCH (UID 6)
< b2 OK FETCH completed
> b3 NOOP
< * 5 EXPUNGE
< * 2 EXPUNGE
< * 1 EXPUNGE
< b3 OK NOOP completed
> b4 FETCH 1:* (UID)
< * 1 FETCH (UID 3)
< * 2 FETCH (UID 4)
< * 3 FETCH (UID 6)
< b4 OK FETCH completed
@use C
> c2 NOOP
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1 \*)] Flags permitted
< * 5 EXISTS
< * 5 RECENT
< c2 OK NOOP completed
> c3 FETCH 1:* (UID FLAGS BODY.PEEK[])
< * 1 FETCH (UID 1 FLAGS (\Recent \Flagged) BODY[] {4}\r\nmsg1)
< * 2 FETCH (UID 2 FLAGS (\Recent \Seen $Label1) BODY[] {4}\r\nmsg2)
< * 3 FETCH (UID 3 FLAGS (\Recent) BODY[] {4}\r\nmsg4)
< * 4 FETCH (UID 4 FLAGS (\Recent) BODY[] {4}\r\nmsg6)
< * 5 FETCH (UID 5 FLAGS (\Recent \Seen $Label1) BODY[] {4}\r\nmsg2)
< c3 OK FETCH completed
# MOVE to the mailbox itself: new UIDs, the old ones expunged.
@use A
> a12 MOVE 1 INBOX
< * OK [COPYUID {{=uv}} 3 7] Moved UIDs.
< * 1 EXPUNGE
< * 3 EXISTS
< * 3 RECENT
< a12 OK MOVE completed
> a13 FETCH 1:* (UID)
< * 1 FETCH (UID 4)
< * 2 FETCH (UID 6)
< * 3 FETCH (UID 7)
< a13 OK FETCH completed
@use B
> b5 NOOP
< * 4 EXISTS
< * 0 RECENT
< * 1 EXPUNGE
< b5 OK NOOP completed
# Read-only: COPY is allowed, MOVE is not (it expunges).
> b6 EXAMINE Archive
< * OK [CLOSED] Previous mailbox closed
< * 5 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uvarchive}}] UIDs valid
< * OK [UIDNEXT 6] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Label1)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< b6 OK [READ-ONLY] EXAMINE completed
> b7 COPY 1 Trash
< b7 OK [COPYUID {{=uvtrash}} 1 3] COPY completed
> b8 MOVE 1 Trash
< b8 NO [CANNOT] Mailbox is read-only
> b9 UID MOVE 1 Trash
< b9 NO [CANNOT] Mailbox is read-only
> b10 FETCH 1:* (UID)
< * 1 FETCH (UID 1)
< * 2 FETCH (UID 2)
< * 3 FETCH (UID 3)
< * 4 FETCH (UID 4)
< * 5 FETCH (UID 5)
< b10 OK FETCH completed
@use C
> c4 NOOP
< c4 OK NOOP completed
