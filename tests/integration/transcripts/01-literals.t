# Literals: synchronizing with "+", non-synchronizing (LITERAL+), refusals
# that keep the connection in step (RFC 9051 section 4.3, RFC 7888).
@config
[limits]
message_size = 100000
@end
@user alice secret
@conn A
< * OK {{*}} ready.
> a1 LOGIN {5}
< + Ready for literal data
> alice {6+}
> secret
< a1 OK [CAPABILITY {{*}}] Logged in
# A synchronizing literal beyond the command limit is refused before "+".
> a2 STATUS {100000}
< a2 BAD Literal too large for this command
> a3 NOOP
< a3 OK NOOP completed
# A non-synchronizing one is skipped, and the session stays in step.
> a4 STATUS {70000+}
>> ${rep:x:70000}\r\n
< a4 BAD Literal too large for this command
> a5 NOOP
< a5 OK NOOP completed
# APPEND may carry a message up to the message size limit.
> a6 APPEND INBOX {11}
< + Ready for literal data
> Subject: x
< a6 OK [APPENDUID {{N}} 1] APPEND completed
> a7 APPEND INBOX {200000}
< a7 NO [TOOBIG] Message too large
> a8 APPEND INBOX {5000000000+}
< * BYE [TOOBIG] Message too large, closing
@closed
