#!/usr/bin/env python3
"""SORT and THREAD rows of the benchmark (issue 9): Cairn against a private
Dovecot on the same generated mailbox, the same commands, as ratios.

    bench/scenarios/sort.py [--messages 100000] [--runs 5] [--keep DIR] [--maildir]

The mailbox is search.py's corpus (senders, Zipf subjects and bodies, five
years of dates) with conversations added: 40% of the messages answer an
earlier one (References / In-Reply-To, "Re: " subject), so THREAD=REFERENCES
has real trees to build. With --keep DIR the servers' data stays in DIR and
a later run with the same DIR only sorts again. Run as root; it builds
nothing ($CAIRN_BIN or build/cairn).

--maildir fills both servers faster on a busy machine: the corpus is
written once as a Maildir (file names in order, mtime = internal date,
":2,S" for \\Seen), imported into Cairn with `cairn import` (batches of
100 per commit) and copied into Dovecot's maildir (Dovecot indexes it on
the first SELECT, before the timed commands). The mailbox is the same as
with APPEND.

For the harness (bench/harness/), the function to call is

    run_sort_rows(cairn_addr, dovecot_addr, user, password, runs=5)
        -> [{"row", "command", "cairn_ms", "dovecot_ms", "ratio", "cold_*", "*_changed_ms", "changed_ratio"}]

Each command is timed once cold (the first on the connection: Dovecot
builds its sort and thread caches there) and RUNS times warm (median).
"""
import argparse
import calendar
import os
import random
import re
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import search  # noqa: E402  (the corpus, the client, fill())

SORT_ROWS = [
    ("SORT DATE", "UID SORT (DATE) UTF-8 ALL"),
    ("SORT SUBJECT", "UID SORT (SUBJECT) UTF-8 ALL"),
    ("SORT REVERSE ARRIVAL 1:50", "UID SORT RETURN (PARTIAL 1:50) (REVERSE ARRIVAL) UTF-8 ALL"),
    ("THREAD REFERENCES", "UID THREAD REFERENCES UTF-8 ALL"),
]


class conversations(search.corpus):
    """search.corpus with replies: message i answers an earlier message with
    probability 0.4 (chosen by a generator seeded with i, so the mailbox is
    the same whatever order it is made in)."""

    def message(self, i):
        raw, flags, idate = super().message(i)
        rng = random.Random(1_000_003 * (i + 1))
        head, body = raw.split(b"\r\n\r\n", 1)
        head = re.sub(rb"Message-ID: <[^>]*>", b"Message-ID: <m%d@bench.example>" % i, head)
        if i > 0 and rng.random() < 0.4:
            parent = max(0, i - 1 - int(rng.expovariate(1 / 50)))
            grand = max(0, parent - 1 - int(rng.expovariate(1 / 50)))
            refs = b"<m%d@bench.example> <m%d@bench.example>" % (grand, parent)
            head = head.replace(b"Subject: ", b"Subject: Re: ", 1)
            head += b"\r\nIn-Reply-To: <m%d@bench.example>\r\nReferences: %s" % (parent, refs)
        return head + b"\r\n\r\n" + body, flags, idate


def write_maildir(path, mail):
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(path, sub), exist_ok=True)
    for i in range(mail.n):
        raw, flags, idate = mail.message(i)
        when = calendar.timegm(time.strptime(idate[:20], "%d-%b-%Y %H:%M:%S"))
        name = os.path.join(path, "cur", "%09d.bench:2,%s" % (i, "S" if "Seen" in flags else ""))
        with open(name, "wb") as f:
            f.write(raw)
        os.utime(name, (when, when))


def timed(c, command):
    t = time.perf_counter()
    untagged, _ = c.command(command)
    ms = (time.perf_counter() - t) * 1000
    size = sum(len(u) for u in untagged)
    return ms, size


def append_one(c, i):
    """One new message in INBOX (a reply to nothing, a fresh subject)."""
    msg = (f"From: new{i}@example.org\r\nTo: bench@example.org\r\nSubject: new mail {i}\r\n"
           f"Message-ID: <bench-new-{i}-{time.time_ns()}@example.org>\r\n"
           f"Date: Thu, 26 Nov 2026 12:00:00 +0000\r\n\r\nnew\r\n").encode()
    c.command(b"APPEND INBOX {%d+}\r\n" % len(msg) + msg)


def run_sort_rows(cairn_addr, dovecot_addr, user, password, runs=5, after_append=True):
    """Each row: cold, then RUNS warm; with after_append also RUNS more, each
    after one new message arrived (through another connection) since the
    last command: the cost of a mailbox that changes between commands."""
    out = []
    conns = {"cairn": search.login(cairn_addr, user, password), "dovecot": search.login(dovecot_addr, user, password)}
    feeders = {"cairn": search.login(cairn_addr, user, password),
               "dovecot": search.login(dovecot_addr, user, password)} if after_append else {}
    for c in conns.values():
        c.command("SELECT INBOX")
    n = 0
    for row, command in SORT_ROWS:
        r = {"row": row, "command": command}
        for name, c in conns.items():
            cold, size = timed(c, command)
            warm = [timed(c, command)[0] for _ in range(runs)]
            r[name + "_cold_ms"] = cold
            r[name + "_ms"] = statistics.median(warm)
            r[name + "_bytes"] = size
            if after_append:
                changed = []
                for _ in range(runs):
                    n += 1
                    append_one(feeders[name], n)
                    c.command("NOOP")  # the session hears of it first, as a client would
                    changed.append(timed(c, command)[0])
                r[name + "_changed_ms"] = statistics.median(changed)
        r["ratio"] = r["dovecot_ms"] / max(r["cairn_ms"], 1e-6)
        r["cold_ratio"] = r["dovecot_cold_ms"] / max(r["cairn_cold_ms"], 1e-6)
        if after_append:
            r["changed_ratio"] = r["dovecot_changed_ms"] / max(r["cairn_changed_ms"], 1e-6)
        out.append(r)
        extra = (f"  after new mail: {r['cairn_changed_ms']:.1f} / {r['dovecot_changed_ms']:.1f} ms "
                 f"(ratio {r['changed_ratio']:.1f})") if after_append else ""
        print(f"  {row:28} cairn {r['cairn_ms']:9.1f} ms  dovecot {r['dovecot_ms']:9.1f} ms  "
              f"ratio {r['ratio']:6.1f}  (cold: {r['cairn_cold_ms']:.1f} / {r['dovecot_cold_ms']:.1f} ms)  "
              f"answer bytes {r['cairn_bytes']}/{r['dovecot_bytes']}" + extra, file=sys.stderr, flush=True)
    return out


def main():
    from cairnlib import CairnServer
    from refdovecot import Dovecot

    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=100000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--keep", help="keep the servers' folders here")
    ap.add_argument("--dovecot-format", default="maildir")
    ap.add_argument("--maildir", action="store_true", help="fill through a Maildir (see above)")
    a = ap.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("run as root")
    work = a.keep or tempfile.mkdtemp(prefix="cairn-bench-sort-")
    os.makedirs(work, exist_ok=True)
    os.chmod(work, 0o755)
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
            if not reuse and a.maildir:
                import pwd
                import shutil
                import subprocess
                md = os.path.join(work, "maildir")
                t0 = time.time()
                write_maildir(md, conversations(a.messages))
                print(f"maildir written: {time.time() - t0:.0f}s", file=sys.stderr)
                t0 = time.time()
                subprocess.run([srv.binary, "import", "--quiet", user, md, "--data", srv.data_dir,
                                "--config", srv.config_path], check=True)
                print(f"cairn import: {time.time() - t0:.0f}s", file=sys.stderr)
                t0 = time.time()
                home = os.path.join(d.dir, "home", user)
                shutil.copytree(md, os.path.join(home, "Maildir"))
                nobody = pwd.getpwnam("nobody")
                subprocess.run(["chown", "-R", f"{nobody.pw_uid}:{nobody.pw_gid}", home], check=True)
                c = search.login(dovecot_addr, user, password)
                c.command("SELECT INBOX")  # Dovecot indexes the Maildir here
                print(f"dovecot copy and first SELECT: {time.time() - t0:.0f}s", file=sys.stderr)
                with open(filled, "w") as f:
                    f.write(f"{a.messages}\n")
            elif not reuse:
                print(f"filling Cairn with {a.messages} messages", file=sys.stderr)
                tc = search.fill(cairn_addr, user, password, conversations(a.messages))
                print(f"filling Dovecot ({a.dovecot_format}) with {a.messages} messages", file=sys.stderr)
                td = search.fill(dovecot_addr, user, password, conversations(a.messages))
                print(f"fill: cairn {tc:.0f}s, dovecot {td:.0f}s", file=sys.stderr)
                with open(filled, "w") as f:
                    f.write(f"{a.messages}\n")
            rows = run_sort_rows(cairn_addr, dovecot_addr, user, password, a.runs)
            print("| row | command | Cairn (ms) | Dovecot (ms) | Dovecot / Cairn | after new mail: Cairn / Dovecot (ms) | ratio |")
            print("|---|---|---:|---:|---:|---:|---:|")
            for r in rows:
                print(f"| {r['row']} | `{r['command']}` | {r['cairn_ms']:.1f} | {r['dovecot_ms']:.1f} | "
                      f"{r['ratio']:.1f} | {r['cairn_changed_ms']:.1f} / {r['dovecot_changed_ms']:.1f} | "
                      f"{r['changed_ratio']:.1f} |")
        finally:
            d.stop()


if __name__ == "__main__":
    main()
