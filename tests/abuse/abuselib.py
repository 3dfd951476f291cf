"""Helpers for the abuse tests (tests/abuse/README.md): a real `cairn serve`
(tests/integration/cairnlib.py), raw sockets from chosen 127.0.0.x sources,
the server's memory from /proc, and waits on its log.

Every wait is bounded (a count and a deadline); nothing sleeps to measure
time; only processes started here are stopped, by PID.
"""
import os
import re
import socket
import ssl
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))

from cairnlib import CairnServer as _CairnServer, tls_context  # noqa: E402,F401


class CairnServer(_CairnServer):
    """cairnlib's server, whose cleanup fails the test when the server did
    not stop cleanly at SIGTERM (exit code other than 0) or its log shows a
    sanitizer report or a crashed session: under the ASan+UBSan build of
    the fast tier, a hostile input that trips a sanitizer must fail here
    even when every answer looked right."""

    def cleanup(self):
        code = self.stop()
        problem = self.log_problems()
        super().cleanup()
        if problem:
            raise AssertionError("server log shows a problem:\n" + problem)
        if code not in (0, None):
            raise AssertionError("server exited with %s at SIGTERM" % code)

PASSWORD = "secret"
# CAIRN_ABUSE_SCALE=full (scripts/test-long.sh abuse) multiplies the sizes.
FULL = os.environ.get("CAIRN_ABUSE_SCALE", "") == "full"
SANITIZED = bool(os.environ.get("CAIRN_SANITIZED"))


def memory(pid):
    """(rss, pss) of a process in bytes, from /proc/PID/smaps_rollup."""
    rss = pss = 0
    with open("/proc/%d/smaps_rollup" % pid) as f:
        for line in f:
            if line.startswith("Rss:"):
                rss = int(line.split()[1]) * 1024
            elif line.startswith("Pss:"):
                pss = int(line.split()[1]) * 1024
    return rss, pss


def open_fds(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


def mib(n):
    return "%.1f MiB" % (n / 1048576.0)


def connect(port, source="127.0.0.1", timeout=30):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.bind((source, 0))
    s.connect(("127.0.0.1", port))
    return s


def recv_until(sock, pattern, limit=1 << 20, deadline=30.0):
    """Reads until `pattern` (a compiled bytes regex) matches what was read,
    the peer closes, `limit` bytes or `deadline` seconds; returns the bytes."""
    buf = bytearray()
    end = time.time() + deadline
    while len(buf) < limit and time.time() < end:
        if pattern.search(buf):
            break
        sock.settimeout(max(0.05, end - time.time()))
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            break
        except (ConnectionResetError, BrokenPipeError):
            break
        if not chunk:
            break
        buf += chunk
    return bytes(buf)


def closed_by_peer(sock, deadline=30.0):
    """True once the peer has closed (EOF or reset) within the deadline;
    what it sent meanwhile is discarded."""
    end = time.time() + deadline
    while time.time() < end:
        sock.settimeout(max(0.05, end - time.time()))
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            return False
        except (ConnectionResetError, BrokenPipeError):
            return True
        if not chunk:
            return True
    return False


def send_all(sock, data, deadline=60.0):
    """Sends what the peer takes; returns the bytes sent (the peer may
    close or stop reading)."""
    sock.settimeout(deadline)
    sent = 0
    view = memoryview(data)
    try:
        while sent < len(data):
            n = sock.send(view[sent:sent + (1 << 20)])
            if n <= 0:
                break
            sent += n
    except (BrokenPipeError, ConnectionResetError, socket.timeout):
        pass
    return sent


class Line:
    """A line-oriented raw client: greeting, commands, tagged answers."""

    def __init__(self, port, source="127.0.0.1", tls=False, timeout=30):
        self.sock = connect(port, source, timeout)
        if tls:
            self.sock = tls_context().wrap_socket(self.sock)
        self.buf = b""
        self.greeting = self.line()

    def line(self, deadline=30.0):
        end = time.time() + deadline
        while b"\r\n" not in self.buf:
            if time.time() > end:
                raise TimeoutError("no line within %.0f s: %r" % (deadline, self.buf[-200:]))
            self.sock.settimeout(max(0.05, end - time.time()))
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("closed: %r" % self.buf[-200:])
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def send(self, data):
        self.sock.sendall(data)

    def command(self, tag, text, deadline=60.0):
        """Sends `tag text` and returns (untagged lines, tagged line). Only
        for answers without literals."""
        self.send(tag + b" " + text + b"\r\n")
        return self.until_tagged(tag, deadline)

    def until_tagged(self, tag, deadline=60.0):
        untagged = []
        end = time.time() + deadline
        for _ in range(10_000_000):
            line = self.line(max(0.1, end - time.time()))
            if line.startswith(tag + b" "):
                return untagged, line
            untagged.append(line)
        raise AssertionError("unbounded answer")

    def login(self, user, password=PASSWORD):
        _, t = self.command(b"L", b"LOGIN " + user.encode() + b" " + password.encode())
        if not t.startswith(b"L OK"):
            raise AssertionError("login %s: %r" % (user, t))

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def wait_log(srv, pattern, count=1, deadline=30.0, since=0):
    """Waits until the server log (from offset `since`) holds `count`
    matches of `pattern` (a str regex); returns the matches."""
    rx = re.compile(pattern)
    end = time.time() + deadline
    found = []
    while time.time() < end:
        found = rx.findall(srv.log()[since:])
        if len(found) >= count:
            return found
        time.sleep(0.05)
    return found


def log_size(srv):
    return len(srv.log())
