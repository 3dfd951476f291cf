"""A small IMAP client for tests and measurements: commands with literals
(synchronizing, LITERAL+ and literal8), responses with their literals read
in, and a reader of IMAP values that keeps strings as bytes, so answers can
be compared by meaning (RFC 9051 section 4.3: a quoted string and a literal
holding the same bytes are the same string).

    c = Client(sock)                   # reads the greeting
    c.login("alice", "secret")
    untagged, tagged = c.command(b"SELECT INBOX")
    uid = c.append(b"INBOX", message)  # literal8 when the message holds NUL
    for seq, items in fetch_items(untagged): ...

Values: None is NIL; ("atom", bytes); bytes is a string; a list is a list.
Every read waits at most `timeout` seconds (socket timeout); a response is
at most `max_response` bytes, so a broken server cannot make a test hang or
eat the machine.
"""
import hashlib
import re
import socket

MAX_RESPONSE = 256 * 1024 * 1024


class ProtocolError(Exception):
    pass


class Client:
    def __init__(self, sock, timeout=30, max_response=MAX_RESPONSE):
        self.sock = sock
        self.sock.settimeout(timeout)
        self.buf = bytearray()
        self.tagn = 0
        self.max_response = max_response
        self.greeting = self.response()

    # -- reading -----------------------------------------------------------
    def _fill(self):
        chunk = self.sock.recv(1 << 20)
        if not chunk:
            raise EOFError("server closed the connection")
        self.buf += chunk

    def _line(self):
        while True:
            i = self.buf.find(b"\r\n")
            if i >= 0:
                line = bytes(self.buf[:i + 2])
                del self.buf[:i + 2]
                return line
            if len(self.buf) > self.max_response:
                raise ProtocolError("line longer than %d bytes" % self.max_response)
            self._fill()

    def _exact(self, n):
        while len(self.buf) < n:
            self._fill()
        data = bytes(self.buf[:n])
        del self.buf[:n]
        return data

    def response(self):
        """One response, its literals inline, CRLF included."""
        out = bytearray()
        while True:
            line = self._line()
            out += line
            m = re.search(rb"~?\{(\d+)\}\r\n$", line)
            if not m:
                return bytes(out)
            n = int(m.group(1))
            if len(out) + n > self.max_response:
                raise ProtocolError("response longer than %d bytes" % self.max_response)
            out += self._exact(n)

    # -- commands ----------------------------------------------------------
    def next_tag(self):
        self.tagn += 1
        return b"t%d" % self.tagn

    def command(self, text, literals=(), on_untagged=None):
        """Sends `text` (bytes; each b"\\0LIT" in it is replaced by the next
        literal, sent synchronizing, or as literal8 if it holds NUL) and reads
        up to the tagged answer. Returns (untagged list, tagged line)."""
        tag = self.next_tag()
        pieces = text.split(b"\0LIT")
        if len(pieces) != len(literals) + 1:
            raise ValueError("literal count mismatch")
        # Each line goes out in one write: a line split over two small
        # writes waits for the server's delayed ACK (Nagle), 40 ms a time.
        pending = tag + b" " + pieces[0]
        for lit, rest in zip(literals, pieces[1:]):
            marker = (b"~{%d}\r\n" if b"\0" in lit else b"{%d}\r\n") % len(lit)
            self.sock.sendall(pending + marker)
            while True:
                r = self.response()
                if r.startswith(b"+"):
                    break
                if r.startswith(tag + b" "):
                    return [], r
                if on_untagged:
                    on_untagged(r)
            pending = lit + rest
        self.sock.sendall(pending + b"\r\n")
        untagged = []
        while True:
            r = self.response()
            if r.startswith(tag + b" "):
                return untagged, r
            if on_untagged:
                on_untagged(r)
            untagged.append(r)

    def ok(self, text, literals=()):
        untagged, tagged = self.command(text, literals)
        if tagged.split(b" ", 2)[1] != b"OK":
            raise ProtocolError("%r: %r" % (text[:80], tagged))
        return untagged, tagged

    def login(self, user, password):
        return self.ok(b"LOGIN " + quote(user) + b" " + quote(password))

    def append(self, mailbox, message, flags=b""):
        """APPENDs and returns the UID (UIDPLUS APPENDUID)."""
        _u, tagged = self.ok(b"APPEND " + mailbox + (b" (" + flags + b")" if flags else b"") + b" \0LIT",
                             [message])
        m = re.search(rb"\[APPENDUID \d+ (\d+)\]", tagged)
        if not m:
            raise ProtocolError("no APPENDUID: %r" % tagged)
        return int(m.group(1))

    def logout(self):
        try:
            self.command(b"LOGOUT")
        except (OSError, EOFError):
            pass
        self.sock.close()


def quote(s):
    if isinstance(s, str):
        s = s.encode()
    return b'"' + s.replace(b"\\", b"\\\\").replace(b'"', b'\\"') + b'"'


# --- IMAP values -------------------------------------------------------------

def parse_value(data, i):
    """One IMAP value at data[i:]; returns (value, end index)."""
    c = data[i:i + 1]
    if c == b"(":
        i += 1
        items = []
        while True:
            while data[i:i + 1] == b" ":
                i += 1
            if i >= len(data):
                raise ProtocolError("unterminated list")
            if data[i:i + 1] == b")":
                return items, i + 1
            v, i = parse_value(data, i)
            items.append(v)
    if c == b'"':
        i += 1
        out = bytearray()
        while data[i:i + 1] != b'"':
            if i >= len(data):
                raise ProtocolError("unterminated quoted string")
            if data[i:i + 1] == b"\\":
                i += 1
            out += data[i:i + 1]
            i += 1
        return bytes(out), i + 1
    if c in (b"{", b"~"):
        if c == b"~":
            i += 1
        j = data.index(b"}", i)
        n = int(data[i + 1:j])
        start = j + 3  # "}\r\n"
        if start + n > len(data):
            raise ProtocolError("literal past the end")
        return data[start:start + n], start + n
    j = i
    while j < len(data) and data[j:j + 1] not in (b" ", b")", b"(", b"\r"):
        j += 1
    atom = data[i:j]
    if not atom:
        raise ProtocolError("empty atom at %d: %r" % (i, data[i:i + 40]))
    if atom.upper() == b"NIL":
        return None, j
    return ("atom", atom), j


def parse_imap(data):
    """A whole IMAP value (ENVELOPE, BODYSTRUCTURE, ...), or raises."""
    v, end = parse_value(data, 0)
    if end != len(data):
        raise ProtocolError("trailing bytes after a value: %r" % data[end:end + 40])
    return v


def fetch_items(untagged):
    """[(seq, [(name, raw value bytes, value, is_literal8)])] of the FETCH
    responses among `untagged`."""
    out = []
    for r in untagged:
        m = re.match(rb"\* (\d+) FETCH \(", r)
        if not m:
            continue
        i = m.end()
        items = []
        while True:
            while r[i:i + 1] == b" ":
                i += 1
            if r[i:i + 1] == b")":
                break
            j = i
            while r[j:j + 1] != b" ":
                if r[j:j + 1] == b"[":
                    j = r.index(b"]", j)
                j += 1
                if j >= len(r):
                    raise ProtocolError("unterminated FETCH item name")
            name = r[i:j].decode("latin-1")
            i = j + 1
            lit8 = r[i:i + 2] == b"~{"
            v, end = parse_value(r, i)
            items.append((name, r[i:end], v, lit8))
            i = end
        out.append((int(m.group(1)), items))
    return out


def show(v, limit=300):
    """A value as text, for failure messages."""
    if v is None:
        return "NIL"
    if isinstance(v, tuple):
        return v[1].decode("latin-1")
    if isinstance(v, bytes):
        s = v[:limit].decode("latin-1").encode("unicode_escape").decode()
        return '"%s"%s' % (s, "...(%d bytes)" % len(v) if len(v) > limit else "")
    return "(" + " ".join(show(x, limit) for x in v) + ")"


def sha256_hex(b):
    return hashlib.sha256(b).hexdigest()


# --- reading /proc for memory bounds ----------------------------------------

def vm_kib(pid, field):
    """VmRSS / VmHWM etc. of a process in KiB (Linux /proc/PID/status)."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def connect(port, tls=False, source="127.0.0.1", timeout=30):
    import ssl
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.bind((source, 0))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s.connect(("127.0.0.1", port))
    if tls:
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        s = ctx.wrap_socket(s)
    return s
