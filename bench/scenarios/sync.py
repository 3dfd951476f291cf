#!/usr/bin/env python3
"""Benchmark rows for changing mail and hearing of it (issue 6): Cairn
against a private Dovecot on this machine, the same load to each, figures
reported side by side and as ratios.

    bench/scenarios/sync.py [--ops N] [--idlers 1000] [--rounds 5]
                            [--only cairn,maildir,sdbox] [--rows store,copy,move,expunge,idle]
                            [--json OUT]

Runs as root (Dovecot drops to `nobody`; Cairn to its own user). Needs the
Release build (build/cairn or $CAIRN_BIN) and dovecot-imapd. Loopback only,
plain IMAP (both servers allow it there).

Rows (one account, its INBOX prefilled with small messages):
  store_c{1,16}    UID STORE u +FLAGS (\\Flagged) / -FLAGS, alternately, on
                   the client's own messages
  copy_c{1,16}     UID COPY u Archive
  move_c{1,16}     UID MOVE u Archive
  expunge_c{1,16}  UID EXPUNGE u (the \\Deleted flags are set before,
                   untimed)
                   With 1 and 16 clients, each on its own connection with
                   INBOX selected, --ops commands each (16 clients: --ops/4
                   each); every command changes the mailbox, so it is
                   answered only once durable. Figures: commands per second
                   (all clients together) and the median and 99th
                   percentile latency of one command.
  idle_fanout      --idlers sessions idle on INBOX; another session APPENDs
                   one message; the time from sending the APPEND to the
                   "* n EXISTS" seen by each idler: the median idler and
                   the last one (median over --rounds APPENDs).

The servers run at the same time and are measured in turn, so that a ratio
compares runs made under the same machine load.

For the harness: `run(ops=200, idlers=1000, rounds=5, servers=("cairn",
"maildir"), rows=("store", "copy", "move", "expunge", "idle"))` returns {server: {row: {...}}} and `markdown(results)` the table
that docs/sync.md shows.
"""
import argparse
import json
import os
import resource
import selectors
import shutil
import statistics
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
sys.path.insert(0, os.path.join(ROOT, "tests", "tools"))
from cairnlib import CairnServer  # noqa: E402
from imapwire import Client, connect  # noqa: E402

USER, PASSWORD = "bench", "bench-pw"
OPS = ("store", "copy", "move", "expunge")


def small_message(n):
    return (b"From: bench@example.org\r\nTo: bench@example.org\r\nSubject: message %d\r\n"
            b"Message-ID: <%d@bench.example.org>\r\nDate: Mon, 06 Jan 2025 10:00:00 +0000\r\n\r\n"
            % (n, n)) + b"Some text of the body, a line or two long.\r\n" * 20


# --- the servers ------------------------------------------------------------

class CairnTarget:
    name = "cairn"

    def __init__(self, idlers):
        # The fan-out row opens many sessions of one account from one address.
        self.srv = CairnServer(users={USER: PASSWORD},
                               config="[limits]\nconnections_per_user_ip = %d\n" % (idlers + 100))

    def start(self):
        self.srv.start()
        self.imap_port = self.srv.imap_port

    def stop(self):
        self.srv.cleanup()


class DovecotTarget:
    def __init__(self, fmt, idlers):
        from refdovecot import Dovecot
        self.name = "dovecot-" + fmt
        self.work = tempfile.mkdtemp(prefix="cairn-bench-dovecot-")
        os.chmod(self.work, 0o755)
        self.d = Dovecot(self.work, mail_format=fmt, max_userip=idlers + 100)

    def start(self):
        self.d._write_conf()
        self.d.add_user(USER, PASSWORD)
        self.d.start()
        self.imap_port = self.d.imap_port

    def stop(self):
        self.d.stop()
        shutil.rmtree(self.work, ignore_errors=True)


def login(t, timeout=120):
    for _ in range(50):  # Dovecot's auth process may still be starting
        c = Client(connect(t.imap_port, timeout=timeout), timeout=timeout)
        _u, tagged = c.command(b'LOGIN "%s" "%s"' % (USER.encode(), PASSWORD.encode()))
        if b" OK " in tagged:
            return c
        c.sock.close()
        time.sleep(0.2)
    raise RuntimeError("login failed on " + t.name)


def fill(t, box, count, batch=100):
    """`count` messages in `box` (created), by MULTIAPPEND; their UIDs."""
    c = login(t)
    c.command(b"CREATE " + box)
    c.command(b"CREATE Archive")
    done = 0
    while done < count:
        k = min(batch, count - done)
        c.ok(b"APPEND " + box + b" \0LIT" * k, [small_message(done + i) for i in range(k)])
        done += k
    c.ok(b"EXAMINE " + box)
    un, _ = c.ok(b"UID FETCH 1:* (UID)")
    uids = []
    for line in un:
        m = line.split(b"(UID ", 1)
        if len(m) == 2:
            uids.append(int(m[1].split(b")")[0]))
    c.logout()
    if len(uids) != count:
        raise RuntimeError("%s: %d of %d messages in %s" % (t.name, len(uids), count, box))
    return sorted(uids)


# --- the rows ---------------------------------------------------------------

def op_row(t, op, clients, per_client):
    """`clients` sessions, each running `per_client` commands of `op` on its
    own messages of a fresh mailbox; returns the row's figures."""
    box = b"bench-%s-%d" % (op.encode(), clients)
    uids = fill(t, box, clients * per_client)
    slices = [uids[i * per_client:(i + 1) * per_client] for i in range(clients)]
    conns = []
    for s in slices:
        c = login(t)
        c.ok(b"SELECT " + box)
        if op == "expunge":
            c.ok(b"UID STORE %d:%d +FLAGS.SILENT (\\Deleted)" % (s[0], s[-1]))
        conns.append(c)
    latencies = [[] for _ in range(clients)]
    errors = []
    barrier = threading.Barrier(clients + 1)

    def work(i):
        c, mine, lat = conns[i], slices[i], latencies[i]
        try:
            barrier.wait()
            for k, u in enumerate(mine):
                if op == "store":
                    cmd = b"UID STORE %d %sFLAGS (\\Flagged)" % (u, b"+" if k % 2 == 0 else b"-")
                elif op == "copy":
                    cmd = b"UID COPY %d Archive" % u
                elif op == "move":
                    cmd = b"UID MOVE %d Archive" % u
                else:
                    cmd = b"UID EXPUNGE %d" % u
                t0 = time.perf_counter()
                c.ok(cmd)
                lat.append(time.perf_counter() - t0)
        except Exception as e:  # reported below, with the row
            errors.append("%s client %d: %r" % (op, i, e))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    for th in threads:
        th.start()
    barrier.wait()
    start = time.perf_counter()
    for th in threads:
        th.join()
    wall = time.perf_counter() - start
    for c in conns:
        c.logout()
    if errors:
        raise RuntimeError("; ".join(errors[:3]))
    every = sorted(x for l in latencies for x in l)
    return {"ops_per_s": len(every) / wall, "median_ms": statistics.median(every) * 1000,
            "p99_ms": every[min(len(every) - 1, int(len(every) * 0.99))] * 1000, "commands": len(every)}


def idle_fanout(t, idlers, rounds):
    """--idlers sessions in IDLE on INBOX; one APPEND per round from another
    session; per round, the time until each idler saw its EXISTS."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < idlers + 200:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, idlers + 1000), hard))
    conns = []
    for _ in range(idlers):
        c = login(t)
        un, _ = c.ok(b"SELECT INBOX")
        exists = [int(l.split()[1]) for l in un if l.endswith(b" EXISTS\r\n")][0]
        c.sock.sendall(b"i IDLE\r\n")
        r = c.response()
        if not r.startswith(b"+"):
            raise RuntimeError("%s: IDLE answered %r" % (t.name, r))
        c.exists = exists
        conns.append(c)
    writer = login(t)
    per_round = []
    for r in range(rounds):
        sel = selectors.DefaultSelector()
        for c in conns:
            c.sock.setblocking(False)
            sel.register(c.sock, selectors.EVENT_READ, c)
        waiting = set(range(len(conns)))
        index = {id(c): i for i, c in enumerate(conns)}
        seen = {}
        t0 = time.perf_counter()
        writer.sock.sendall(b"a%d APPEND INBOX {%d+}\r\n" % (r, len(small_message(r))) + small_message(r) + b"\r\n")
        deadline = time.time() + 60
        while waiting and time.time() < deadline:
            for key, _ev in sel.select(timeout=1):
                c = key.data
                try:
                    chunk = c.sock.recv(65536)
                except BlockingIOError:
                    continue
                if not chunk:
                    raise RuntimeError("%s: an idler was disconnected" % t.name)
                c.buf += chunk
                want = b"* %d EXISTS\r\n" % (c.exists + 1)
                if want in c.buf:
                    i = index[id(c)]
                    if i in waiting:
                        waiting.discard(i)
                        seen[i] = time.perf_counter() - t0
                        c.exists += 1
                        c.buf = bytearray(c.buf[c.buf.index(want) + len(want):])
        sel.close()
        for c in conns:
            c.sock.setblocking(True)
        writer.sock.settimeout(60)
        while True:  # the APPEND's own answer
            line = writer.response()
            if line.startswith(b"a%d " % r):
                break
        if waiting:
            raise RuntimeError("%s: %d idlers never saw the new message" % (t.name, len(waiting)))
        times = sorted(seen.values())
        per_round.append((statistics.median(times), times[-1]))
    for c in conns:
        try:
            c.sock.sendall(b"DONE\r\n")
            c.sock.close()
        except OSError:
            pass
    writer.logout()
    return {"median_idler_ms": statistics.median(x[0] for x in per_round) * 1000,
            "last_idler_ms": statistics.median(x[1] for x in per_round) * 1000,
            "idlers": idlers, "rounds": rounds}


# --- the whole run ------------------------------------------------------------

def run(ops=200, idlers=1000, rounds=5, servers=("cairn", "maildir"), rows=OPS + ("idle",)):
    targets = []
    for s in servers:
        targets.append(CairnTarget(idlers) if s == "cairn" else DovecotTarget(s, idlers))
    results = {}
    try:
        for t in targets:
            t.start()
            results[t.name] = {}
        for op in [r for r in OPS if r in rows]:
            for clients in (1, 16):
                per_client = ops if clients == 1 else max(1, ops // 4)
                for t in targets:
                    results[t.name]["%s_c%d" % (op, clients)] = op_row(t, op, clients, per_client)
        if "idle" in rows:
            for t in targets:
                results[t.name]["idle_fanout"] = idle_fanout(t, idlers, rounds)
    finally:
        for t in targets:
            t.stop()
    return results


def markdown(results):
    """The table: each server's figures, then for each other server how many
    times better the first one's is (throughput over throughput, or the
    other's time over the first one's: above 1 means the first is better)."""
    names = list(results)
    base = names[0]
    head = ("| row | " + " | ".join(names) + " | " +
            " | ".join("%s vs %s" % (base, n) for n in names[1:]) + " |")
    out = [head, "|" + "---|" * (2 * len(names))]
    for row in results[base]:
        cells = []
        if row == "idle_fanout":
            for n in names:
                r = results[n][row]
                cells.append("%.1f ms median idler, %.1f ms the last" % (r["median_idler_ms"], r["last_idler_ms"]))
            ratios = ["%.1fx" % (results[n][row]["last_idler_ms"] / max(1e-9, results[base][row]["last_idler_ms"]))
                      for n in names[1:]]
            label = "APPEND to EXISTS in %d idlers" % results[base][row]["idlers"]
        else:
            for n in names:
                r = results[n][row]
                cells.append("%.0f/s (median %.2f ms, p99 %.1f ms)" % (r["ops_per_s"], r["median_ms"], r["p99_ms"]))
            ratios = ["%.2fx" % (results[base][row]["ops_per_s"] / max(1e-9, results[n][row]["ops_per_s"]))
                      for n in names[1:]]
            op, c = row.rsplit("_c", 1)
            label = "%s, %s client%s" % (op.upper(), c, "" if c == "1" else "s")
        out.append("| %s | %s | %s |" % (label, " | ".join(cells), " | ".join(ratios)))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ops", type=int, default=200, help="commands per row for 1 client (16 clients: ops/4 each)")
    ap.add_argument("--idlers", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--only", default="cairn,maildir", help="cairn, maildir, sdbox (comma-separated)")
    ap.add_argument("--rows", default=",".join(OPS + ("idle",)), help="store, copy, move, expunge, idle")
    ap.add_argument("--json")
    a = ap.parse_args()
    results = run(a.ops, a.idlers, a.rounds, tuple(a.only.split(",")), tuple(a.rows.split(",")))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1)
    print(markdown(results))


if __name__ == "__main__":
    main()
