# Timeouts (RFC 9051 section 5.4; limits.timeout_before_login, 1 s here):
# a silent client gets "* BYE Autologout" and the connection closes; so does
# one that stops in the middle of a line or after a command; a TLS handshake
# that never starts (port 993, or after STARTTLS) is dropped. All cases
# wait side by side, about 1 s in all: the one place where the suite waits
# for real. A logged-in client silent as long is not dropped (after login
# the limit is limits.timeout_after_login, at least 60 s: its expiry is not
# waited for here). IDLE sends "* OK Still here" every
# limits.idle_keepalive (1 s here) meanwhile.
@config
[limits]
timeout_before_login = 1
idle_keepalive = 1
@end
@user alice secret
# G logs in first and then says nothing until the end.
@conn G
< * OK {{*}} Cairn ready.
> g1 LOGIN alice secret
< g1 OK [CAPABILITY {{*}}] Logged in
@conn A
< * OK {{*}} Cairn ready.
@conn B
< * OK {{*}} Cairn ready.
>> b1 LOGIN alice
@conn C
< * OK {{*}} Cairn ready.
> c1 NOOP
< c1 OK NOOP completed
@conn D imaps-raw
@conn E
< * OK {{*}} Cairn ready.
> e1 STARTTLS
< e1 OK Begin TLS negotiation now
@conn F
< * OK {{*}} Cairn ready.
> f1 LOGIN alice secret
< f1 OK [CAPABILITY {{*}}] Logged in
> f2 IDLE
< + idling
@use A
< * BYE Autologout; idle for too long
@closed
@use B
< * BYE Autologout; idle for too long
@closed
@use C
< * BYE Autologout; idle for too long
@closed
@use D
@closed
@use E
@closed
@use F
< * OK Still here
> DONE
< f2 OK IDLE terminated
# G said nothing after its login for as long as the others took to be
# dropped: the session is logged in, so limits.timeout_after_login (1800 s
# by default, never below 60) applies, not the 1 s before login.
@use G
> g2 NOOP
< g2 OK NOOP completed
@log event="tls failed" .*reason=timeout
@log event=timeout session=000002 peer=127\.0\.0\.1 authenticated=no
