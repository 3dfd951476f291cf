# Plaintext login refused (RFC 9051 sections 6.2.3, 11.1; RFC 5530
# PRIVACYREQUIRED): with server.loopback_is_secure = false a loopback peer is
# treated like a remote one. Before TLS: LOGINDISABLED and no AUTH=; LOGIN
# and AUTHENTICATE answer NO [PRIVACYREQUIRED] without checking anything
# (the throttle is not touched). After STARTTLS or on port 993: allowed.
@config
[server]
loopback_is_secure = false
@end
@user alice secret
@conn A
< * OK [CAPABILITY IMAP4rev1 IMAP4rev2 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS LOGINDISABLED] Cairn ready.
> a1 CAPABILITY
< * CAPABILITY IMAP4rev1 IMAP4rev2 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS LOGINDISABLED
< a1 OK Capability completed
> a2 LOGIN alice secret
< a2 NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure connections, use STARTTLS
# A wrong password is refused the same way: nothing was checked.
> a3 LOGIN alice wrong
< a3 NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure connections, use STARTTLS
> a4 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==
< a4 NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure connections, use STARTTLS
# Without an initial response: refused before any challenge.
> a5 AUTHENTICATE PLAIN
< a5 NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure connections, use STARTTLS
# Still not authenticated.
> a6 LIST "" *
< a6 BAD Log in first
> a7 STARTTLS
< a7 OK Begin TLS negotiation now
@starttls
> a8 CAPABILITY
< * CAPABILITY IMAP4rev1 IMAP4rev2 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN
< a8 OK Capability completed
# No failure was recorded above, so no delay here.
> a9 LOGIN alice secret
< a9 OK [CAPABILITY {{*}}] Logged in
> a10 LOGOUT
< * BYE Logging out
< a10 OK Logout completed
@closed
@conn B tls
< * OK [CAPABILITY IMAP4rev1 IMAP4rev2 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN] Cairn ready.
> b1 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==
< b1 OK [CAPABILITY {{*}}] Logged in
