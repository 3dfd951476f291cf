#!/usr/bin/env python3
"""Protocol transcripts: client lines and the server lines expected, played
against a real `cairn serve` on loopback with a fresh data folder.

    transcript.py [FILE.t ...]        (default: tests/integration/transcripts/*.t)

Format (one directive per line; '#' starts a comment line):

    @config                 TOML merged into the server's configuration,
    [limits]                up to @end
    line_before_login = 2048
    @end
    @user NAME PASSWORD     an account, created before the server starts
    @conn NAME [tls|imaps-raw] [from=127.0.0.N]
                            open a connection (implicit TLS on the imaps port
                            with "tls"; a plain TCP connection to the imaps
                            port with "imaps-raw"), from a given loopback
                            source address, and make it current
    @use NAME               make another connection current
    @starttls               TLS handshake on the current connection (after the
                            server's OK to STARTTLS)
    @close                  the client closes the current connection
    @closed                 the server must close it (EOF) now
    @sigterm                send SIGTERM to the server and go on (connections
                            stay open: read their BYE, then @closed)
    @restart                stop the server with SIGTERM (if @sigterm has not),
                            check that it exits 0, and start it again on the
                            same data (connections must be reopened)
    @log REGEX              a line of the server log must match REGEX (Python
                            syntax) within the line timeout
    @nothing                nothing has arrived on the current connection yet
                            (an ordering check: it does not wait)
    > TEXT                  send TEXT + CRLF
    >> TEXT                 send TEXT as is (no CRLF added)
    < PATTERN               the next server line must match PATTERN

In TEXT and PATTERN, escapes stand for bytes: \\r \\n \\t \\0 \\xHH \\\\, and
${rep:STRING:N} for STRING repeated N times. A server line that ends with a
literal {n} continues with the literal's n bytes and the rest of the
response; the whole is matched as one line, with its bytes escaped the same
way (CR LF in a literal reads \\r\\n).

In PATTERN, {{*}} matches any text, {{N}} a number, {{N:name}} a number that
is remembered, {{=name}} the remembered value, {{!=name}} a number other
than the remembered value; everything else matches exactly.

Each line waits at most 10 s (30 s with CAIRN_SANITIZED=1). The runner stops at the first mismatch of a
file and reports the line, what came instead, and the server log's tail.
"""
import glob
import os
import re
import signal
import socket
import ssl
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cairnlib import CairnServer, ServerError, tls_context  # noqa: E402

# Sanitizer builds (CAIRN_SANITIZED=1) run several times slower.
TIMEOUT = 30.0 if os.environ.get("CAIRN_SANITIZED") else 10.0
HERE = os.path.dirname(os.path.abspath(__file__))


class Mismatch(Exception):
    pass


def unescape(text):
    text = re.sub(r"\$\{rep:(.*?):(\d+)\}", lambda m: m.group(1) * int(m.group(2)), text)
    out = bytearray()
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            n = text[i + 1]
            if n == "r":
                out += b"\r"
            elif n == "n":
                out += b"\n"
            elif n == "t":
                out += b"\t"
            elif n == "0":
                out += b"\0"
            elif n == "\\":
                out += b"\\"
            elif n == "x" and i + 3 < len(text):
                out.append(int(text[i + 2:i + 4], 16))
                i += 4
                continue
            else:
                out += ("\\" + n).encode()
            i += 2
            continue
        out += c.encode("utf-8")
        i += 1
    return bytes(out)


def escape(data):
    out = []
    for b in data:
        if b == 0x0D:
            out.append("\\r")
        elif b == 0x0A:
            out.append("\\n")
        elif b == 0x5C:
            out.append("\\\\")
        elif b == 0x09:
            out.append("\\t")
        elif b < 0x20 or b == 0x7F:
            out.append("\\x%02x" % b)
        else:
            out.append(chr(b) if b < 0x80 else "\\x%02x" % b)
    return "".join(out)


def pattern_regex(pattern, variables):
    """PATTERN (already in escaped form) to a regex over escaped lines."""
    parts = re.split(r"(\{\{[^}]*\}\})", pattern)
    rx = ""
    for p in parts:
        if p.startswith("{{") and p.endswith("}}"):
            tok = p[2:-2]
            if tok == "*":
                rx += ".*?"
            elif tok == "N":
                rx += r"\d+"
            elif tok.startswith("N:"):
                rx += r"(?P<%s>\d+)" % tok[2:]
            elif tok.startswith("!="):
                if tok[2:] not in variables:
                    raise Mismatch("unknown variable " + tok[2:])
                rx += r"(?!%s(?!\d))\d+" % re.escape(variables[tok[2:]])
            elif tok.startswith("="):
                if tok[1:] not in variables:
                    raise Mismatch("unknown variable " + tok[1:])
                rx += re.escape(variables[tok[1:]])
            else:
                raise Mismatch("unknown pattern token " + p)
        else:
            # Normalise the pattern's escapes to the canonical escaped form.
            rx += re.escape(escape(unescape(p)))
    return "^" + rx + "$"


class Connection:
    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def send(self, data):
        self.sock.sendall(data)

    def _fill(self, deadline):
        left = deadline - time.time()
        if left <= 0:
            raise Mismatch("timed out waiting for the server")
        self.sock.settimeout(left)
        try:
            chunk = self.sock.recv(65536)
        except socket.timeout:
            raise Mismatch("timed out waiting for the server")
        except (ConnectionResetError, ssl.SSLError) as e:
            raise Mismatch("connection error: %s" % e)
        if not chunk:
            raise EOFError
        self.buf += chunk

    def read_line(self, deadline):
        """One logical response line, literals included, without the final CRLF."""
        line = b""
        while True:
            while b"\r\n" not in self.buf:
                self._fill(deadline)
            i = self.buf.index(b"\r\n")
            part, self.buf = self.buf[:i], self.buf[i + 2:]
            line += part
            m = re.search(rb"~?\{(\d+)\}$", part)
            if not m:
                return line
            n = int(m.group(1))
            while len(self.buf) < n:
                self._fill(deadline)
            line += b"\r\n" + self.buf[:n]
            self.buf = self.buf[n:]

    def expect_eof(self, deadline):
        try:
            while True:
                self._fill(deadline)
                raise Mismatch("expected the server to close, got: " + escape(self.buf))
        except EOFError:
            return
        except Mismatch as e:
            if "connection error" in str(e):
                return
            raise


def parse(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    config, users, steps = [], {}, []
    i = 0
    while i < len(lines):
        raw = lines[i].rstrip("\r")
        i += 1
        if raw.startswith("@config"):
            while i < len(lines) and not lines[i].startswith("@end"):
                config.append(lines[i])
                i += 1
            i += 1
            continue
        if raw.startswith("@user "):
            _, name, pw = raw.split(" ", 2)
            users[name] = pw
            continue
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        steps.append((i, raw))
    return "\n".join(config), users, steps


def run_file(path, verbose=False):
    config, users, steps = parse(path)
    variables = {}
    conns = {}
    current = None
    received = []
    srv = CairnServer(users=users, config=config)
    try:
        try:
            srv.start()
        except ServerError as e:
            return False, "%s: the server did not start: %s" % (os.path.relpath(path), e)
        for lineno, step in steps:
            deadline = time.time() + TIMEOUT
            try:
                if step.startswith("@conn "):
                    words = step.split()[1:]
                    name, opts = words[0], words[1:]
                    src = "127.0.0.1"
                    for o in opts:
                        if o.startswith("from="):
                            src = o[5:]
                    if "imaps-raw" in opts:
                        sock = socket.create_connection(("127.0.0.1", srv.imaps_port), timeout=TIMEOUT,
                                                        source_address=(src, 0))
                    else:
                        sock = srv.connect(tls="tls" in opts, source=src)
                    conns[name] = Connection(sock)
                    current = conns[name]
                elif step.startswith("@use "):
                    current = conns[step.split()[1]]
                elif step == "@starttls":
                    current.sock = tls_context().wrap_socket(current.sock)
                    if current.buf:
                        raise Mismatch("bytes left in clear text before STARTTLS: " + escape(current.buf))
                elif step == "@close":
                    current.sock.close()
                elif step == "@closed":
                    current.expect_eof(deadline)
                elif step == "@sigterm":
                    srv.proc.send_signal(signal.SIGTERM)
                elif step.startswith("@log "):
                    rx = re.compile(step[5:])
                    while not any(rx.search(l) for l in srv.log().splitlines()):
                        if time.time() > deadline:
                            raise Mismatch("no log line matches: " + step[5:])
                        time.sleep(0.02)
                elif step == "@nothing":
                    got = current.buf
                    current.sock.setblocking(False)
                    try:
                        got += current.sock.recv(65536) or b"<EOF>"
                    except (BlockingIOError, ssl.SSLWantReadError):
                        pass
                    finally:
                        current.sock.setblocking(True)
                    if got:
                        raise Mismatch("expected nothing yet, got: " + escape(got))
                elif step == "@restart":
                    for c in conns.values():
                        try:
                            c.sock.close()
                        except OSError:
                            pass
                    conns.clear()
                    code = srv.stop()
                    if code != 0:
                        raise Mismatch("server exited with %s on SIGTERM" % code)
                    srv.users = {}
                    srv.start()
                elif step.startswith(">> "):
                    current.send(unescape(step[3:]))
                elif step.startswith("> ") or step == ">":
                    current.send(unescape(step[2:]) + b"\r\n")
                elif step.startswith("< "):
                    try:
                        got = current.read_line(deadline)
                    except EOFError:
                        raise Mismatch("the server closed the connection")
                    text = escape(got)
                    received.append(text)
                    m = re.match(pattern_regex(step[2:], variables), text, re.S)
                    if not m:
                        raise Mismatch("expected: %s\n     got: %s" % (step[2:], text))
                    variables.update({k: v for k, v in m.groupdict().items() if v is not None})
                else:
                    raise Mismatch("unknown directive: " + step)
            except (Mismatch, OSError, EOFError) as e:
                # Close the clients first: a session left in the middle of a
                # command would hold the shutdown for its grace period.
                for c in conns.values():
                    try:
                        c.sock.close()
                    except OSError:
                        pass
                srv.stop()
                tail = "\n".join("    " + l for l in srv.log().splitlines()[-15:])
                return False, "%s:%d: %s\n  last lines received:\n%s\n  server log:\n%s" % (
                    os.path.relpath(path), lineno, e,
                    "\n".join("    " + r for r in received[-5:]), tail)
        for c in conns.values():
            try:
                c.sock.close()
            except OSError:
                pass
        code = srv.stop()
        if code != 0:
            return False, "%s: server exited with %s on SIGTERM\n%s" % (os.path.relpath(path), code, srv.log()[-3000:])
        problem = srv.log_problems()
        if problem:
            return False, "%s: the server log shows a problem:\n%s" % (os.path.relpath(path), problem)
        return True, ""
    finally:
        srv.cleanup()


def main(argv):
    files = argv[1:] or sorted(glob.glob(os.path.join(HERE, "transcripts", "*.t")))
    failed = 0
    for f in files:
        start = time.time()
        ok, why = run_file(f)
        print("%-4s %s (%.1fs)" % ("ok" if ok else "FAIL", os.path.relpath(f), time.time() - start), flush=True)
        if not ok:
            failed += 1
            print(why, flush=True)
    print("%d transcript(s), %d failed" % (len(files), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
