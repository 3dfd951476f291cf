# AUTHENTICATE PLAIN (RFC 9051 section 6.2.2, RFC 4616) with and without an
# initial response (SASL-IR, RFC 4959). Failures come from their own source
# addresses so that the login throttle delays nothing.
@user alice secret

# Initial response: "\0alice\0secret".
@conn A from=127.0.0.31
< * OK [CAPABILITY {{*}} SASL-IR {{*}} AUTH=PLAIN] Cairn ready.
> a1 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==
< a1 OK [CAPABILITY IMAP4rev1 {{*}}] Logged in
> a2 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==
< a2 BAD Command not allowed now

# No initial response: an empty challenge ("+ " with its space), then the
# response on a line of its own. The mechanism name is case-insensitive;
# so is the account name.
@conn B from=127.0.0.32
< * OK {{*}} Cairn ready.
> b1 authenticate plain
< + 
> AEFsaWNlAHNlY3JldA==
< b1 OK [CAPABILITY {{*}}] Logged in

# An authzid equal to the authcid (folded) is no proxying.
@conn C from=127.0.0.33
< * OK {{*}} Cairn ready.
> c1 AUTHENTICATE PLAIN QUxJQ0UAYWxpY2UAc2VjcmV0
< c1 OK [CAPABILITY {{*}}] Logged in

# "*" cancels: tagged BAD (RFC 9051 section 6.2.2); the session goes on.
@conn D from=127.0.0.34
< * OK {{*}} Cairn ready.
> d1 AUTHENTICATE PLAIN
< + 
> *
< d1 BAD Authentication cancelled
# Invalid base64, in a continuation and in an initial response: BAD.
> d2 AUTHENTICATE PLAIN
< + 
> %%%%
< d2 BAD Invalid base64 in SASL response
> d3 NOOP
< d3 OK NOOP completed
> d4 AUTHENTICATE PLAIN AG=FsaWNl
< d4 BAD Invalid base64 in SASL response
> d5 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA
< d5 BAD Invalid base64 in SASL response
> d6 NOOP
< d6 OK NOOP completed
# Unknown mechanism: NO (RFC 9051 section 6.2.2 "SHOULD reject ... NO").
> d7 AUTHENTICATE CRAM-MD5
< d7 NO [CANNOT] Unsupported authentication mechanism
> d8 AUTHENTICATE
< d8 BAD Missing arguments
> d9 NOOP
< d9 OK NOOP completed
# Still not logged in; the session works after all that.
> d10 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==
< d10 OK [CAPABILITY {{*}}] Logged in

# Wrong password and unknown user: the same NO [AUTHENTICATIONFAILED].
@conn E from=127.0.0.35
< * OK {{*}} Cairn ready.
> e1 AUTHENTICATE PLAIN AGFsaWNlAHdyb25n
< e1 NO [AUTHENTICATIONFAILED] Authentication failed.
@conn F from=127.0.0.36
< * OK {{*}} Cairn ready.
> f1 AUTHENTICATE PLAIN AG5vYm9keQB3cm9uZw==
< f1 NO [AUTHENTICATIONFAILED] Authentication failed.

# "=" is a zero-length initial response (RFC 4959 section 3): present and
# empty, which is no PLAIN message; it is answered, not challenged.
@conn G from=127.0.0.37
< * OK {{*}} Cairn ready.
> g1 AUTHENTICATE PLAIN =
< g1 NO [AUTHENTICATIONFAILED] Authentication failed.

# Valid base64 that is no PLAIN message ("alicesecret", no NULs) fails the
# authentication.
@conn H from=127.0.0.38
< * OK {{*}} Cairn ready.
> h1 AUTHENTICATE PLAIN YWxpY2VzZWNyZXQ=
< h1 NO [AUTHENTICATIONFAILED] Authentication failed.

# authzid "bob" for authcid "alice": the password is checked first; a wrong
# one is an ordinary failure ...
@conn I from=127.0.0.39
< * OK {{*}} Cairn ready.
> i1 AUTHENTICATE PLAIN Ym9iAGFsaWNlAHdyb25n
< i1 NO [AUTHENTICATIONFAILED] Authentication failed.
# ... the right one is refused authorization (RFC 5530).
@conn J from=127.0.0.40
< * OK {{*}} Cairn ready.
> j1 AUTHENTICATE PLAIN Ym9iAGFsaWNlAHNlY3JldA==
< j1 NO [AUTHORIZATIONFAILED] Proxy authorization is not supported
> j2 LIST "" INBOX
< j2 BAD Log in first
