#!/usr/bin/env python3
"""SEARCH rows of the benchmark (issue 8): Cairn against a private Dovecot
on the same generated mailbox, the same searches, reported as ratios.

    bench/scenarios/search.py [--messages 100000] [--runs 5] [--keep DIR]

With --keep DIR the servers' data stays in DIR, and a later run with the
same DIR skips the (long) fill and only searches again.

Run as root (both servers drop to their own users). It builds nothing: it
uses $CAIRN_BIN or build/cairn. Steps:
  1. generate a mailbox of N messages (seeded, deterministic): senders from
     a pool, subjects and bodies from a Zipf-distributed vocabulary, dates
     over five years, 90% \\Seen, a mix of plain, quoted-printable
     (ISO-8859-1), multipart/alternative with HTML, and base64 attachments;
     the word "kumquat" in exactly 1% of the bodies;
  2. load it into both servers with APPEND (MULTIAPPEND batches, LITERAL+);
  3. time each search (SEARCH_ROWS) once cold and RUNS times warm, on one
     connection per server, and print medians and the Dovecot/Cairn ratio.

For the harness (bench/harness/), the function to call is

    run_search_rows(cairn_addr, dovecot_addr, user, password, runs=5)
        -> [{"row", "command", "cairn_ms", "dovecot_ms", "ratio", "cold_*"}]

with both servers already holding the same mailbox (fill() loads one).
Dovecot runs without a full-text plugin, as Debian installs it.
"""
import argparse
import os
import random
import re
import socket
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
sys.path.insert(0, os.path.join(ROOT, "tests", "tools"))

MARKER = "kumquat"  # in 1% of the bodies, nowhere else

# The searches; the bench's rows (docs/search.md, docs/benchmarks.md).
SEARCH_ROWS = [
    ("FROM", "UID SEARCH FROM \"{sender}\""),
    ("SUBJECT", "UID SEARCH SUBJECT \"{subject_word}\""),
    ("SINCE", "UID SEARCH SINCE {since}"),
    ("UNSEEN", "UID SEARCH UNSEEN"),
    ("TEXT 1%", "UID SEARCH TEXT " + MARKER),
    ("BODY 1%", "UID SEARCH BODY " + MARKER),
]


# -- the mailbox ----------------------------------------------------------------

def make_vocabulary(rng, n=4000):
    syll = ["ba", "ce", "di", "fo", "gu", "ha", "je", "ki", "lo", "mu", "na", "pe", "qui", "ro", "sa",
            "te", "vu", "wa", "xe", "yo", "za", "an", "el", "in", "or", "us", "th", "st", "pr", "gr"]
    common = ("the of and to in is you that it he was for on are as with his they at be this have from or "
              "one had by word but not what all were we when your can said there use an each which she do "
              "how their if will up other about out many then them these so some her would make like him "
              "into time has look two more write go see number no way could people my than first water been "
              "call who oil its now find long down day did get come made may part meeting report budget "
              "project review schedule update team please thanks regards attached").split()
    words = set(common)
    while len(words) < n:
        w = "".join(rng.choice(syll) for _ in range(rng.randint(2, 4)))
        if MARKER not in w:
            words.add(w)
    words = sorted(words)
    rng.shuffle(words)
    # Zipf weights: a few words are very common, most are rare.
    cum, total = [], 0.0
    for i in range(len(words)):
        total += 1.0 / (i + 1)
        cum.append(total)
    return words, cum


class corpus:
    def __init__(self, n, seed=8):
        self.n = n
        self.rng = random.Random(seed)
        self.words, self.weights = make_vocabulary(self.rng)
        firsts = ["Anna", "Ben", "Chloe", "David", "Eva", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Kai",
                  "Lena", "Mateo", "Nora", "Olga", "Pavel", "Quinn", "Rosa", "Sven", "Tara"]
        lasts = ["Meyer", "Schmidt", "Novak", "Rossi", "Garcia", "Kowalski", "Tanaka", "Dubois", "Jensen",
                 "Silva", "Brown", "Ivanova", "Chen", "Haddad", "Larsen", "Moreau", "Weber", "Costa"]
        domains = ["example.org", "example.com", "example.net", "mail.example", "corp.example"]
        self.senders = []
        for i in range(2000):
            f, l = self.rng.choice(firsts), self.rng.choice(lasts)
            self.senders.append((f"{f} {l}", f"{f.lower()}.{l.lower()}{i}@{self.rng.choice(domains)}"))
        self.marked = set(self.rng.sample(range(n), max(1, n // 100)))
        self.start = 1420070400  # 2015-01-01
        self.span = 5 * 365 * 86400

    def text(self, k):
        return " ".join(self.rng.choices(self.words, cum_weights=self.weights, k=k))

    def lines(self, k):
        t = self.text(k).split(" ")
        out, line = [], []
        for w in t:
            line.append(w)
            if len(" ".join(line)) > 66:
                out.append(" ".join(line))
                line = []
        if line:
            out.append(" ".join(line))
        return "\r\n".join(out)

    def message(self, i):
        """(raw bytes, flags, internal date string)"""
        rng = self.rng
        name, addr = self.senders[int(rng.paretovariate(1.2) * 10) % len(self.senders)]
        to_name, to_addr = rng.choice(self.senders)
        when = self.start + (i * self.span) // self.n + rng.randint(0, 3600)
        date = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(when))
        idate = time.strftime("%d-%b-%Y %H:%M:%S +0000", time.gmtime(when))
        subject = self.text(rng.randint(3, 8)).capitalize()
        body = self.lines(rng.randint(50, 400))
        if i in self.marked:
            words = body.split(" ")
            words.insert(rng.randint(0, len(words)), MARKER)
            body = " ".join(words)
        head = (f"From: \"{name}\" <{addr}>\r\nTo: \"{to_name}\" <{to_addr}>\r\nSubject: {subject}\r\n"
                f"Date: {date}\r\nMessage-ID: <{i}.{when}@bench.example>\r\nMIME-Version: 1.0\r\n")
        kind = rng.random()
        if kind < 0.6:
            raw = head + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n"
        elif kind < 0.75:
            qp = body.replace("=", "=3D")
            raw = (head + "Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: "
                   "quoted-printable\r\n\r\n" + qp + "\r\n")
        elif kind < 0.95:
            html = "<html><body><p>" + body.replace("\r\n", "<br>\r\n") + "</p></body></html>"
            raw = (head + "Content-Type: multipart/alternative; boundary=\"alt-b\"\r\n\r\n--alt-b\r\n"
                   "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n--alt-b\r\n"
                   "Content-Type: text/html; charset=utf-8\r\n\r\n" + html + "\r\n--alt-b--\r\n")
        else:
            import base64
            blob = bytes(rng.getrandbits(8) for _ in range(rng.randint(2000, 8000)))
            b64 = base64.encodebytes(blob).decode().replace("\n", "\r\n")
            raw = (head + "Content-Type: multipart/mixed; boundary=\"mix-b\"\r\n\r\n--mix-b\r\n"
                   "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n--mix-b\r\n"
                   "Content-Type: application/octet-stream; name=\"data.bin\"\r\n"
                   "Content-Transfer-Encoding: base64\r\n\r\n" + b64 + "--mix-b--\r\n")
        flags = "\\Seen" if rng.random() < 0.9 else ""
        return raw.encode("utf-8"), flags, idate

    def params(self):
        """Values for SEARCH_ROWS: a sender of about 1% of the mail, a word of
        about 1% of the subjects, a date after which 10% arrived."""
        rng = random.Random(99)
        since = self.start + self.span * 9 // 10
        return {
            "sender": self.senders[rng.randint(20, 40)][1].split("@")[0],
            "subject_word": self.words[rng.randint(30, 60)],
            "since": time.strftime("%d-%b-%Y", time.gmtime(since)),
        }


# -- a small IMAP client ------------------------------------------------------------

class client:
    def __init__(self, host, port, timeout=3600):
        self.s = socket.create_connection((host, port), timeout=timeout)
        self.buf = b""
        self.n = 0
        self.read_line()

    def read_line(self):
        # Long answers (SORT, THREAD: hundreds of KB on one line) must not
        # cost the client more than the server: the buffer is searched only
        # where new bytes arrived, and the literal check looks at the tail.
        start = 0
        while True:
            i = self.buf.find(b"\r\n", start)
            if i >= 0:
                break
            start = max(0, len(self.buf) - 1)
            d = self.s.recv(1 << 20)
            if not d:
                raise EOFError("server closed")
            self.buf += d
        line, self.buf = self.buf[:i], self.buf[i + 2:]
        m = re.search(rb"\{(\d+)\}$", line[-24:]) if line.endswith(b"}") else None
        if m:
            n = int(m.group(1))
            while len(self.buf) < n:
                self.buf += self.s.recv(1 << 20)
            line += b"\r\n" + self.buf[:n]
            self.buf = self.buf[n:]
            line += self.read_line()
        return line

    def command(self, text):
        """Sends one command (bytes or str); returns (untagged lines, tagged line)."""
        self.n += 1
        tag = b"t%d" % self.n
        data = text.encode() if isinstance(text, str) else text
        self.s.sendall(tag + b" " + data + b"\r\n")
        untagged = []
        while True:
            line = self.read_line()
            if line.startswith(tag + b" "):
                if not line.startswith(tag + b" OK"):
                    raise RuntimeError("%r -> %r" % (data[:200], line))
                return untagged, line
            untagged.append(line)


def login(addr, user, password):
    c = client(*addr)
    c.command(f"LOGIN {user} {password}")
    return c


def fill(addr, user, password, mail, batch=250, progress=True):
    """Loads every message of `mail` into INBOX with MULTIAPPEND batches."""
    c = login(addr, user, password)
    t0 = time.time()
    for start in range(0, mail.n, batch):
        parts = [b"APPEND INBOX"]
        for i in range(start, min(mail.n, start + batch)):
            raw, flags, idate = mail.message(i)
            parts.append(b" (%s) \"%s\" {%d+}\r\n" % (flags.encode(), idate.encode(), len(raw)) + raw)
        c.command(b"".join(parts))
        if progress and (start // batch) % 40 == 0:
            print(f"  {start + batch} messages, {time.time() - t0:.0f}s", file=sys.stderr, flush=True)
    return time.time() - t0


def timed(c, command):
    t = time.perf_counter()
    untagged, _ = c.command(command)
    ms = (time.perf_counter() - t) * 1000
    hits = 0
    for u in untagged:
        if u.startswith(b"* SEARCH"):
            hits = len(u.split()) - 2
    return ms, hits


def run_search_rows(cairn_addr, dovecot_addr, user, password, runs=5, params=None):
    """Times SEARCH_ROWS on both servers (see the module's docstring)."""
    out = []
    conns = {"cairn": login(cairn_addr, user, password), "dovecot": login(dovecot_addr, user, password)}
    for c in conns.values():
        c.command("SELECT INBOX")
    for row, template in SEARCH_ROWS:
        command = template.format(**(params or {}))
        r = {"row": row, "command": command}
        for name, c in conns.items():
            cold, hits = timed(c, command)
            warm = [timed(c, command)[0] for _ in range(runs)]
            r[name + "_cold_ms"] = cold
            r[name + "_ms"] = statistics.median(warm)
            r[name + "_hits"] = hits
        r["ratio"] = r["dovecot_ms"] / max(r["cairn_ms"], 1e-6)
        r["cold_ratio"] = r["dovecot_cold_ms"] / max(r["cairn_cold_ms"], 1e-6)
        out.append(r)
        print(f"  {row:10} cairn {r['cairn_ms']:9.1f} ms  dovecot {r['dovecot_ms']:9.1f} ms  "
              f"ratio {r['ratio']:7.1f}  (cold: {r['cairn_cold_ms']:.1f} / {r['dovecot_cold_ms']:.1f} ms)  "
              f"hits {r['cairn_hits']}/{r['dovecot_hits']}", file=sys.stderr, flush=True)
    return out


def main():
    from cairnlib import CairnServer
    from refdovecot import Dovecot

    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=100000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--keep", help="keep the servers' folders here")
    ap.add_argument("--dovecot-format", default="maildir")
    a = ap.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("run as root")
    work = a.keep or tempfile.mkdtemp(prefix="cairn-bench-search-")
    os.makedirs(work, exist_ok=True)
    os.chmod(work, 0o755)  # both servers drop to their own users
    mail = corpus(a.messages)
    user, password = "bench", "bench-password"
    filled = os.path.join(work, "filled")
    reuse = os.path.exists(filled)
    with CairnServer(users={} if reuse else {user: password}, data_dir=os.path.join(work, "cairn"),
                     keep=bool(a.keep)) as srv:
        d = Dovecot(os.path.join(work, "dovecot"), mail_format=a.dovecot_format)
        d._write_conf()
        if not reuse:
            d.add_user(user, password)
        d.start()
        try:
            cairn_addr, dovecot_addr = ("127.0.0.1", srv.imap_port), ("127.0.0.1", d.imap_port)
            if not reuse:
                print(f"filling Cairn with {a.messages} messages", file=sys.stderr)
                tc = fill(cairn_addr, user, password, corpus(a.messages))
                print(f"filling Dovecot ({a.dovecot_format}) with {a.messages} messages", file=sys.stderr)
                td = fill(dovecot_addr, user, password, corpus(a.messages))
                print(f"fill: cairn {tc:.0f}s, dovecot {td:.0f}s", file=sys.stderr)
                with open(filled, "w") as f:
                    f.write(f"{a.messages}\n")
            rows = run_search_rows(cairn_addr, dovecot_addr, user, password, a.runs, mail.params())
            print("| row | command | Cairn (ms) | Dovecot (ms) | Dovecot / Cairn |")
            print("|---|---|---:|---:|---:|")
            for r in rows:
                print(f"| {r['row']} | `{r['command']}` | {r['cairn_ms']:.1f} | {r['dovecot_ms']:.1f} | "
                      f"{r['ratio']:.1f} |")
        finally:
            d.stop()


if __name__ == "__main__":
    main()
