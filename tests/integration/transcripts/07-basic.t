# NOOP, LOGOUT (RFC 9051 sections 6.1.2, 6.1.3), ID (RFC 2971) and ENABLE
# (RFC 5161) in the states that allow them.
@user alice secret
@conn A
< * OK {{*}} Cairn ready.
# NOOP in every state; the command name is case-insensitive.
> a1 NOOP
< a1 OK NOOP completed
> a2 nOoP
< a2 OK NOOP completed
# ID (RFC 2971 section 3.1): NIL or a list of pairs; the server answers with
# its own, before and after login.
> a3 ID NIL
< * ID ("name" "Cairn" "version" "{{*}}")
< a3 OK ID completed
> a4 ID ("name" "sodr" "version" "19.34" "vendor" "Pink Floyd Music Limited")
< * ID ("name" "Cairn" "version" "{{*}}")
< a4 OK ID completed
> a5 ID ()
< * ID ("name" "Cairn" "version" "{{*}}")
< a5 OK ID completed
> a6 ID ("name" NIL)
< * ID ("name" "Cairn" "version" "{{*}}")
< a6 OK ID completed
# Field names longer than 30 octets are refused (RFC 2971 section 3.3).
> a7 ID ("a-field-name-that-is-longer-than-thirty" "x")
< a7 BAD ID parameters too long or too many (RFC 2971)
> a8 ID ("name")
< a8 BAD Expected a space
> a9 NOOP
< a9 OK NOOP completed
> a10 ID
< a10 BAD Missing arguments
> a11 ID NIL NIL
< a11 BAD Unexpected extra arguments
> a12 NOOP
< a12 OK NOOP completed
# ENABLE needs a login (RFC 5161 section 3.1).
> a13 ENABLE CONDSTORE
< a13 BAD Log in first
> a14 LOGIN alice secret
< a14 OK [CAPABILITY {{*}}] Logged in
> a15 NOOP
< a15 OK NOOP completed
> a16 ID NIL
< * ID ("name" "Cairn" "version" "{{*}}")
< a16 OK ID completed
# Unknown or not implemented capabilities are ignored: ENABLED lists
# nothing (RFC 5161 section 3.1: the untagged ENABLED is always sent).
> a17 ENABLE X-NOSUCH-THING
< * ENABLED
< a17 OK ENABLE completed
# CONDSTORE (RFC 7162) and UTF8=ACCEPT (RFC 6855) are implemented.
> a18 ENABLE CONDSTORE UTF8=ACCEPT
< * ENABLED CONDSTORE UTF8=ACCEPT
< a18 OK ENABLE completed
# Enabling it again lists nothing: only what this command newly enabled.
> a18b ENABLE CONDSTORE
< * ENABLED
< a18b OK ENABLE completed
> a19 ENABLE
< a19 BAD Missing arguments
# Not with a mailbox selected (RFC 5161 section 3.1: authenticated state).
> a20 EXAMINE INBOX
< * 0 EXISTS
< * 0 RECENT
< * OK [UIDVALIDITY {{N}}] UIDs valid
< * OK [UIDNEXT 1] Predicted next UID
# CONDSTORE was enabled above (RFC 7162 section 3.1.2.1).
< * OK [HIGHESTMODSEQ {{N}}] Highest
< * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
< * OK [PERMANENTFLAGS ()] Read-only mailbox
< a20 OK [READ-ONLY] EXAMINE completed
> a21 ENABLE CONDSTORE
< a21 BAD ENABLE is not allowed with a mailbox selected
> a22 NOOP
< a22 OK NOOP completed
# LOGOUT takes no arguments; it sends BYE, then its OK, then closes.
> a23 LOGOUT now
< a23 BAD Unexpected extra arguments
> a24 LOGOUT
< * BYE Logging out
< a24 OK Logout completed
@closed
# LOGOUT before login, and commands pipelined after LOGOUT are not run.
@conn B
< * OK {{*}} Cairn ready.
>> b1 LOGOUT\r\nb2 NOOP\r\n
< * BYE Logging out
< b1 OK Logout completed
@closed
