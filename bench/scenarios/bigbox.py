#!/usr/bin/env python3
"""The 100,000-message mailbox rows of issue 4 (SELECT and FETCH 1:* (UID
FLAGS)), on the mailbox sort.py builds and keeps:

    CAIRN_BIN=build/cairn python3 bench/scenarios/sort.py --messages 100000 --keep DIR --maildir
    CAIRN_BIN=build/cairn python3 bench/scenarios/bigbox.py --keep DIR [--rounds 3] [--repeat 5]

Loading 100,000 messages through the harness's loader (APPEND, one fsync
per batch) took longer than a session had, so this scenario reuses
sort.py's folder: Cairn's data (filled by `cairn import`) and Dovecot's
Maildir (a copy of the same Maildir). Dovecot's sdbox is made once from
that Maildir with `doveadm import` (DIR/dovecot-sdbox). Each round runs the
load generator's `bigbox` scenario (bench/loadgen: a new connection per
repetition, LOGIN, SELECT, FETCH 1:* (UID FLAGS), LOGOUT) against Cairn,
then Dovecot Maildir, then Dovecot sdbox; the table has the medians over
rounds of each round's p50, and the ratios pair by pair.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
sys.path.insert(0, os.path.join(ROOT, "tests", "tools"))

COMMANDS = ("SELECT", "FETCH 1:* (UID FLAGS)")


def loadgen_path():
    for p in (os.environ.get("CAIRN_LOADGEN", ""), os.path.join(ROOT, "build", "cairn-loadgen")):
        if p and os.path.exists(p):
            return p
    raise SystemExit("build the load generator first: cmake --build build --target cairn-loadgen")


def bigbox(loadgen, port, label, repeat):
    out = subprocess.run([loadgen, "bigbox", "--server", label, "--host", "127.0.0.1", "--port", str(port),
                          "--account", "bench", "--password", "bench-password", "--mailbox", "INBOX",
                          "--repeat", str(repeat)], capture_output=True, text=True, check=True)
    j = json.loads(out.stdout)
    return {c: j["commands"][c]["p50_us"] / 1000 for c in COMMANDS}


def make_sdbox(work):
    from refdovecot import Dovecot
    target = os.path.join(work, "dovecot-sdbox")
    if os.path.exists(os.path.join(target, "imported")):
        return
    shutil.rmtree(target, ignore_errors=True)
    d = Dovecot(target, mail_format="sdbox")
    d._write_conf()
    shutil.copy(os.path.join(work, "dovecot", "passwd"), os.path.join(target, "passwd"))
    d.start()
    try:
        src = os.path.join(work, "dovecot", "home", "bench", "Maildir")
        subprocess.run(["doveadm", "-c", d.conf_path, "import", "-u", "bench", "-s", "maildir:" + src, "", "ALL"],
                       check=True, capture_output=True)
    finally:
        d.stop()
    open(os.path.join(target, "imported"), "w").close()


def main():
    from cairnlib import CairnServer
    from refdovecot import Dovecot

    ap = argparse.ArgumentParser()
    ap.add_argument("--keep", required=True, help="sort.py's folder (with its 100,000-message mailbox)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("run as root")
    if not os.path.exists(os.path.join(a.keep, "filled")):
        raise SystemExit(a.keep + " has no mailbox: run sort.py --keep there first")
    loadgen = loadgen_path()
    make_sdbox(a.keep)
    results = {"cairn": [], "maildir": [], "sdbox": []}
    with CairnServer(users={}, data_dir=os.path.join(a.keep, "cairn"), keep=True) as srv:
        dm = Dovecot(os.path.join(a.keep, "dovecot"), mail_format="maildir")
        ds = Dovecot(os.path.join(a.keep, "dovecot-sdbox"), mail_format="sdbox")
        dm.start()
        ds.start()
        try:
            for r in range(a.rounds):
                for name, port in (("cairn", srv.imap_port), ("maildir", dm.imap_port), ("sdbox", ds.imap_port)):
                    results[name].append(bigbox(loadgen, port, name, a.repeat))
                    print(f"round {r + 1} {name}: " + ", ".join(f"{c} {results[name][-1][c]:.2f} ms" for c in COMMANDS),
                          file=sys.stderr, flush=True)
        finally:
            dm.stop()
            ds.stop()
    print("| command | Cairn (ms) | Dovecot Maildir (ms) | ratio | Dovecot sdbox (ms) | ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    for c in COMMANDS:
        med = {n: statistics.median(x[c] for x in v) for n, v in results.items()}
        ratio = {o: statistics.median(results[o][i][c] / max(results["cairn"][i][c], 1e-6) for i in range(a.rounds))
                 for o in ("maildir", "sdbox")}
        print(f"| {c} | {med['cairn']:.2f} | {med['maildir']:.2f} | {ratio['maildir']:.2f} | "
              f"{med['sdbox']:.2f} | {ratio['sdbox']:.2f} |")


if __name__ == "__main__":
    main()
