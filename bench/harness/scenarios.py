"""The benchmark's scenarios: what the load generator runs for each row of
the table, at full size and in --quick mode.

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
    kind: str = "throughput"          # throughput | latency | memory | bigbox | append
    needs: tuple = ()                 # what must be loaded first: "accounts", "big", "appender"

    def loadgen_args(self, quick):
        a = dict(self.args)
        if quick:
            a.update(self.quick)
        return a


MIXED_COMMON = {"accounts": 100, "duration": 60, "warmup": 20, "idle-ms": 50, "pool": 256}
MIXED_QUICK = {"accounts": 10, "duration": 8, "warmup": 3, "pool": 32}

SCENARIOS = [
    Scenario("mixed-10", "mixed workload, 10 clients", "mixed", dict(MIXED_COMMON, clients=10),
             MIXED_QUICK, needs=("accounts",)),
    Scenario("mixed-100", "mixed workload, 100 clients", "mixed", dict(MIXED_COMMON, clients=100),
             dict(MIXED_QUICK, clients=30), needs=("accounts",)),
    Scenario("mixed-1000", "mixed workload, 1,000 clients", "mixed",
             dict(MIXED_COMMON, clients=1000, warmup=60),
             dict(MIXED_QUICK, clients=100, warmup=5), needs=("accounts",)),
    Scenario("mixed-100-paced", "mixed workload, 100 clients, 8 sessions/s (latency at equal load)", "mixed",
             dict(MIXED_COMMON, clients=100, rate=8), dict(MIXED_QUICK, clients=30, rate=4), needs=("accounts",)),
    Scenario("mixed-100-pipelined", "mixed workload, 100 clients, pipelining", "mixed",
             dict(MIXED_COMMON, clients=100, pipeline=True), dict(MIXED_QUICK, clients=30),
             needs=("accounts",)),
    Scenario("mixed-100-tls", "mixed workload, 100 clients, TLS", "mixed",
             dict(MIXED_COMMON, clients=100, tls=True), dict(MIXED_QUICK, clients=30), needs=("accounts",)),
    Scenario("login-plain", "logins, plain (16 clients)", "login",
             {"accounts": 100, "clients": 16, "duration": 30, "warmup": 5},
             {"accounts": 10, "duration": 6, "warmup": 2}, needs=("accounts",)),
    Scenario("login-tls", "logins, TLS handshake included (16 clients)", "login",
             {"accounts": 100, "clients": 16, "duration": 30, "warmup": 5, "tls": True},
             {"accounts": 10, "duration": 6, "warmup": 2}, needs=("accounts",)),
    Scenario("login-plain-pipelined", "logins, plain, LOGIN+LOGOUT pipelined (16 clients)", "login",
             {"accounts": 100, "clients": 16, "duration": 30, "warmup": 5, "pipeline": True},
             {"accounts": 10, "duration": 6, "warmup": 2}, needs=("accounts",)),
    Scenario("append-1", "APPEND, 1 client, durable", "append",
             {"clients": 1, "duration": 30, "warmup": 3, "pool": 512, "account": "appender"},
             {"duration": 6, "warmup": 1, "pool": 64}, kind="append", needs=("appender",)),
    Scenario("append-16", "APPEND, 16 clients into one mailbox, durable", "append",
             {"clients": 16, "duration": 30, "warmup": 3, "pool": 512, "account": "appender"},
             {"duration": 6, "warmup": 1, "pool": 64}, kind="append", needs=("appender",)),
    Scenario("append-16-pipelined", "APPEND, 16 clients, 8 in flight each (LITERAL+)", "append",
             {"clients": 16, "duration": 30, "warmup": 3, "pool": 512, "account": "appender",
              "pipeline": True, "window": 8},
             {"duration": 6, "warmup": 1, "pool": 64}, kind="append", needs=("appender",)),
    # Memory, not logins: the idle accounts carry a cheap argon2id hash (the
    # same on both servers), or 15,000 Dovecot logins would take half an hour.
    Scenario("idle-plain", "idle connections (LOGIN, SELECT, IDLE), plain", "idle",
             {"accounts": 100, "user-format": "idle%03d", "steps": "1000,5000,15000", "setup-concurrency": 64,
              "settle": 10},
             {"accounts": 10, "steps": "100,300,600", "settle": 3}, runs=2, quick_runs=1, kind="memory",
             needs=("idle",)),
    Scenario("idle-tls", "idle connections (LOGIN, SELECT, IDLE), TLS", "idle",
             {"accounts": 100, "user-format": "idle%03d", "steps": "1000,5000,15000", "setup-concurrency": 64,
              "settle": 10, "tls": True},
             {"accounts": 10, "steps": "100,300,600", "settle": 3}, runs=2, quick_runs=1, kind="memory",
             needs=("idle",)),
    Scenario("bigbox", "100,000-message mailbox: SELECT, FETCH 1:* (UID FLAGS)", "bigbox",
             {"account": "big", "repeat": 5}, {"repeat": 3}, kind="bigbox", needs=("big",)),
]

BY_NAME = {s.name: s for s in SCENARIOS}

# What is loaded before the scenarios run.
LOAD = {
    "accounts": {"full": {"accounts": 100, "messages": 500}, "quick": {"accounts": 10, "messages": 60}},
    "big": {"full": {"messages": 100000}, "quick": {"messages": 5000}},
    "idle": {"full": {"accounts": 100, "messages": 500}, "quick": {"accounts": 10, "messages": 60}},
}
# The idle accounts' hash: argon2id, 8 MiB, one pass (about 10 ms).
IDLE_HASH = "8192,1,1"
