"""The benchmark's scenarios: what the load generator runs for each row of
the table, at full size, at --medium size and in --quick mode.

Each scenario is a name, a loadgen sub-command with its arguments, how many
runs (each run goes over every server in turn: A B C A B C ...), and which
figures of the loadgen's report become rows of the table.

Later issues add their scenarios here (see bench/loadgen/main.cpp for the
list): a Scenario(...) in SCENARIOS, the loadgen sub-command it runs, and the
rows it reports.
"""
from dataclasses import dataclass, field


@dataclass
class Scenario:
    name: str
    title: str
    command: str                      # loadgen sub-command
    args: dict                        # loadgen options (full size)
    quick: dict = field(default_factory=dict)   # overrides in --quick mode
    runs: int = 3
    quick_runs: int = 2
    medium: dict = field(default_factory=dict)  # overrides in --medium mode (on top of full)
    medium_runs: int = 2
    kind: str = "throughput"          # throughput | latency | memory | bigbox | append
    needs: tuple = ()                 # what must be loaded first: "accounts", "big", "appender"
    # An open-loop rate taken from an earlier scenario of the same run:
    # rate_times x the highest sessions/s any other server reached in
    # rate_of (run first if it was not chosen). Every server is offered it.
    rate_of: str = ""
    rate_times: float = 0.0

    def loadgen_args(self, size):
        """size: "quick", "medium" or "full" (True/False: quick/full, as
        results.json files of earlier versions say)."""
        if size is True:
            size = "quick"
        a = dict(self.args)
        if size == "quick":
            a.update(self.quick)
        elif size == "medium":
            a.update(self.medium)
        return a

    def runs_for(self, size):
        return {"quick": self.quick_runs, "medium": self.medium_runs}.get(size, self.runs)


MIXED_COMMON = {"accounts": 100, "duration": 60, "warmup": 20, "idle-ms": 50, "pool": 256}
MIXED_QUICK = {"accounts": 10, "duration": 8, "warmup": 3, "pool": 32}
# --medium: every client count, account and connection count of the full
# size, shorter windows and fewer runs (fits in about an hour).
MIXED_MEDIUM = {"duration": 20, "warmup": 8}
SHORT_MEDIUM = {"duration": 10, "warmup": 3}

SCENARIOS = [
    Scenario("mixed-10", "mixed workload, 10 clients", "mixed", dict(MIXED_COMMON, clients=10),
             MIXED_QUICK, needs=("accounts",), medium=MIXED_MEDIUM),
    Scenario("mixed-100", "mixed workload, 100 clients", "mixed", dict(MIXED_COMMON, clients=100),
             dict(MIXED_QUICK, clients=30), needs=("accounts",), medium=MIXED_MEDIUM),
    Scenario("mixed-1000", "mixed workload, 1,000 clients", "mixed",
             dict(MIXED_COMMON, clients=1000, warmup=60),
             dict(MIXED_QUICK, clients=100, warmup=5), needs=("accounts",), medium=dict(MIXED_MEDIUM, warmup=20)),
    Scenario("mixed-100-paced", "mixed workload, 100 clients, 8 sessions/s (latency at equal load)", "mixed",
             dict(MIXED_COMMON, clients=100, rate=8), dict(MIXED_QUICK, clients=30, rate=4), needs=("accounts",), medium=MIXED_MEDIUM),
    # The goal as one run: Cairn offered five times the sessions per second
    # Dovecot managed in mixed-100, and its p99 per command against
    # Dovecot's at Dovecot's own best (offered the same rate, Dovecot runs
    # saturated, as in the closed loop).
    Scenario("mixed-100-5x", "mixed workload, 100 clients, 5x Dovecot's sessions/s (the goal)", "mixed",
             dict(MIXED_COMMON, clients=100), dict(MIXED_QUICK, clients=30), needs=("accounts",),
             medium=MIXED_MEDIUM, rate_of="mixed-100", rate_times=5.0),
    Scenario("mixed-100-pipelined", "mixed workload, 100 clients, pipelining", "mixed",
             dict(MIXED_COMMON, clients=100, pipeline=True), dict(MIXED_QUICK, clients=30),
             needs=("accounts",), medium=MIXED_MEDIUM),
    Scenario("mixed-100-tls", "mixed workload, 100 clients, TLS", "mixed",
             dict(MIXED_COMMON, clients=100, tls=True), dict(MIXED_QUICK, clients=30), needs=("accounts",), medium=MIXED_MEDIUM),
    Scenario("login-plain", "logins, plain (16 clients)", "login",
             {"accounts": 100, "clients": 16, "duration": 30, "warmup": 5},
             {"accounts": 10, "duration": 6, "warmup": 2}, needs=("accounts",), medium=SHORT_MEDIUM),
    Scenario("login-tls", "logins, TLS handshake included (16 clients)", "login",
             {"accounts": 100, "clients": 16, "duration": 30, "warmup": 5, "tls": True},
             {"accounts": 10, "duration": 6, "warmup": 2}, needs=("accounts",), medium=SHORT_MEDIUM),
    Scenario("login-plain-pipelined", "logins, plain, LOGIN+LOGOUT pipelined (16 clients)", "login",
             {"accounts": 100, "clients": 16, "duration": 30, "warmup": 5, "pipeline": True},
             {"accounts": 10, "duration": 6, "warmup": 2}, needs=("accounts",), medium=SHORT_MEDIUM),
    Scenario("append-1", "APPEND, 1 client, durable", "append",
             {"clients": 1, "duration": 30, "warmup": 3, "pool": 512, "account": "appender"},
             {"duration": 6, "warmup": 1, "pool": 64}, kind="append", needs=("appender",), medium=SHORT_MEDIUM),
    Scenario("append-16", "APPEND, 16 clients into one mailbox, durable", "append",
             {"clients": 16, "duration": 30, "warmup": 3, "pool": 512, "account": "appender"},
             {"duration": 6, "warmup": 1, "pool": 64}, kind="append", needs=("appender",), medium=SHORT_MEDIUM),
    Scenario("append-16-pipelined", "APPEND, 16 clients, 8 in flight each (LITERAL+)", "append",
             {"clients": 16, "duration": 30, "warmup": 3, "pool": 512, "account": "appender",
              "pipeline": True, "window": 8},
             {"duration": 6, "warmup": 1, "pool": 64}, kind="append", needs=("appender",), medium=SHORT_MEDIUM),
    # Memory, not logins: the idle accounts carry a cheap argon2id hash (the
    # same on both servers), or 15,000 Dovecot logins would take half an hour.
    Scenario("idle-plain", "idle connections (LOGIN, SELECT, IDLE), plain", "idle",
             {"accounts": 100, "user-format": "idle%03d", "steps": "1000,5000,15000", "setup-concurrency": 64,
              "settle": 10},
             {"accounts": 10, "steps": "100,300,600", "settle": 3}, runs=2, quick_runs=1, kind="memory",
             needs=("idle",), medium={"settle": 5}, medium_runs=1),
    Scenario("idle-tls", "idle connections (LOGIN, SELECT, IDLE), TLS", "idle",
             {"accounts": 100, "user-format": "idle%03d", "steps": "1000,5000,15000", "setup-concurrency": 64,
              "settle": 10, "tls": True},
             {"accounts": 10, "steps": "100,300,600", "settle": 3}, runs=2, quick_runs=1, kind="memory",
             needs=("idle",), medium={"settle": 5}, medium_runs=1),
    Scenario("bigbox", "100,000-message mailbox: SELECT, FETCH 1:* (UID FLAGS)", "bigbox",
             {"account": "big", "repeat": 5}, {"repeat": 3}, kind="bigbox", needs=("big",), medium={}, medium_runs=3),
]

BY_NAME = {s.name: s for s in SCENARIOS}


# Rows that later issues measure with scripts of their own in bench/scenarios/
# (each starts its own Cairn and Dovecot on loopback, loads its own mail and
# prints a markdown table). The harness runs them after the scenarios above,
# one after the other, and prints their tables with the rest.
@dataclass
class IssueRows:
    name: str
    title: str
    script: str                       # under bench/scenarios/
    args: list                        # full size
    quick: list                       # --quick
    medium: list = None               # --medium (None: as --quick)
    timeout: int = 3 * 3600

    def args_for(self, size):
        if size == "full":
            return self.args
        if size == "medium" and self.medium is not None:
            return self.medium
        return self.quick


ISSUE_ROWS = [
    IssueRows("fetch", "issue 5: FETCH 1:500 (ENVELOPE BODYSTRUCTURE), BODY[] of a large message", "fetch.py",
              ["--rounds", "5", "--big-mb", "50"], ["--rounds", "2", "--big-mb", "10"],
              ["--rounds", "3", "--big-mb", "50"]),
    IssueRows("sync", "issue 6: STORE, COPY, MOVE, EXPUNGE (1 and 16 clients), APPEND seen by IDLE clients", "sync.py",
              ["--ops", "200", "--idlers", "1000", "--rounds", "5", "--only", "cairn,maildir,sdbox"],
              ["--ops", "40", "--idlers", "100", "--rounds", "2", "--only", "cairn,maildir,sdbox"],
              ["--ops", "100", "--idlers", "1000", "--rounds", "3", "--only", "cairn,maildir,sdbox"]),
    IssueRows("search", "issue 8: SEARCH on a generated mailbox (Dovecot without a full-text plugin)", "search.py",
              ["--messages", "100000", "--runs", "5"], ["--messages", "2000", "--runs", "2"],
              ["--messages", "10000", "--runs", "3"], timeout=5 * 3600),
    IssueRows("lmtp", "issue 10: LMTP delivery, durable", "lmtp.py",
              ["--connections", "1,8", "--seconds", "20", "--runs", "3"],
              ["--connections", "1,8", "--seconds", "5", "--runs", "1"],
              ["--connections", "1,8", "--seconds", "10", "--runs", "2"]),
    # sort.py keeps its mailbox (--keep) for bigbox.py, which runs the
    # 100,000-message SELECT and FETCH rows on it (loading that many through
    # the harness's own loader took longer than a run).
    IssueRows("sort", "issue 9: SORT and THREAD on a generated mailbox with conversations", "sort.py",
              ["--messages", "100000", "--runs", "5", "--maildir", "--keep", "/var/tmp/cairn-bench-sort-100000"],
              ["--messages", "2000", "--runs", "3", "--maildir", "--keep", "/var/tmp/cairn-bench-sort-2000"],
              ["--messages", "100000", "--runs", "3", "--maildir", "--keep", "/var/tmp/cairn-bench-sort-100000"],
              timeout=5 * 3600),
    IssueRows("bigbox100k", "issue 4: SELECT and FETCH 1:* (UID FLAGS) on sort.py's mailbox (Maildir and sdbox)",
              "bigbox.py", ["--keep", "/var/tmp/cairn-bench-sort-100000", "--rounds", "5"],
              ["--keep", "/var/tmp/cairn-bench-sort-2000", "--rounds", "2"],
              ["--keep", "/var/tmp/cairn-bench-sort-100000", "--rounds", "3"]),
]
ISSUE_BY_NAME = {r.name: r for r in ISSUE_ROWS}

# What is loaded before the scenarios run.
LOAD = {
    "accounts": {"full": {"accounts": 100, "messages": 500}, "medium": {"accounts": 100, "messages": 100},
                 "quick": {"accounts": 10, "messages": 60}},
    "big": {"full": {"messages": 100000}, "medium": {"messages": 100000}, "quick": {"messages": 5000}},
    "idle": {"full": {"accounts": 100, "messages": 500}, "medium": {"accounts": 100, "messages": 100},
             "quick": {"accounts": 10, "messages": 60}},
}
# The idle accounts' hash: argon2id, 8 MiB, one pass (about 10 ms).
IDLE_HASH = "8192,1,1"
