#!/usr/bin/env python3
"""Regenerates the MIME expectations: what a real Dovecot answers to FETCH for
each message of the MIME corpus. Run by hand (as root: Dovecot drops to
`nobody`), never in CI; commit the files it writes.

    tests/tools/gen_mime_expected.py                 # tests/data/mime/*.eml
    tests/tools/gen_mime_expected.py --shared        # also /work/shared/corpus
    tests/tools/gen_mime_expected.py FILE...         # just these messages

For tests/data/mime/NNN.eml it writes tests/data/mime/NNN.expected; for a
message of the shared corpus (--shared) it writes
tests/data/mime-shared/<path in corpus>.expected.

Each message is APPENDed to a private Dovecot (tests/tools/refdovecot.py) and
fetched with a fixed list of items chosen from its BODYSTRUCTURE: ENVELOPE,
BODYSTRUCTURE, BODY, RFC822.SIZE, BODY[] (hashed), HEADER, TEXT, a partial
TEXT, HEADER.FIELDS and HEADER.FIELDS.NOT, and for every part (up to
MAX_PARTS) its body and MIME header, HEADER, TEXT and HEADER.FIELDS of each
message/rfc822 part, a part that does not exist, and BINARY / BINARY.SIZE of
every leaf part (each in its own command, because Dovecot fails the whole
FETCH with NO [UNKNOWN-CTE] for a part it cannot decode).

File format (read by tests/unit/mime/expected.cpp), one record per item:

    @@ <item>\t<kind>\t<length>\n<length bytes>\n

kind is `imap` (the value as Dovecot wrote it, literals and all: ENVELOPE,
BODYSTRUCTURE, BODY, sizes), `data` (the content of a string answer: a
section), `nil` (NIL), `no` (the command failed; the bytes are the tagged
response text) or `sha256` (content longer than HASH_OVER bytes; the bytes are
the hex digest, length is the content's length).
"""
import argparse
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from refdovecot import Dovecot  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MIME_DIR = os.path.join(ROOT, "tests", "data", "mime")
SHARED_OUT = os.path.join(ROOT, "tests", "data", "mime-shared")
SHARED_CORPUS = os.path.realpath(os.path.join(ROOT, "..", "shared", "corpus"))
if not os.path.isdir(SHARED_CORPUS):
    SHARED_CORPUS = "/work/shared/corpus"
MAX_PARTS = 40
HASH_OVER = 4096

HDR_FIELDS = "(FROM TO CC SUBJECT DATE MESSAGE-ID CONTENT-TYPE X-NONEXISTENT)"
HDR_FIELDS_NOT = "(RECEIVED CONTENT-TYPE DKIM-SIGNATURE)"
SUB_FIELDS = "(SUBJECT FROM CONTENT-TYPE)"


class Imap:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        self.buf = b""
        self.tagn = 0
        self._line()  # greeting

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError("server closed the connection")
        self.buf += chunk

    def _line(self):
        while b"\r\n" not in self.buf:
            self._fill()
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line + b"\r\n"

    def _exact(self, n):
        while len(self.buf) < n:
            self._fill()
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def _response(self):
        """One response with its literals inline."""
        out = b""
        while True:
            line = self._line()
            out += line
            stripped = line[:-2]
            if stripped.endswith(b"}"):
                i = stripped.rfind(b"{")
                if i >= 0 and stripped[i + 1:-1].isdigit():
                    out += self._exact(int(stripped[i + 1:-1]))
                    continue
            return out

    def command(self, text, literal=None):
        self.tagn += 1
        tag = b"a%d" % self.tagn
        if literal is None:
            self.sock.sendall(tag + b" " + text + b"\r\n")
        else:
            binary = b"\0" in literal
            lit = (b"~{%d}" if binary else b"{%d}") % len(literal)
            self.sock.sendall(tag + b" " + text + b" " + lit + b"\r\n")
            cont = self._response()
            if not cont.startswith(b"+"):
                return [], cont
            self.sock.sendall(literal + b"\r\n")
        untagged = []
        while True:
            r = self._response()
            if r.startswith(tag + b" "):
                return untagged, r
            untagged.append(r)


# --- a small parser of IMAP values, keeping each value's raw text ----------

def parse_value(data, i):
    """Returns (python value, end index). Strings are bytes; NIL is None;
    lists are lists; atoms and numbers are ('atom', bytes)."""
    c = data[i:i + 1]
    if c == b"(":
        i += 1
        items = []
        while True:
            while data[i:i + 1] == b" ":
                i += 1
            if data[i:i + 1] == b")":
                return items, i + 1
            v, i = parse_value(data, i)
            items.append(v)
    if c == b'"':
        i += 1
        out = bytearray()
        while data[i:i + 1] != b'"':
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
        return data[start:start + n], start + n
    j = i
    while j < len(data) and data[j:j + 1] not in (b" ", b")", b"\r"):
        if data[j:j + 1] == b"[":
            j = data.index(b"]", j)
        j += 1
    atom = data[i:j]
    if atom.upper() == b"NIL":
        return None, j
    return ("atom", atom), j


def parse_fetch(resp):
    """'* N FETCH (name value ...)' -> list of (name, raw value bytes, value)."""
    i = resp.index(b"FETCH (") + len(b"FETCH (")
    items = []
    while True:
        while resp[i:i + 1] == b" ":
            i += 1
        if resp[i:i + 1] == b")":
            return items
        j = i
        while resp[j:j + 1] != b" ":
            if resp[j:j + 1] == b"[":
                j = resp.index(b"]", j)
            j += 1
        name = resp[i:j]
        i = j + 1
        v, end = parse_value(resp, i)
        items.append((name.decode("latin-1"), resp[i:end], v))
        i = end


def is_multipart(body):
    return isinstance(body, list) and len(body) > 0 and isinstance(body[0], list)


def is_message_rfc822(body):
    return (not is_multipart(body) and len(body) > 8 and isinstance(body[0], bytes)
            and body[0].lower() == b"message" and isinstance(body[1], bytes)
            and body[1].lower() == b"rfc822")


def part_paths(body):
    """[(path list, body)] of every part, depth first, as section numbers."""
    out = []

    def children(b, prefix):
        if is_multipart(b):
            n = 0
            for c in b:
                if not isinstance(c, list):
                    break
                n += 1
                out.append((prefix + [n], c))
                if is_multipart(c) or is_message_rfc822(c):
                    children(c, prefix + [n])
        elif is_message_rfc822(b):
            inner = b[8]
            if is_multipart(inner):
                children(inner, prefix)
            else:
                out.append((prefix + [1], inner))
                if is_message_rfc822(inner):
                    children(inner, prefix + [1])

    if is_multipart(body):
        children(body, [])
    else:
        out.append(([1], body))
        if is_message_rfc822(body):
            children(body, [1])
    return out


def record(out, name, kind, data):
    if kind == "data" and len(data) > HASH_OVER:
        digest = hashlib.sha256(data).hexdigest().encode()
        out += b"@@ %s\tsha256\t%d\n%s\n" % (name.encode("latin-1"), len(data), digest)
        return
    out += b"@@ %s\t%s\t%d\n" % (name.encode("latin-1"), kind.encode(), len(data))
    out += data + b"\n"


def fetch_items(imap, items):
    untagged, tagged = imap.command(b"FETCH 1 (" + items.encode() + b")")
    if b" OK " not in tagged[:12]:
        return None, tagged
    for u in untagged:
        if b" FETCH (" in u:
            return parse_fetch(u), tagged
    return [], tagged


def expectations(imap, raw, reconnect):
    imap.command(b"SELECT INBOX")
    # Leave nothing behind from a message that failed half way.
    imap.command(b"STORE 1:* +FLAGS.SILENT (\\Deleted)")
    imap.command(b"EXPUNGE")
    untagged, tagged = imap.command(b"APPEND INBOX", raw)
    if b" OK " not in tagged[:12]:
        raise RuntimeError("APPEND failed: %r" % tagged)
    imap.command(b"SELECT INBOX")
    out = bytearray()
    items, tagged = fetch_items(imap, "ENVELOPE BODYSTRUCTURE BODY RFC822.SIZE")
    if items is None:
        raise RuntimeError("FETCH failed: %r" % tagged)
    bs = None
    for name, rawv, v in items:
        record(out, name, "imap", rawv)
        if name == "BODYSTRUCTURE":
            bs = v
    paths = part_paths(bs)[:MAX_PARTS]
    sections = ["", "HEADER", "TEXT", "HEADER.FIELDS " + HDR_FIELDS,
                "HEADER.FIELDS.NOT " + HDR_FIELDS_NOT, "99", "1.99"]
    for path, body in paths:
        p = ".".join(map(str, path))
        sections += [p, p + ".MIME"]
        if is_message_rfc822(body):
            sections += [p + ".HEADER", p + ".TEXT", p + ".HEADER.FIELDS " + SUB_FIELDS]
    for sec in sections:
        items, tagged = fetch_items(imap, "BODY.PEEK[%s]" % sec)
        name = "BODY[%s]" % sec
        if items is None:
            record(out, name, "no", tagged.rstrip(b"\r\n"))
            continue
        for _n, rawv, v in items:
            record(out, name, "nil" if v is None else "data", b"" if v is None else v)
    items, tagged = fetch_items(imap, "BODY.PEEK[TEXT]<4.20> BODY.PEEK[]<0.7>")
    for n, rawv, v in items or []:
        record(out, n, "nil" if v is None else "data", b"" if v is None else v)
    for path, body in paths:
        if is_multipart(body) or is_message_rfc822(body):
            continue
        p = ".".join(map(str, path))
        for item in ("BINARY.PEEK[%s]" % p, "BINARY.SIZE[%s]" % p):
            name = item.replace(".PEEK", "")
            try:
                items, tagged = fetch_items(imap, item)
            except EOFError:
                # Dovecot disconnects when it finds broken encoded data
                # half way ("Base64 data ends prematurely").
                record(out, name, "no", b"(disconnected)")
                imap = reconnect()
                imap.command(b"SELECT INBOX")
                continue
            if items is None:
                record(out, name, "no", tagged.rstrip(b"\r\n").split(b" ", 1)[1])
                continue
            for _n, rawv, v in items:
                if item.startswith("BINARY.SIZE"):
                    record(out, name, "imap", rawv)
                else:
                    record(out, name, "nil" if v is None else "data",
                           b"" if v is None else v)
    imap.command(b"STORE 1 +FLAGS.SILENT (\\Deleted)")
    imap.command(b"EXPUNGE")
    return bytes(out), imap


def login(port):
    # The first login may meet an auth process that is still starting
    # ("Temporary authentication failure"): try again for a while.
    for _ in range(50):
        imap = Imap(port)
        _u, t = imap.command(b"LOGIN ref ref")
        if t.split(b" ")[1] == b"OK":
            return imap
        time.sleep(0.2)
    raise RuntimeError("login failed: %r" % t)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--shared", action="store_true", help="also the shared corpus")
    ap.add_argument("--only-shared", action="store_true")
    a = ap.parse_args()

    jobs = []  # (message path, expectation path)
    if a.files:
        for f in a.files:
            f = os.path.realpath(f)
            if f.startswith(SHARED_CORPUS + os.sep):
                rel = os.path.relpath(f, SHARED_CORPUS)
                jobs.append((f, os.path.join(SHARED_OUT, rel + ".expected")))
            else:
                jobs.append((f, os.path.splitext(f)[0] + ".expected"))
    else:
        if not a.only_shared:
            for n in sorted(os.listdir(MIME_DIR)):
                if n.endswith(".eml"):
                    jobs.append((os.path.join(MIME_DIR, n),
                                 os.path.join(MIME_DIR, n[:-4] + ".expected")))
        if a.shared or a.only_shared:
            for line in open(os.path.join(SHARED_CORPUS, "INDEX.tsv")).read().splitlines()[1:]:
                rel = line.split("\t")[0]
                jobs.append((os.path.join(SHARED_CORPUS, rel),
                             os.path.join(SHARED_OUT, rel + ".expected")))

    version = subprocess.run(["dovecot", "--version"], capture_output=True,
                             text=True).stdout.strip()
    work = tempfile.mkdtemp(prefix="cairn-refdovecot-")
    os.chmod(work, 0o755)  # Dovecot's auth and mail processes run unprivileged
    d = Dovecot(work)
    d._write_conf()
    d.add_user("ref", "ref")
    d.start()
    try:
        imap = login(d.imap_port)
        for msg, exp in jobs:
            raw = open(msg, "rb").read()
            try:
                body, imap = expectations(imap, raw, lambda: login(d.imap_port))
            except (RuntimeError, EOFError, ValueError) as e:
                print("SKIP %s: %s\n%s" % (msg, e, d.log_tail(5)), file=sys.stderr)
                imap = login(d.imap_port)
                continue
            if not os.path.realpath(exp).startswith(ROOT + os.sep):
                raise SystemExit("refusing to write outside the work tree: " + exp)
            os.makedirs(os.path.dirname(exp), exist_ok=True)
            with open(exp, "wb") as f:
                f.write(b"# generated by tests/tools/gen_mime_expected.py from %s; do not edit\n"
                        % version.encode())
                f.write(body)
            print("ok", os.path.relpath(exp, ROOT))
        imap.command(b"LOGOUT")
    finally:
        d.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
