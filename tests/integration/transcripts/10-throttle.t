# Failed logins delay that address's next attempt (DESIGN.md; docs/auth.md):
# the delay is logged with the address, applies to the next attempt from
# that address whatever the account, and not to other addresses. Nothing is
# timed: the delay (10 minutes here) is far longer than the test, so the
# order of answers shows who waits.
@config
[limits]
login_delay_initial_ms = 600000
login_delay_max_ms = 600000
[server]
shutdown_grace_seconds = 0
@end
@user alice secret
@user bob secret
@conn A from=127.0.0.7
< * OK {{*}} Cairn ready.
# The first failure is answered at once and sets the delay.
> a1 LOGIN alice wrong
< a1 NO [AUTHENTICATIONFAILED] Authentication failed.
@log event="login failed" session=\w+ peer=127\.0\.0\.7 user=alice method=LOGIN next_delay_ms=600000$
# The next attempt from 127.0.0.7, even with the right password, waits ...
> a2 LOGIN alice secret
# ... also on another connection, for another account ...
@conn B from=127.0.0.7
< * OK {{*}} Cairn ready.
> b1 LOGIN bob secret
# ... while other addresses log in at once, even as the same accounts.
@conn C from=127.0.0.8
< * OK {{*}} Cairn ready.
> c1 LOGIN alice secret
< c1 OK [CAPABILITY {{*}}] Logged in
@conn D from=127.0.0.9
< * OK {{*}} Cairn ready.
> d1 LOGIN bob secret
< d1 OK [CAPABILITY {{*}}] Logged in
# A wrong password from 127.0.0.9 costs 127.0.0.9 only.
@conn E from=127.0.0.9
< * OK {{*}} Cairn ready.
> e1 LOGIN alice wrong
< e1 NO [AUTHENTICATIONFAILED] Authentication failed.
@log peer=127\.0\.0\.9 user=alice method=LOGIN next_delay_ms=600000$
@conn F from=127.0.0.10
< * OK {{*}} Cairn ready.
> f1 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==
< f1 OK [CAPABILITY {{*}}] Logged in
# Still nothing for the delayed attempts.
@use A
@nothing
@use B
@nothing
