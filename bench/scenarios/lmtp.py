#!/usr/bin/env python3
"""LMTP delivery rate, Cairn against Dovecot's LMTP (dovecot-lmtpd), side by
side on this machine (issue 10's benchmark rows; the harness in bench/
can call run_lmtp() or this script's rows()).

    bench/scenarios/lmtp.py [--connections 1,8] [--seconds 20] [--runs 3]
                            [--size 4096] [--accounts 16] [--servers cairn,dovecot]

What one run measures: N LMTP connections, each delivering messages one
after the other (MAIL FROM, RCPT TO one account, DATA, and the final reply)
for a fixed time after a short warm-up; the figure is messages whose final
reply was 250 per second, over all connections. Both servers reply only
once the message is durable: Cairn by design (blob fsynced and renamed,
metadata committed with synchronous=FULL), Dovecot with its default
mail_fsync = optimized (the message file fsynced before it is renamed into
the Maildir). Recipients rotate over --accounts accounts, so concurrent
connections mostly write to different accounts, as an MTA's do.

Both servers start fresh (their own folders, loopback ports), run one after
the other (Cairn, Dovecot, Cairn, Dovecot, ...), and the table shows each
median and the ratio Cairn/Dovecot of the medians. Runs as root (Dovecot
drops to `nobody` for mail).
"""
import argparse
import os
import re
import socket
import statistics
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
sys.path.insert(0, os.path.join(ROOT, "tests", "tools"))


def make_message(size, seq):
    head = ("From: Bench <bench@example.net>\r\nTo: <user@example.org>\r\n"
            "Subject: lmtp bench %d\r\nMessage-ID: <%d.%f@bench>\r\n\r\n" % (seq, seq, time.time())).encode()
    line = b"The quick brown fox jumps over the lazy dog, again and again.\r\n"
    body = line * max(1, (size - len(head)) // len(line))
    return head + body


class LmtpClient:
    """A minimal pipelining-free LMTP client (one transaction at a time)."""

    def __init__(self, addr):
        self.sock = socket.create_connection(addr, timeout=60)
        self.buf = b""
        self.reply()
        self.send(b"LHLO bench.example\r\n")
        self.reply()

    def send(self, data):
        self.sock.sendall(data)

    def reply(self):
        """One (possibly multi-line) reply: its code."""
        while True:
            while b"\r\n" not in self.buf:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise ConnectionError("closed")
                self.buf += chunk
            line, self.buf = self.buf.split(b"\r\n", 1)
            if len(line) < 4 or line[3:4] != b"-":
                return int(line[:3])

    def deliver(self, rcpt, message):
        """None when delivered, else the refusing reply ("RCPT 550")."""
        self.send(b"MAIL FROM:<bench@example.net>\r\n")
        code = self.reply()
        if code != 250:
            return "MAIL %d" % code
        self.send(b"RCPT TO:<" + rcpt.encode() + b">\r\n")
        code = self.reply()
        if code != 250:
            self.send(b"RSET\r\n")
            self.reply()
            return "RCPT %d" % code
        self.send(b"DATA\r\n")
        code = self.reply()
        if code != 354:
            return "DATA %d" % code
        self.send(message.replace(b"\r\n.", b"\r\n..") + b".\r\n")
        code = self.reply()
        return None if code == 250 else "final %d" % code

    def close(self):
        try:
            self.send(b"QUIT\r\n")
            self.sock.close()
        except OSError:
            pass


def run_lmtp(addr, recipients, connections, seconds, size, warmup=2.0):
    """Delivers over `connections` LMTP connections to `addr` for `seconds`
    (after `warmup`); returns {"rate": messages/s, "messages", "failed",
    "p50_ms", "p99_ms"}. `recipients`: addresses to rotate over."""
    stop_at = [0.0]
    start_at = [0.0]
    lock = threading.Lock()
    done, failed, latencies, why = [0], [0], [], {}
    go = threading.Event()

    def worker(i):
        c = LmtpClient(addr)
        seq = i
        go.wait()
        while True:
            now = time.time()
            if now >= stop_at[0]:
                break
            msg = make_message(size, seq)
            t0 = time.time()
            refused = c.deliver(recipients[seq % len(recipients)], msg)
            t1 = time.time()
            seq += connections
            if t0 >= start_at[0]:
                with lock:
                    if refused is None:
                        done[0] += 1
                        latencies.append(t1 - t0)
                    else:
                        failed[0] += 1
                        why[refused] = why.get(refused, 0) + 1
        c.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for t in threads:
        t.start()
    start_at[0] = time.time() + warmup
    stop_at[0] = start_at[0] + seconds
    go.set()
    for t in threads:
        t.join()
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else 0
    return {"rate": done[0] / seconds, "messages": done[0], "failed": failed[0], "refusals": why,
            "p50_ms": pick(0.5), "p99_ms": pick(0.99)}


class CairnUnderTest:
    name = "cairn"

    def __init__(self, accounts):
        from cairnlib import CairnServer
        self.srv = CairnServer(users={"user%d" % i: "pw" for i in range(accounts)},
                               config='[lmtp]\nlisten = "127.0.0.1:0"\n')
        self.accounts = accounts

    def start(self):
        self.srv.start()
        port = int(re.search(r'lmtp="127\.0\.0\.1:(\d+)', self.srv.log()).group(1))
        self.addr = ("127.0.0.1", port)
        self.recipients = ["user%d@example.org" % i for i in range(self.accounts)]

    def stop(self):
        self.srv.cleanup()


class DovecotUnderTest:
    name = "dovecot"

    def __init__(self, accounts):
        self.accounts = accounts
        self.tmp = tempfile.mkdtemp(prefix="bench-dovecot-lmtp-")
        os.chmod(self.tmp, 0o755)  # Dovecot runs mail processes as nobody

    def start(self):
        from refdovecot import Dovecot
        self.d = Dovecot(self.tmp, mail_format="maildir")
        self.d._write_conf()
        for i in range(self.accounts):  # LMTP looks the recipient up in the passdb
            self.d.add_user("user%d@example.org" % i, password_hash="{PLAIN}pw")
        self.d.start()
        self.addr = ("127.0.0.1", self.d.lmtp_port)
        self.recipients = ["user%d@example.org" % i for i in range(self.accounts)]

    def stop(self):
        import shutil
        self.d.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)


def rows(connections=(1, 8), seconds=20, runs=3, size=4096, accounts=16, servers=("cairn", "dovecot")):
    """Runs every (server, connections) pair `runs` times, alternating
    servers; returns {(server, connections): [result, ...]}."""
    kinds = {"cairn": CairnUnderTest, "dovecot": DovecotUnderTest}
    out = {}
    for run in range(runs):
        for n in connections:
            for name in servers:
                s = kinds[name](accounts)
                s.start()
                try:
                    r = run_lmtp(s.addr, s.recipients, n, seconds, size)
                finally:
                    s.stop()
                out.setdefault((name, n), []).append(r)
                print("run %d  %-8s %d connection(s): %7.1f msg/s  p50 %.1f ms  p99 %.1f ms  failed %d %s" % (
                    run + 1, name, n, r["rate"], r["p50_ms"], r["p99_ms"], r["failed"], r["refusals"] or ""),
                    file=sys.stderr, flush=True)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--connections", default="1,8")
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--size", type=int, default=4096)
    ap.add_argument("--accounts", type=int, default=16)
    ap.add_argument("--servers", default="cairn,dovecot")
    a = ap.parse_args()
    conns = [int(x) for x in a.connections.split(",")]
    servers = a.servers.split(",")
    res = rows(conns, a.seconds, a.runs, a.size, a.accounts, servers)
    print("| scenario | Cairn msg/s | Dovecot msg/s | ratio | Cairn p50/p99 ms | Dovecot p50/p99 ms |")
    print("|---|---|---|---|---|---|")
    for n in conns:
        med = {}
        lat = {}
        for name in servers:
            rs = res.get((name, n), [])
            med[name] = statistics.median(r["rate"] for r in rs) if rs else 0
            lat[name] = "%.1f / %.1f" % (statistics.median(r["p50_ms"] for r in rs),
                                         statistics.median(r["p99_ms"] for r in rs)) if rs else "-"
        ratio = med.get("cairn", 0) / med["dovecot"] if med.get("dovecot") else float("nan")
        print("| LMTP, %d connection(s), %d-byte messages | %.0f | %.0f | %.2f | %s | %s |" % (
            n, a.size, med.get("cairn", 0), med.get("dovecot", 0), ratio, lat.get("cairn", "-"),
            lat.get("dovecot", "-")))


if __name__ == "__main__":
    main()
