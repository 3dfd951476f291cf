#!/usr/bin/env python3
"""Cairn and Dovecot side by side: the same accounts, the same mail, the same
load; the table of ratios. Run through bench/run.sh (which installs and
builds first); docs/benchmarks.md explains every scenario and setting.

    bench.py [--quick | --medium] [--load-only] [--scenario NAME ...] [--runs N] [--servers LIST]
             [--workdir DIR] [--keep] [--reuse] [--out DIR]

Order: each scenario runs against every server in turn, and that round is
repeated (A B C A B C ...); the table shows the median of the runs with
their range, and each ratio is taken run by run (Cairn's run i against
Dovecot's run i) before its median is taken.
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import servers as srv  # noqa: E402
import report  # noqa: E402
from scenarios import SCENARIOS, BY_NAME, LOAD, IDLE_HASH, ISSUE_ROWS, ISSUE_BY_NAME  # noqa: E402

PASSWORD = "pw-{user}"  # each account its own password
SEED = 42


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# -- the machine -------------------------------------------------------------

def read_cpu():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7]
    return busy, busy + v[3] + v[4]


def busy_cores(seconds=2.0):
    """Cores busy on the whole machine over `seconds`."""
    b0, t0 = read_cpu()
    time.sleep(seconds)
    b1, t1 = read_cpu()
    ncpu = os.cpu_count() or 1
    return (b1 - b0) / max(1, t1 - t0) * ncpu


def tree_cpu_seconds(pid):
    """CPU seconds of a process tree (live processes + the root's reaped children)."""
    tick = os.sysconf("SC_CLK_TCK")
    children = {}
    stats = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                s = f.read()
        except OSError:
            continue
        fields = s[s.rfind(")") + 2:].split()
        children.setdefault(int(fields[1]), []).append(int(d))
        stats[int(d)] = fields
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        f = stats.get(p)
        if f:
            total += int(f[11]) + int(f[12]) + ((int(f[13]) + int(f[14])) if p == pid else 0)
        todo.extend(children.get(p, []))
    return total / tick


def wait_quiet(server, limit=120):
    """Until the server uses < 5 % of a core for a second (what a previous
    run left behind: queued logins, exiting processes, checkpoints)."""
    deadline = time.time() + limit
    last = tree_cpu_seconds(server.pid)
    while time.time() < deadline:
        time.sleep(1)
        now = tree_cpu_seconds(server.pid)
        if now - last < 0.05:
            return True
        last = now
    return False


def machine_info():
    info = {"cpus": os.cpu_count(), "kernel": platform.release()}
    try:
        with open("/proc/meminfo") as f:
            info["memory_gib"] = round(int(f.readline().split()[1]) / 1024 / 1024, 1)
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    info["open_files_hard_limit"] = int(subprocess.run(["sh", "-c", "ulimit -Hn"], capture_output=True,
                                                       text=True).stdout.strip() or 0)
    info["loadavg"] = open("/proc/loadavg").read().split()[:3]
    return info


def top_processes(n=5):
    r = subprocess.run(["ps", "-eo", "pcpu,comm", "--sort=-pcpu"], capture_output=True, text=True)
    return [l.strip() for l in r.stdout.splitlines()[1:n + 1]]


# -- running the load generator ----------------------------------------------

class Bench:
    def __init__(self, a):
        self.a = a
        self.quick = a.quick
        self.size = "quick" if a.quick else "medium" if a.medium else "full"
        self.build = a.build
        self.loadgen = os.path.join(self.build, "cairn-loadgen")
        self.results = {"started": datetime.datetime.now().isoformat(timespec="seconds"),
                        "quick": self.quick, "size": self.size, "machine": machine_info(), "runs": [], "settings": {},
                        "load": {}, "probe": {}, "noise": []}
        self.servers = []

    def loadgen_cmd(self, server, command, args, tls=False):
        port = server.imaps_port if tls else server.imap_port
        cmd = [self.loadgen, command, "--server", server.name, "--port", str(port), "--password", PASSWORD,
               "--seed", str(SEED), "--server-pid", str(server.pid), "--sources", "16"]
        if tls:
            cmd.append("--tls")
        for k, v in args.items():
            if k == "tls":
                continue
            if v is True:
                cmd.append("--" + k)
            elif v is False or v is None:
                continue
            else:
                cmd += ["--" + k, str(v)]
        return cmd

    def run_loadgen(self, server, command, args, timeout):
        cmd = self.loadgen_cmd(server, command, args, tls=bool(args.get("tls")))
        log("  $ " + " ".join(cmd[1:]))
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            log(f"  loadgen timed out after {timeout} s")
            return None
        if r.returncode != 0:
            log(f"  loadgen failed ({r.returncode}): {r.stderr[-2000:]}")
            return None
        try:
            return json.loads(r.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            log("  loadgen printed no report: " + r.stdout[-500:] + r.stderr[-1000:])
            return None

    # -- set-up ------------------------------------------------------------
    def setup(self, names):
        a = self.a
        self.workdir = a.workdir or tempfile.mkdtemp(prefix="cairn-bench-", dir="/var/tmp")
        os.makedirs(self.workdir, exist_ok=True)
        os.chmod(self.workdir, 0o755)
        log(f"bench: working in {self.workdir}")
        cert, key = srv.make_certificate(self.workdir)
        size = self.size
        n_accounts = LOAD["accounts"][size]["accounts"]
        names_main = [f"user{i:03d}" for i in range(n_accounts)] + ["appender", "big"]
        log(f"bench: hashing {len(names_main)} passwords with doveadm pw -s ARGON2ID (Dovecot's default cost)")
        users = srv.hash_passwords(names_main, lambda n: PASSWORD.replace("{user}", n),
                                   os.path.join(self.workdir, "hashes"))
        n_idle = LOAD["idle"][size]["accounts"]
        users += srv.hash_cheap([f"idle{i:03d}" for i in range(n_idle)], lambda n: PASSWORD.replace("{user}", n),
                                os.path.join(self.workdir, "hashes-idle"),
                                os.path.join(self.build, "cairn-bench-users"), IDLE_HASH)
        wanted = a.servers.split(",")
        for name in wanted:
            if name == "cairn":
                s = srv.CairnBench(self.workdir, os.path.join(self.build, "cairn"),
                                   os.path.join(self.build, "cairn-bench-users"), cert, key)
            elif name.startswith("dovecot-"):
                s = srv.DovecotBench(self.workdir, name.split("-", 1)[1], cert, key)
            else:
                raise SystemExit(f"unknown server {name}")
            self.servers.append(s)
        for s in self.servers:
            s.prepare(users)  # accounts and configuration (fresh ports); mail is kept with --reuse
            s.start()
            log(f"bench: {s.label} pid {s.pid} imap {s.imap_port} imaps {s.imaps_port}")
            self.results["settings"][s.name] = s.settings()
        needs = set()
        for n in names:
            needs |= set(BY_NAME[n].needs)
        self.load_mail(size, sorted(needs))
        for s in self.servers:
            self.results["load"].setdefault(s.name, {})["disk_bytes"] = s.disk_usage()

    def load_mail(self, size, parts):
        """The same generated mail into every server, all servers at once
        (loading is not measured). Each part is loaded once per working
        folder: a marker file remembers it for --reuse."""
        specs = {
            "accounts": lambda s: {"accounts": LOAD["accounts"][size]["accounts"],
                                   "messages": LOAD["accounts"][size]["messages"], "conns": 4, "batch": 25},
            "big": lambda s: {"account": "big", "accounts": 1, "messages": LOAD["big"][size]["messages"],
                              "profile": "small", "folders": "false", "batch": 100, "conns": 1},
            "idle": lambda s: {"user-format": "idle%03d", "accounts": LOAD["idle"][size]["accounts"],
                               "messages": LOAD["idle"][size]["messages"], "profile": "small",
                               "folders": "false", "conns": 4, "batch": 50},
        }
        jobs = []
        for part in parts:
            if part not in specs:
                continue  # "appender": its account is enough
            for s in self.servers:
                args = specs[part](s)
                marker = os.path.join(self.workdir, f"loaded-{s.name}-{part}.json")
                spec = {"seed": SEED, "args": args}
                if self.a.reuse and os.path.exists(marker) and json.load(open(marker)) == spec:
                    log(f"bench: {part} already loaded into {s.label}")
                    continue
                jobs.append((s, part, self.loadgen_cmd(s, "load", args), marker, spec))
        if not jobs:
            return
        log("bench: loading " + ", ".join(sorted({p for _, p, _, _, _ in jobs})) + f" into {len(self.servers)} servers "
            f"(accounts: {LOAD['accounts'][size]}, big: {LOAD['big'][size]}, idle: {LOAD['idle'][size]})")
        t0 = time.time()
        procs = [(s, what, subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True),
                  marker, spec) for s, what, cmd, marker, spec in jobs]
        failed = []
        for s, what, p, marker, spec in procs:
            try:
                out, _ = p.communicate(timeout=6 * 3600)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
                failed.append(f"{what} into {s.name} (over 6 hours)")
                continue
            if p.returncode != 0:
                failed.append(f"{what} into {s.name}")
                continue
            r = json.loads(out.strip().splitlines()[-1])
            self.results["load"].setdefault(s.name, {})[what] = r
            with open(marker, "w") as f:
                json.dump(spec, f)
            log(f"bench: loaded {what} into {s.label}: {r['messages']} messages, {r['bytes'] / 1e6:.0f} MB "
                f"in {r['seconds']:.0f} s")
        if failed:
            raise SystemExit("bench: loading failed: " + "; ".join(failed))
        log(f"bench: loading took {time.time() - t0:.0f} s")

    def probe_and_prime(self):
        unsupported = set()
        for s in self.servers:
            p = self.run_loadgen(s, "probe", {"accounts": 1}, timeout=300)
            if not p:
                raise SystemExit(f"probe of {s.name} failed")
            self.results["probe"][s.name] = p
            missing = [k for k, v in p["supported"].items() if not v]
            unsupported |= set(missing)
            log(f"bench: {s.label} does not support: {', '.join(missing) or 'nothing missing'}")
            self.prime_logins([s])
        # The mixed workload runs the commands every server has, so that a
        # session is the same work everywhere; the others are "n/a".
        self.common_skip = sorted(unsupported)
        if self.common_skip:
            log("bench: mixed workload leaves out (not supported everywhere): " + ", ".join(self.common_skip))

    def prime_logins(self, servers=None):
        """One login of every account, so that both servers' login caches
        hold them before anything is measured."""
        n = LOAD["accounts"][self.size]["accounts"]
        for s in servers or self.servers:
            log(f"bench: priming logins on {s.label}")
            self.run_loadgen(s, "prime", {"accounts": n, "clients": 4}, timeout=3600)
            self.run_loadgen(s, "prime", {"accounts": 1, "clients": 1, "user-format": "appender"}, timeout=600)

    # -- the runs ------------------------------------------------------------
    def run_scenarios(self, names):
        for name in names:
            sc = BY_NAME[name]
            runs = self.a.runs or sc.runs_for(self.size)
            args = sc.loadgen_args(self.size)
            if sc.command == "mixed" and self.common_skip and not self.a.all_commands:
                args["skip"] = ",".join(self.common_skip)
            if sc.rate_of:
                rate = self.rate_from(sc)
                if rate is None:
                    log(f"bench: scenario {name}: no rate from {sc.rate_of} (no other server ran it); skipped")
                    continue
                args["rate"] = rate
                self.results.setdefault("rates", {})[name] = rate
                log(f"bench: scenario {name}: offering {rate} sessions/s ({sc.rate_times:g}x the best of the "
                    f"other servers in {sc.rate_of})")
            log(f"bench: scenario {name}: {sc.title} ({runs} runs x {len(self.servers)} servers)")
            for i in range(runs):
                for s in self.servers:
                    run_args = dict(args)
                    if sc.command == "append":
                        run_args["mailbox"] = f"Append{i}"
                        run_args["cleanup"] = True
                    self.one_run(sc, s, i, run_args)
            self.save()
            if sc.kind == "memory" and name != names[-1]:
                # The memory runs restart the servers: their login caches
                # are empty again, and the next scenario would measure the
                # argon2 checks of its first logins. Prime them again.
                self.prime_logins()

    def rate_from(self, sc):
        """rate_times x the highest median sessions/s of the servers other
        than Cairn in the scenario sc.rate_of of this run."""
        best = None
        for s in self.servers:
            if s.name == "cairn":
                continue
            vals = [r.get("sessions_per_s") for r in self.results["runs"]
                    if r["scenario"] == sc.rate_of and r["server"] == s.name and not r.get("failed")]
            vals = [v for v in vals if v]
            if vals:
                m = statistics.median(vals)
                best = m if best is None else max(best, m)
        return None if best is None else round(sc.rate_times * best, 2)

    def one_run(self, sc, s, i, args):
        expected = float(args.get("duration", 0)) + float(args.get("warmup", 0))
        timeout = 7200 if sc.command == "idle" else max(600, int(expected * 4 + 300))
        if sc.kind == "memory":
            # A fresh server: Cairn is one process whose heap keeps what
            # earlier scenarios freed (glibc does not return it), which would
            # hide the cost of new connections; Dovecot is restarted alike.
            s.stop()
            s.start()
            log(f"  restarted {s.label} (pid {s.pid}) for a clean memory baseline")
        # Memory does not depend on what else runs: no repeats for noise.
        retries = 0 if sc.kind == "memory" else self.a.retries
        for attempt in range(1 + retries):
            if not wait_quiet(s):
                log(f"  {s.label} still busy after 120 s; running anyway")
            other = self.wait_machine_quiet()
            t0 = time.time()
            r = self.run_loadgen(s, sc.command, args, timeout)
            if r is None:
                self.results["runs"].append({"scenario": sc.name, "server": s.name, "run": i, "failed": True,
                                             "started": t0})
                return
            noisy = r.get("other_cpu_cores", 0) > self.a.max_other_cores
            r.update({"scenario": sc.name, "server": s.name, "run": i, "attempt": attempt,
                      "other_before": round(other, 2), "loadavg": open("/proc/loadavg").read().split()[:3],
                      "started": t0, "noisy": noisy})
            summary = report.one_line(sc, r)
            log(f"  run {i + 1} {s.label}: {summary}" + (f"  [noisy: {r.get('other_cpu_cores', 0):.2f} other cores]"
                                                          if noisy else ""))
            if not noisy or attempt == retries:
                self.results["runs"].append(r)
                if noisy:
                    self.results["noise"].append({"scenario": sc.name, "server": s.name, "run": i,
                                                  "other_cpu_cores": r.get("other_cpu_cores"),
                                                  "top": top_processes()})
                return
            log("  the machine is busy with other work; waiting 30 s and running again")
            time.sleep(30)

    def wait_machine_quiet(self):
        """Waits (bounded by --quiet-wait) until programs other than ours use
        less than --max-other-cores; returns what they used last."""
        deadline = time.time() + self.a.quiet_wait
        while True:
            other = busy_cores(2.0)
            if other <= self.a.max_other_cores or time.time() >= deadline:
                return other
            log(f"  waiting for the machine: {other:.2f} cores busy ({'; '.join(top_processes(3))})")
            time.sleep(10)

    def run_issue_rows(self, names):
        """The later issues' scripts (bench/scenarios/*.py), one after the
        other, each with its own servers; their markdown tables are kept."""
        out = self.results.setdefault("issue_rows", {})
        for name in names:
            r = ISSUE_BY_NAME[name]
            args = r.args_for(self.size)
            cmd = [sys.executable, os.path.join(ROOT, "bench", "scenarios", r.script)] + args
            env = dict(os.environ, CAIRN_BIN=os.path.join(self.build, "cairn"),
                       CAIRN_LOADGEN=os.path.join(self.build, "cairn-loadgen"))
            log(f"bench: {r.title}: $ {' '.join(cmd[1:])}")
            other = self.wait_machine_quiet()
            t0 = time.time()
            load0 = open("/proc/loadavg").read().split()[:3]
            entry = {"title": r.title, "command": " ".join(["bench/scenarios/" + r.script] + args),
                     "loadavg_start": load0, "other_before": round(other, 2)}
            try:
                p = subprocess.run(cmd, capture_output=True, text=True, timeout=r.timeout, env=env, cwd=ROOT)
                entry.update({"rc": p.returncode, "table": p.stdout.strip(), "stderr_tail": p.stderr[-3000:]})
                if p.returncode != 0:
                    log(f"  {r.script} failed ({p.returncode}): {p.stderr[-1500:]}")
            except subprocess.TimeoutExpired:
                entry.update({"rc": None, "table": "", "stderr_tail": f"timed out after {r.timeout} s"})
                log(f"  {r.script} timed out after {r.timeout} s")
            entry["seconds"] = round(time.time() - t0)
            entry["loadavg_end"] = open("/proc/loadavg").read().split()[:3]
            out[name] = entry
            log(f"  {r.script}: {entry['seconds']} s")
            self.save()

    def save(self):
        path = os.path.join(self.out, "results.json")
        with open(path, "w") as f:
            json.dump(self.results, f, indent=1)

    def teardown(self):
        for s in self.servers:
            try:
                s.stop()
            except Exception as e:  # noqa: BLE001 - keep stopping the others
                log(f"bench: stopping {s.name}: {e}")
        if not self.a.keep and not self.a.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
            log(f"bench: removed {self.workdir}")
        else:
            log(f"bench: kept {self.workdir}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small numbers, for development (minutes)")
    ap.add_argument("--medium", action="store_true",
                    help="the full size's clients, accounts and connections, shorter windows and fewer runs "
                         "(about an hour)")
    ap.add_argument("--load-only", action="store_true",
                    help="start the servers, load the mail and stop (with --workdir --keep, for a later --reuse)")
    ap.add_argument("--scenario", nargs="+", default=[], metavar="NAME",
                    help="scenarios to run (default: all): " + " ".join(s.name for s in SCENARIOS) +
                    "; and the later issues' rows (their own scripts, run after the rest): " +
                    " ".join(r.name for r in ISSUE_ROWS))
    ap.add_argument("--runs", type=int, default=0, help="runs per scenario and server (default: per scenario)")
    ap.add_argument("--servers", default="cairn,dovecot-maildir,dovecot-sdbox")
    ap.add_argument("--workdir", help="keep the servers' folders here (reused with --reuse)")
    ap.add_argument("--keep", action="store_true", help="keep the working folder")
    ap.add_argument("--reuse", action="store_true", help="reuse mail loaded by an earlier run in --workdir")
    ap.add_argument("--out", help="folder for results.json and results.md (default /var/tmp/cairn-bench-results/DATE)")
    ap.add_argument("--build", default=os.path.join(ROOT, "build-bench"), help="build folder with the binaries")
    ap.add_argument("--max-other-cores", type=float, default=0.3,
                    help="a run during which other programs used more CPU than this is repeated")
    ap.add_argument("--retries", type=int, default=1, help="repeats of a noisy run")
    ap.add_argument("--quiet-wait", type=int, default=600,
                    help="seconds to wait, before each run, for other programs to leave the CPU")
    ap.add_argument("--all-commands", action="store_true",
                    help="mixed: each server runs every command it supports (sessions are then not the same work)")
    a = ap.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("bench: run as root (Dovecot and Cairn drop to their own users)")
    chosen = a.scenario or [s.name for s in SCENARIOS] + [r.name for r in ISSUE_ROWS]
    for n in chosen:
        if n not in BY_NAME and n not in ISSUE_BY_NAME:
            raise SystemExit(f"bench: unknown scenario {n}; known: {' '.join(list(BY_NAME) + list(ISSUE_BY_NAME))}")
    names = [n for n in chosen if n in BY_NAME]
    # A scenario whose rate comes from another one needs that one first.
    for n in list(names):
        dep = BY_NAME[n].rate_of
        if dep and dep not in names[:names.index(n)]:
            if dep in names:
                names.remove(dep)
            names.insert(names.index(n), dep)
    issue_names = [n for n in chosen if n in ISSUE_BY_NAME]

    def stop(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    b = Bench(a)
    b.out = a.out or os.path.join("/var/tmp/cairn-bench-results", datetime.datetime.now().strftime("%Y%m%d-%H%M%S"))
    os.makedirs(b.out, exist_ok=True)
    log(f"bench: machine {b.results['machine']}")
    log("bench: busiest processes now: " + "; ".join(top_processes()))
    try:
        b.results["scenarios"] = names
        if names:
            b.setup(names)
            if a.load_only:
                names = issue_names = []
                b.results["scenarios"] = []
        if names:
            b.probe_and_prime()
            b.results["common_skip"] = b.common_skip
            b.run_scenarios(names)
    finally:
        b.results["finished"] = datetime.datetime.now().isoformat(timespec="seconds")
        b.save()
        if b.servers:
            b.teardown()
    # The later issues' rows, with their own servers (ours are stopped).
    if issue_names:
        try:
            b.run_issue_rows(issue_names)
        finally:
            b.results["finished"] = datetime.datetime.now().isoformat(timespec="seconds")
            b.save()
    text, md = report.render(b.results, names, [s.name for s in b.servers],
                             {s.name: s.label for s in b.servers})
    if issue_names:
        t, m = report.render_issue_rows(b.results)
        text += "\n\n" + t
        md += "\n" + m
    print(text)
    with open(os.path.join(b.out, "results.md"), "w") as f:
        f.write(md)
    log(f"bench: results in {b.out}/results.json and results.md")


if __name__ == "__main__":
    main()
