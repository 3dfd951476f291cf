# Two sessions of one account (DESIGN.md "Sessions agree"): what one does
# shows at once in the other's STATUS and LIST, and in its selected mailbox
# at the next checkpoint.
@user alice secret
@conn A
< * OK {{*}} Cairn ready.
> a LOGIN alice secret
< a OK [CAPABILITY {{*}}] Logged in
@conn B
< * OK {{*}} Cairn ready.
> b LOGIN alice secret
< b OK [CAPABILITY {{*}}] Logged in
# CREATE in A, LIST and STATUS in B.
@use A
> a1 CREATE Projects/2024
< a1 OK CREATE completed
@use B
> b1 LIST "" Projects*
< * LIST (\HasChildren) "/" Projects
< * LIST (\HasNoChildren) "/" Projects/2024
< b1 OK LIST completed
> b2 STATUS Projects/2024 (MESSAGES UIDNEXT UIDVALIDITY)
< * STATUS Projects/2024 (MESSAGES 0 UIDNEXT 1 UIDVALIDITY {{N:uv}})
< b2 OK STATUS completed
# APPEND in A, STATUS and LIST-STATUS in B.
@use A
> a2 APPEND Projects/2024 {5+}
> hello
< a2 OK [APPENDUID {{=uv}} 1] APPEND completed
@use B
> b3 STATUS Projects/2024 (MESSAGES UIDNEXT UNSEEN RECENT)
< * STATUS Projects/2024 (MESSAGES 1 UIDNEXT 2 UNSEEN 1 RECENT 1)
< b3 OK STATUS completed
> b4 LIST "" Projects/% RETURN (STATUS (MESSAGES))
< * LIST (\HasNoChildren) "/" Projects/2024
< * STATUS Projects/2024 (MESSAGES 1)
< b4 OK LIST completed
# SUBSCRIBE in A, LSUB and LIST (SUBSCRIBED) in B.
@use A
> a3 SUBSCRIBE Projects/2024
< a3 OK SUBSCRIBE completed
@use B
> b5 LSUB "" Projects*
< * LSUB () "/" Projects/2024
< b5 OK LSUB completed
> b6 LIST (SUBSCRIBED) "" Projects*
< * LIST (\HasNoChildren \Subscribed) "/" Projects/2024
< b6 OK LIST completed
# B selects the mailbox; A appends: B hears of it at its NOOP.
> b7 SELECT Projects/2024
< * 1 EXISTS
< * 1 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{=uv}}] UIDs valid
< * OK [UIDNEXT 2] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< b7 OK [READ-WRITE] SELECT completed
@use A
> a4 APPEND Projects/2024 (\Seen) {5+}
> world
< a4 OK [APPENDUID {{=uv}} 2] APPEND completed
> a5 STATUS Projects/2024 (MESSAGES RECENT)
< * STATUS Projects/2024 (MESSAGES 2 RECENT 1)
< a5 OK STATUS completed
@use B
> b8 NOOP
< * 2 EXISTS
< * 2 RECENT
< b8 OK NOOP completed
# RENAME in A: the new names show in B's LIST; B's selected mailbox moves
# with its name (same UIDVALIDITY, same messages).
@use A
> a6 RENAME Projects Archive/Projects
< a6 OK RENAME completed
@use B
> b9 LIST "" *Projects*
< * LIST (\HasChildren) "/" Archive/Projects
< * LIST (\HasNoChildren) "/" Archive/Projects/2024
< b9 OK LIST completed
> b10 FETCH 1:* (UID BODY.PEEK[])
< * 1 FETCH (UID 1 BODY[] {5}\r\nhello)
< * 2 FETCH (UID 2 BODY[] {5}\r\nworld)
< b10 OK FETCH completed
> b11 STATUS Archive/Projects/2024 (MESSAGES UIDVALIDITY)
< * STATUS Archive/Projects/2024 (MESSAGES 2 UIDVALIDITY {{=uv}})
< b11 OK STATUS completed
# DELETE in A of the parent: B's LIST shows it as \Noselect.
@use A
> a7 DELETE Archive/Projects
< a7 OK DELETE completed
@use B
> b12 LIST "" Archive/%
< * LIST (\Noselect \HasChildren) "/" Archive/Projects
< b12 OK LIST completed
# DELETE of B's selected mailbox: B cannot go on with it (BYE at its next
# checkpoint).
@use A
> a8 DELETE Archive/Projects/2024
< a8 OK DELETE completed
@use B
> b13 NOOP
< * BYE Selected mailbox was deleted
< b13 OK NOOP completed
@closed
@use A
> a9 LIST "" Archive*
< * LIST (\HasNoChildren \Archive) "/" Archive
< a9 OK LIST completed
