# Sessions of one account from one address are capped
# (limits.connections_per_user_ip; DESIGN.md default 50, 2 here): the next
# login gets NO [LIMIT] (RFC 5530) and stays unauthenticated; other accounts
# and other addresses are not affected; a slot frees when a session ends.
@config
[limits]
connections_per_user_ip = 2
@end
@user alice secret
@user bob secret
@conn A1 from=127.0.0.51
< * OK {{*}} Cairn ready.
> a LOGIN alice secret
< a OK [CAPABILITY {{*}}] Logged in
@conn A2 from=127.0.0.51
< * OK {{*}} Cairn ready.
> a LOGIN alice secret
< a OK [CAPABILITY {{*}}] Logged in
@conn A3 from=127.0.0.51
< * OK {{*}} Cairn ready.
> a LOGIN ALICE secret
< a NO [LIMIT] Maximum number of connections from user+IP exceeded
> b LIST "" INBOX
< b BAD Log in first
# Another account from the same address, the same account from another.
> c LOGIN bob secret
< c OK [CAPABILITY {{*}}] Logged in
@conn X from=127.0.0.52
< * OK {{*}} Cairn ready.
> a AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==
< a OK [CAPABILITY {{*}}] Logged in
# A session that logs out frees its slot.
@use A1
> z LOGOUT
< * BYE Logging out
< z OK Logout completed
@closed
@conn A4 from=127.0.0.51
< * OK {{*}} Cairn ready.
> a LOGIN alice secret
< a OK [CAPABILITY {{*}}] Logged in
# So does one whose client just goes away.
@use A2
@close
@conn A5 from=127.0.0.51
< * OK {{*}} Cairn ready.
> a NOOP
< a OK NOOP completed
@log event=disconnect session=000002
> b LOGIN alice secret
< b OK [CAPABILITY {{*}}] Logged in
