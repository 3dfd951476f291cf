#!/usr/bin/env python3
"""FETCH benchmark rows (issue 5): Cairn against a private Dovecot on this
machine, the same load to each, figures reported as ratios.

    bench/scenarios/fetch.py [--rounds N] [--big-mb 50] [--json OUT] [--only cairn,maildir,sdbox]

Runs as root (Dovecot drops to `nobody`; Cairn to its own user). Needs the
Release build (build/cairn or $CAIRN_BIN) and dovecot-imapd. Loopback only.

Rows:
  fetch_1_500_env_bs   FETCH 1:500 (ENVELOPE BODYSTRUCTURE) on a mailbox of
                       500 corpus messages (tests/data/mime and the shared
                       corpus, cycled): median wall time of --rounds runs,
                       one connection, messages answered per second.
  body_50mb_plain      UID FETCH n BODY.PEEK[] of a generated 50 MB message,
  body_50mb_tls        over plain TCP and over implicit TLS, each on a new
                       connection: median MB/s of --rounds runs, and the
                       largest peak of the server's memory meanwhile, and
                       in brackets its growth over the RSS just before
                       (Cairn: the server process's VmHWM, reset through
                       /proc/PID/clear_refs before each run; Dovecot: the
                       sum of the same for its imap process, the only one
                       then, and its imap-login processes, which carry TLS).

All servers run at once and are measured in turn within each round, so a
ratio compares runs made at the same time on a machine whose load varies.

For the harness: `run(rounds=5, big_mb=50, servers=("cairn", "maildir",
"sdbox"))` returns {server: {row: {...}}} and `markdown(results)` the table
that docs/fetch.md shows.
"""
import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
sys.path.insert(0, os.path.join(ROOT, "tests", "tools"))
from cairnlib import CairnServer  # noqa: E402
from imapwire import Client, connect, fetch_items, vm_kib  # noqa: E402
from test_fetch_large import big_message  # noqa: E402

USER, PASSWORD = "bench", "bench-pw"


def corpus_messages(n):
    files = []
    own = os.path.join(ROOT, "tests", "data", "mime")
    files += [os.path.join(own, f) for f in sorted(os.listdir(own)) if f.endswith(".eml")]
    shared = os.path.join(os.path.dirname(ROOT), "shared", "corpus")
    if os.environ.get("CAIRN_SHARED_DIR"):
        shared = os.path.join(os.environ["CAIRN_SHARED_DIR"], "corpus")
    if os.path.exists(os.path.join(shared, "INDEX.tsv")):
        with open(os.path.join(shared, "INDEX.tsv")) as f:
            for row in f.read().splitlines()[1:]:
                path, _size, _le, _ct, cat = row.split("\t")
                if cat != "mbox":
                    files.append(os.path.join(shared, path))
    out = []
    for k in range(n):
        with open(files[k % len(files)], "rb") as f:
            out.append(f.read())
    return out


# --- the servers ----------------------------------------------------------

class CairnTarget:
    name = "cairn"

    def __init__(self):
        self.srv = CairnServer(users={USER: PASSWORD})

    def start(self):
        self.srv.start()
        self.imap_port, self.imaps_port = self.srv.imap_port, self.srv.imaps_port

    def stop(self):
        self.srv.cleanup()

    def memory_pids(self):
        return [self.srv.proc.pid]


class DovecotTarget:
    def __init__(self, fmt):
        from refdovecot import Dovecot
        self.name = "dovecot-" + fmt
        self.work = tempfile.mkdtemp(prefix="cairn-bench-dovecot-")
        os.chmod(self.work, 0o755)
        self.d = Dovecot(self.work, mail_format=fmt)

    def start(self):
        self.d._write_conf()
        self.d.add_user(USER, PASSWORD)
        self.d.start()
        self.imap_port, self.imaps_port = self.d.imap_port, self.d.imaps_port

    def stop(self):
        self.d.stop()
        shutil.rmtree(self.work, ignore_errors=True)

    def memory_pids(self):
        """Dovecot's imap (one per connection) and imap-login processes."""
        master = self.d.master_pid()
        out = []
        for p in os.listdir("/proc"):
            if not p.isdigit():
                continue
            try:
                with open("/proc/%s/stat" % p) as f:
                    st = f.read()
                comm = st[st.index("(") + 1:st.rindex(")")]
                ppid = int(st[st.rindex(")") + 2:].split()[1])
            except (OSError, ValueError):
                continue
            if ppid == master and comm in ("imap", "imap-login"):
                out.append(int(p))
        return out


def login(t, tls=False):
    for _ in range(50):  # Dovecot's auth process may still be starting
        c = Client(connect(t.imaps_port if tls else t.imap_port, tls=tls), timeout=120)
        _u, tagged = c.command(b'LOGIN "%s" "%s"' % (USER.encode(), PASSWORD.encode()))
        if b" OK " in tagged:
            return c
        c.sock.close()
        time.sleep(0.2)
    raise RuntimeError("login failed on " + t.name)


# --- measurements ---------------------------------------------------------

def reset_peaks(pids):
    for p in pids:
        try:
            with open("/proc/%d/clear_refs" % p, "w") as f:
                f.write("5")
        except OSError:
            pass


def peak_kib(pids):
    total = 0
    for p in pids:
        try:
            total += vm_kib(p, "VmHWM")
        except (OSError, KeyError):
            pass
    return total


def rss_kib(pids):
    total = 0
    for p in pids:
        try:
            total += vm_kib(p, "VmRSS")
        except (OSError, KeyError):
            pass
    return total


def load_mailbox(t, msgs):
    c = login(t)
    # Some corpus messages carry raw 8-bit header fields: a server that
    # advertises UTF8=ACCEPT takes those only once a client enabled it (RFC
    # 6855 section 4; Cairn since issue 8). Dovecot 2.3 has no UTF8=ACCEPT
    # and accepts them anyway; the ENABLE changes nothing there.
    c.command(b"ENABLE UTF8=ACCEPT")
    c.ok(b"CREATE bench")
    for m in msgs:
        c.append(b"bench", m)
    c.logout()


def fetch_500_once(t):
    """FETCH 1:500 (ENVELOPE BODYSTRUCTURE) on a new connection (the login
    and EXAMINE are not timed): seconds."""
    c = login(t)
    c.ok(b"EXAMINE bench")
    start = time.perf_counter()
    untagged, _tagged = c.ok(b"FETCH 1:500 (ENVELOPE BODYSTRUCTURE)")
    elapsed = time.perf_counter() - start
    c.logout()
    n = len(fetch_items(untagged))
    if n != 500:
        raise RuntimeError("%s answered %d of 500 messages" % (t.name, n))
    return elapsed


def fetch_big_once(t, uid, size, tls):
    """One UID FETCH BODY.PEEK[] on a new connection: (MB/s, peak KiB)."""
    c = login(t, tls=tls)
    c.ok(b"EXAMINE INBOX")
    pids = t.memory_pids()
    rss_before = rss_kib(pids)
    reset_peaks(pids)
    tag = c.next_tag()
    start = time.perf_counter()
    c.sock.sendall(tag + b" UID FETCH %d (BODY.PEEK[])\r\n" % uid)
    head = bytes(c.buf)
    c.buf.clear()
    while b"}\r\n" not in head:
        chunk = c.sock.recv(1 << 20)
        if not chunk:
            raise RuntimeError("closed")
        head += chunk
    prefix, rest = head.split(b"}\r\n", 1)
    n = int(prefix[prefix.rindex(b"{") + 1:])
    if n != size:
        raise RuntimeError("%s sent %d bytes, not %d" % (t.name, n, size))
    got = len(rest)
    tail = rest[-200:]
    while got < n or tag + b" " not in tail:
        chunk = c.sock.recv(1 << 20)
        if not chunk:
            raise RuntimeError("closed")
        got += len(chunk)
        tail = (tail + chunk)[-200:]
    elapsed = time.perf_counter() - start
    peak = peak_kib(t.memory_pids())
    c.logout()
    return size / elapsed / 1e6, peak, peak - rss_before


def run(rounds=5, big_mb=50, servers=("cairn", "maildir", "sdbox")):
    """Starts every server, loads each the same way, then measures them in
    turn, round after round, so that every ratio compares runs made at the
    same time (a shared machine's load changes from minute to minute)."""
    msgs = corpus_messages(500)
    big = big_message(big_mb * 1024 * 1024)
    targets = [CairnTarget() if s == "cairn" else DovecotTarget(s) for s in servers]
    plain, tls = "body_%dmb_plain" % big_mb, "body_%dmb_tls" % big_mb
    samples = {t.name: {"fetch_1_500_env_bs": [], plain: [], tls: []} for t in targets}
    try:
        uids = {}
        for t in targets:
            t.start()
            load_mailbox(t, msgs)
            c = login(t)
            uids[t.name] = c.append(b"INBOX", big)
            c.logout()
            fetch_500_once(t)  # warm the caches once
        for _ in range(rounds):
            for t in targets:
                samples[t.name]["fetch_1_500_env_bs"].append(fetch_500_once(t))
            for key, use_tls in ((plain, False), (tls, True)):
                for t in targets:
                    samples[t.name][key].append(fetch_big_once(t, uids[t.name], len(big), use_tls))
    finally:
        for t in targets:
            t.stop()
    results = {}
    for name, rows in samples.items():
        med = statistics.median(rows["fetch_1_500_env_bs"])
        results[name] = {"fetch_1_500_env_bs": {"median_ms": round(med * 1000, 1), "msgs_per_s": round(500 / med)}}
        for key in (plain, tls):
            results[name][key] = {"mb_per_s": round(statistics.median(x[0] for x in rows[key])),
                                  "peak_mb": round(max(x[1] for x in rows[key]) / 1024, 1),
                                  "growth_mb": round(max(x[2] for x in rows[key]) / 1024, 1)}
    return results


def markdown(results):
    names = list(results)
    rows = list(results[names[0]])
    out = ["| row | " + " | ".join(names) + " | " +
           " | ".join("cairn / %s" % n for n in names[1:]) + " |",
           "|---|" + "---|" * (2 * len(names) - 1)]
    for row in rows:
        def cell(n):
            v = results[n][row]
            if "median_ms" in v:
                return "%s ms (%s msg/s)" % (v["median_ms"], v["msgs_per_s"])
            return "%s MB/s, peak %s MB (+%s)" % (v["mb_per_s"], v["peak_mb"], v["growth_mb"])

        def ratio(n):
            a, b = results[names[0]][row], results[n][row]
            if "median_ms" in a:
                return "%.2fx speed" % (b["median_ms"] / a["median_ms"])
            return "%.2fx speed, %.2fx memory" % (a["mb_per_s"] / b["mb_per_s"], a["peak_mb"] / b["peak_mb"])
        out.append("| %s | %s | %s |" % (row, " | ".join(cell(n) for n in names),
                                         " | ".join(ratio(n) for n in names[1:])))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--big-mb", type=int, default=50)
    ap.add_argument("--only", default="cairn,maildir,sdbox")
    ap.add_argument("--json")
    a = ap.parse_args()
    results = run(a.rounds, a.big_mb, tuple(a.only.split(",")))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1)
    print(markdown(results))


if __name__ == "__main__":
    sys.exit(main())
