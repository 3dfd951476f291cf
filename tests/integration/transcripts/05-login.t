# LOGIN (RFC 9051 section 6.2.3): user name and password as atom, quoted
# string or literal; a wrong password and an unknown user get the very same
# answer, NO [AUTHENTICATIONFAILED] (RFC 5530). Account names are folded to
# lower case; passwords are not. Each failure lives on its own source
# address so that the throttle (10-throttle.t) delays nothing here.
@user alice secret
@user bob p@ss w0rd
@conn A from=127.0.0.21
< * OK {{*}} Cairn ready.
> a1 LOGIN alice wrong
< a1 NO [AUTHENTICATIONFAILED] Authentication failed.
@conn B from=127.0.0.22
< * OK {{*}} Cairn ready.
> b1 LOGIN nobody secret
< b1 NO [AUTHENTICATIONFAILED] Authentication failed.
@conn C from=127.0.0.23
< * OK {{*}} Cairn ready.
# The password is case-sensitive.
> c1 LOGIN alice SECRET
< c1 NO [AUTHENTICATIONFAILED] Authentication failed.
# Wrong arguments are BAD, not a failed login.
@conn D from=127.0.0.24
< * OK {{*}} Cairn ready.
> d1 LOGIN
< d1 BAD Missing arguments
> d2 LOGIN alice
< d2 BAD Missing arguments
# (A good command in between: three BADs in a row end the session.)
> d2b NOOP
< d2b OK NOOP completed
> d3 LOGIN alice secret extra
< d3 BAD Unexpected extra arguments
# A good login: quoted user name in another case, quoted password.
> d4 LOGIN "ALICE" "secret"
< d4 OK [CAPABILITY IMAP4rev1 {{*}}] Logged in
> d5 LOGIN alice secret
< d5 BAD Command not allowed now
> d6 LOGOUT
< * BYE Logging out
< d6 OK Logout completed
@closed
# Literals, synchronizing and not; a password with a space and an "@" must
# be quoted or a literal.
@conn E from=127.0.0.25
< * OK {{*}} Cairn ready.
> e1 LOGIN {3}
< + Ready for literal data
> BOB {9+}
> p@ss w0rd
< e1 OK [CAPABILITY {{*}}] Logged in
@conn F from=127.0.0.26
< * OK {{*}} Cairn ready.
# Escaped quote and backslash in quoted strings (the file's \\ is one
# backslash on the wire): user names bo"b and b\ob do not exist.
> f1 LOGIN "bo\"b" "p@ss w0rd"
< f1 NO [AUTHENTICATIONFAILED] Authentication failed.
> f1b LOGIN "b\\\\ob" "p@ss w0rd"
< f1b NO [AUTHENTICATIONFAILED] Authentication failed.
@conn F2 from=127.0.0.28
< * OK {{*}} Cairn ready.
> f2 LOGIN "bob" "p@ss w0rd"
< f2 OK [CAPABILITY {{*}}] Logged in
# An escape other than \" and \\ in a quoted string is BAD.
@conn G from=127.0.0.27
< * OK {{*}} Cairn ready.
> g1 LOGIN "al\ice" secret
< g1 BAD Bad escape in quoted string
# NUL is never allowed in a quoted string (RFC 9051 QUOTED-CHAR).
> g2 LOGIN "ali\0ce" secret
< g2 BAD Invalid character in quoted string
> g3 LOGIN alice secret
< g3 OK [CAPABILITY {{*}}] Logged in
