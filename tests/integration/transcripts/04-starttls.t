# STARTTLS (RFC 9051 section 6.2.1): OK, then the handshake; refused once
# TLS is active (on 993 or after STARTTLS) and after login. Whatever the
# client pipelined after STARTTLS in clear text is discarded, never
# executed after the handshake (CVE-2021-33515).
@user alice secret
@conn A
< * OK [CAPABILITY {{*}} STARTTLS AUTH=PLAIN] Cairn ready.
# Arguments are refused.
> a0 STARTTLS now
< a0 BAD Unexpected extra arguments
> a1 STARTTLS
< a1 OK Begin TLS negotiation now
@starttls
> a2 STARTTLS
< a2 BAD TLS is already active
> a3 NOOP
< a3 OK NOOP completed

# Injection: a LOGIN and a CAPABILITY pipelined with STARTTLS in one packet.
@conn B
< * OK {{*}} Cairn ready.
>> b1 STARTTLS\r\nb2 LOGIN alice secret\r\nb3 CAPABILITY\r\n
< b1 OK Begin TLS negotiation now
@starttls
# b2 and b3 were thrown away: the next answer is b4's, still before login.
> b4 NOOP
< b4 OK NOOP completed
> b5 LIST "" INBOX
< b5 BAD Log in first
@log event="starttls injection discarded" session=\w+ peer=127\.0\.0\.1 bytes=\d+

# Half a command pipelined after STARTTLS is dropped as well: the first line
# after the handshake is a fresh command.
@conn C
< * OK {{*}} Cairn ready.
>> c1 STARTTLS\r\nc2 LOGIN {5}\r\n
< c1 OK Begin TLS negotiation now
@starttls
> c3 NOOP
< c3 OK NOOP completed

# Port 993: already TLS.
@conn D tls
< * OK {{*}} Cairn ready.
> d1 STARTTLS
< d1 BAD TLS is already active

# After login, STARTTLS is not a command of that state.
@conn E
< * OK {{*}} Cairn ready.
> e1 LOGIN alice secret
< e1 OK [CAPABILITY {{*}}] Logged in
> e2 STARTTLS
< e2 BAD Command not allowed now
> e3 NOOP
< e3 OK NOOP completed
