# ESORT and CONTEXT=SEARCH / CONTEXT=SORT (RFC 5267) with PARTIAL as
# RFC 9394 extends it: RETURN (MIN MAX ALL COUNT PARTIAL SAVE CONTEXT) for
# SORT and SEARCH; UPDATE contexts told of another session's flag changes
# and expunges and of this session's own (ADDTO, REMOVEFROM), CANCELUPDATE,
# tag reuse, NOUPDATE past limits.update_contexts, and the end of contexts
# with the selection.
# Six messages (UID = sequence number), sent on 1 Jan 2024 at:
#   1 06:00 \Seen   2 01:00   3 05:00 \Flagged   4 02:00   5 04:00 \Flagged   6 03:00
# so SORT (DATE) is 2 4 6 5 3 1.
@config
[limits]
update_contexts = 2
@end
@user alice secret
@conn A
< * OK {{*}} ready.
> a1 LOGIN alice secret
< a1 OK {{*}}
> a2 SELECT INBOX
< * 0 EXISTS
< * 0 RECENT
< * OK [UIDVALIDITY {{N}}] UIDs valid
< * OK [UIDNEXT 1] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< a2 OK [READ-WRITE] SELECT completed
> b1 APPEND INBOX (\Seen) {59+}
>> Subject: m1\r\nDate: Mon, 1 Jan 2024 06:00:00 +0000\r\n\r\nbody\r\n
>
< * 1 EXISTS
< * 1 RECENT
< b1 OK [APPENDUID {{N}} {{N}}] APPEND completed
> b2 APPEND INBOX () {59+}
>> Subject: m2\r\nDate: Mon, 1 Jan 2024 01:00:00 +0000\r\n\r\nbody\r\n
>
< * 2 EXISTS
< * 2 RECENT
< b2 OK [APPENDUID {{N}} {{N}}] APPEND completed
> b3 APPEND INBOX (\Flagged) {59+}
>> Subject: m3\r\nDate: Mon, 1 Jan 2024 05:00:00 +0000\r\n\r\nbody\r\n
>
< * 3 EXISTS
< * 3 RECENT
< b3 OK [APPENDUID {{N}} {{N}}] APPEND completed
> b4 APPEND INBOX () {59+}
>> Subject: m4\r\nDate: Mon, 1 Jan 2024 02:00:00 +0000\r\n\r\nbody\r\n
>
< * 4 EXISTS
< * 4 RECENT
< b4 OK [APPENDUID {{N}} {{N}}] APPEND completed
> b5 APPEND INBOX (\Flagged) {59+}
>> Subject: m5\r\nDate: Mon, 1 Jan 2024 04:00:00 +0000\r\n\r\nbody\r\n
>
< * 5 EXISTS
< * 5 RECENT
< b5 OK [APPENDUID {{N}} {{N}}] APPEND completed
> b6 APPEND INBOX () {59+}
>> Subject: m6\r\nDate: Mon, 1 Jan 2024 03:00:00 +0000\r\n\r\nbody\r\n
>
< * 6 EXISTS
< * 6 RECENT
< b6 OK [APPENDUID {{N}} {{N}}] APPEND completed
# ESORT: the answer is an ESEARCH; MIN and MAX are the first and the last
# in sort order; ALL keeps the order (ranges only where ascending).
> e1 SORT RETURN () (DATE) UTF-8 ALL
< * ESEARCH (TAG "e1") ALL 2,4,6,5,3,1
< e1 OK SORT completed
> e2 SORT RETURN (MIN MAX COUNT) (DATE) UTF-8 ALL
< * ESEARCH (TAG "e2") MIN 2 MAX 1 COUNT 6
< e2 OK SORT completed
> e3 UID SORT RETURN (ALL) (REVERSE DATE) UTF-8 ALL
< * ESEARCH (TAG "e3") UID ALL 1,3,5:6,4,2
< e3 OK SORT completed
> e4 SORT RETURN (ALL) (ARRIVAL) UTF-8 ALL
< * ESEARCH (TAG "e4") ALL 1:6
< e4 OK SORT completed
# PARTIAL: positions in the sorted result; negative ones from its end
# (RFC 9394); the range as asked, and NIL past the end.
> e5 SORT RETURN (PARTIAL 2:4) (DATE) UTF-8 ALL
< * ESEARCH (TAG "e5") PARTIAL (2:4 4,6,5)
< e5 OK SORT completed
> e6 SORT RETURN (PARTIAL -1:-2) (DATE) UTF-8 ALL
< * ESEARCH (TAG "e6") PARTIAL (-1:-2 3,1)
< e6 OK SORT completed
> e7 UID SORT RETURN (PARTIAL 5:1 COUNT) (REVERSE DATE) UTF-8 ALL
< * ESEARCH (TAG "e7") UID PARTIAL (1:5 1,3,5:6,4) COUNT 6
< e7 OK SORT completed
> e8 SORT RETURN (PARTIAL 7:10) (DATE) UTF-8 ALL
< * ESEARCH (TAG "e8") PARTIAL (7:10 NIL)
< e8 OK SORT completed
> e9 SORT RETURN (PARTIAL 5:100) (DATE) UTF-8 ALL
< * ESEARCH (TAG "e9") PARTIAL (5:100 3,1)
< e9 OK SORT completed
# Nothing found: COUNT 0; MIN MAX ALL are left out.
> e10 SORT RETURN (COUNT) (DATE) UTF-8 DELETED
< * ESEARCH (TAG "e10") COUNT 0
< e10 OK SORT completed
> e11 SORT RETURN (MIN MAX ALL) (DATE) UTF-8 DELETED
< * ESEARCH (TAG "e11")
< e11 OK SORT completed
# SEARCH with PARTIAL (mailbox order) and the CONTEXT hint.
> p1 SEARCH RETURN (PARTIAL 1:2) UNFLAGGED
< * ESEARCH (TAG "p1") PARTIAL (1:2 1:2)
< p1 OK SEARCH completed
> p2 UID SEARCH RETURN (PARTIAL -1:-3) UNFLAGGED
< * ESEARCH (TAG "p2") UID PARTIAL (-1:-3 2,4,6)
< p2 OK SEARCH completed
> p3 SEARCH RETURN (PARTIAL 5:9 COUNT) UNFLAGGED
< * ESEARCH (TAG "p3") PARTIAL (5:9 NIL) COUNT 4
< p3 OK SEARCH completed
> p4 SEARCH RETURN (CONTEXT COUNT) UNSEEN
< * ESEARCH (TAG "p4") COUNT 5
< p4 OK SEARCH completed
# SAVE with PARTIAL saves what PARTIAL returned (RFC 9394 section 3.2);
# SORT's SAVE saves its messages.
> p5 SEARCH RETURN (SAVE PARTIAL 2:3) UNFLAGGED
< * ESEARCH (TAG "p5") PARTIAL (2:3 2,4)
< p5 OK SEARCH completed, result saved
> p6 SEARCH $
< * SEARCH 2 4
< p6 OK SEARCH completed
> p7 SORT RETURN (SAVE) (REVERSE DATE) UTF-8 FLAGGED
< p7 OK SORT completed, result saved
> p8 SEARCH $
< * SEARCH 3 5
< p8 OK SEARCH completed
# UPDATE contexts. u1 in mailbox order (ADDTO/REMOVEFROM at position 0),
# u2 sorted (positions in the sorted result). RETURN (UPDATE) alone asks
# for no data: an ESEARCH with the tag only.
> u1 UID SEARCH RETURN (UPDATE COUNT) FLAGGED
< * ESEARCH (TAG "u1") UID COUNT 2
< u1 OK SEARCH completed
> u2 SORT RETURN (UPDATE) (DATE) UTF-8 UNSEEN
< * ESEARCH (TAG "u2")
< u2 OK SORT completed
# A tag with an UPDATE context may not be used for another (RFC 5267 4.3).
> u1 SORT RETURN (UPDATE) (DATE) UTF-8 ALL
< u1 BAD Tag reuse: an UPDATE context with this tag exists
@conn B
< * OK {{*}} ready.
> b1 LOGIN alice secret
< b1 OK {{*}}
> b2 SELECT INBOX
< * 6 EXISTS
< * 0 RECENT
< * OK [UNSEEN 2] First unseen
< * OK [UIDVALIDITY {{N}}] UIDs valid
< * OK [UIDNEXT 7] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< b2 OK [READ-WRITE] SELECT completed
> b3 STORE 4 +FLAGS.SILENT (\Flagged)
< b3 OK STORE completed
> b4 STORE 2 +FLAGS.SILENT (\Seen)
< b4 OK STORE completed
# A hears of both with the FETCHes: 4 joins u1; 2 leaves u2 from position 1.
@use A
> n1 NOOP
< * 2 FETCH (UID 2 FLAGS (\Recent \Seen))
< * 4 FETCH (UID 4 FLAGS (\Recent \Flagged))
< * ESEARCH (TAG "u1") UID ADDTO (0 4)
< * ESEARCH (TAG "u2") REMOVEFROM (1 2)
< n1 OK NOOP completed
# 1 becomes unseen: it goes in at the end of u2 (position 5: 4 6 5 3 1).
@use B
> b5 STORE 1 -FLAGS.SILENT (\Seen)
< b5 OK STORE completed
@use A
> n2 NOOP
< * 1 FETCH (UID 1 FLAGS (\Recent))
< * ESEARCH (TAG "u2") ADDTO (5 1)
< n2 OK NOOP completed
# An expunge: REMOVEFROM comes before the EXPUNGE, while 3 is still
# message 3 (RFC 5267 section 4.3.4).
@use B
> b6 STORE 3 +FLAGS.SILENT (\Deleted)
< b6 OK STORE completed
> b7 EXPUNGE
< * 3 EXPUNGE
< b7 OK EXPUNGE completed
@use A
> n3 NOOP
< * ESEARCH (TAG "u1") UID REMOVEFROM (0 3)
< * ESEARCH (TAG "u2") REMOVEFROM (4 3)
< * 3 EXPUNGE
< n3 OK NOOP completed
# This session's own change counts too (UID 5 is now message 4).
> n4 UID STORE 5 -FLAGS (\Flagged)
< * 4 FETCH (UID 5 FLAGS (\Recent))
< * ESEARCH (TAG "u1") UID REMOVEFROM (0 5)
< n4 OK STORE completed
# CANCELUPDATE: u1 hears no more; an unknown tag is NO, an unquoted one BAD.
> c1 CANCELUPDATE "u1"
< c1 OK No further updates
> c2 CANCELUPDATE "u1"
< c2 NO No UPDATE context with tag u1
> c3 CANCELUPDATE u2
< c3 BAD Expected a quoted tag
@use B
> b8 STORE 5 +FLAGS.SILENT (\Flagged)
< * 4 FETCH (UID 5 FLAGS ())
< b8 OK STORE completed
@use A
> n5 NOOP
< * 5 FETCH (UID 6 FLAGS (\Recent \Flagged))
< n5 OK NOOP completed
# limits.update_contexts is 2: u2 and u3 fit, u4 gets its answer and NOUPDATE.
> u3 SEARCH RETURN (UPDATE) UNSEEN
< * ESEARCH (TAG "u3")
< u3 OK SEARCH completed
> u4 SEARCH RETURN (UPDATE COUNT) ALL
< * ESEARCH (TAG "u4") COUNT 5
< * NO [NOUPDATE "u4"] Too many contexts
< u4 OK SEARCH completed
# The contexts end with the selection.
> a3 SELECT INBOX
< * OK [CLOSED] Previous mailbox closed
< * 5 EXISTS
< * 0 RECENT
< * OK [UNSEEN 1] First unseen
< * OK [UIDVALIDITY {{N}}] UIDs valid
< * OK [UIDNEXT 7] Predicted next UID
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
< a3 OK [READ-WRITE] SELECT completed
@use B
> b9 STORE 1 +FLAGS.SILENT (\Seen)
< b9 OK STORE completed
@use A
> n6 NOOP
< * 1 FETCH (UID 1 FLAGS (\Seen))
< n6 OK NOOP completed
> z LOGOUT
< * BYE {{*}}
< z OK {{*}}
