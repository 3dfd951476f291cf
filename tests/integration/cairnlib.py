"""A real `cairn serve` on loopback with a fresh data folder, for tests.

    with CairnServer(users={"alice": "secret"}) as srv:
        srv.imap_port, srv.imaps_port   # bound by the server (port 0)
        srv.connect()                   # a plain socket to the IMAP port

The binary is $CAIRN_BIN or build/cairn. Accounts are created with
`cairn user add` before the server starts. Tests use cheap argon2 settings
(configurable) so that logins take milliseconds; the server under test is
otherwise configured as an operator would. The server is stopped by PID
(SIGTERM, then SIGKILL after a bound), and its log is kept for failures.
"""
import glob
import os
import re
import shutil
import signal
import socket
import sqlite3
import ssl
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CAIRN = os.environ.get("CAIRN_BIN", os.path.join(ROOT, "build", "cairn"))

# Cheap password hashing for tests: argon2id with 1 MiB and one pass.
TEST_CONFIG = """\
[auth]
argon2_time = 1
argon2_memory_kib = 1024
"""


def tls_context():
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


class ServerError(RuntimeError):
    pass


class CairnServer:
    def __init__(self, users=None, config="", data_dir=None, keep=False, binary=None, env=None):
        self.users = users or {}
        self.config = config
        self.binary = binary or CAIRN
        self.tmp = tempfile.mkdtemp(prefix="cairn-test-")
        # The server drops to its own user: it must be able to reach its data.
        os.chmod(self.tmp, 0o755)
        self.data_dir = data_dir or os.path.join(self.tmp, "data")
        self.keep = keep
        self.proc = None
        self.imap_port = None
        self.imaps_port = None
        self.log_path = os.path.join(self.tmp, "server.log")
        self.env = dict(os.environ, **(env or {}))
        self._log = None

    # -- configuration and accounts --------------------------------------
    def _write_config(self):
        path = os.path.join(self.tmp, "cairn.toml")
        with open(path, "w") as f:
            f.write(self._merged_config())
        return path

    def _merged_config(self):
        """TEST_CONFIG with the test's own [sections] merged in (a test's
        key wins; TOML forbids a section twice)."""
        sections = {}
        order = []
        for text in (TEST_CONFIG, self.config):
            current = ""
            for line in text.splitlines():
                s = line.strip()
                if not s or s.startswith("#"):
                    continue
                m = re.match(r"^\[([^\]]+)\]$", s)
                if m:
                    current = m.group(1)
                    continue
                key = s.split("=", 1)[0].strip()
                if current not in sections:
                    sections[current] = {}
                    order.append(current)
                sections[current][key] = s
        out = []
        for sec in order:
            if sec:
                out.append(f"[{sec}]")
            out.extend(sections[sec].values())
        return "\n".join(out) + "\n"

    def cli(self, *args, input=None, check=True):
        cmd = [self.binary, *args, "--data", self.data_dir, "--config", self.config_path]
        r = subprocess.run(cmd, input=input, capture_output=True, text=True, timeout=60, env=self.env)
        for bad in self.BAD_LOG_SIGNS:
            if bad in r.stderr:
                raise ServerError(f"{' '.join(cmd)} reports {bad}:\n{r.stderr}")
        if check and r.returncode != 0:
            raise ServerError(f"{' '.join(cmd)} failed ({r.returncode}): {r.stderr}")
        return r

    def add_user(self, name, password):
        self.cli("user", "add", name, input=password + "\n")

    # -- life cycle ----------------------------------------------------------
    def start(self, timeout=20):
        self.config_path = self._write_config()
        for name, pw in self.users.items():
            self.add_user(name, pw)
        self._log = open(self.log_path, "ab")
        # A restart appends to the same log: read only what this start wrote.
        log_start = self._log.tell()
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--data", self.data_dir, "--config", self.config_path,
             "--imap", "127.0.0.1:0", "--imaps", "127.0.0.1:0"],
            stdout=self._log, stderr=self._log, env=self.env)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise ServerError("cairn exited at start-up:\n" + self.log())
            m = re.search(r"event=started .*listen=\"imap=127\.0\.0\.1:(\d+) imaps=127\.0\.0\.1:(\d+)\"",
                          self.log()[log_start:])
            if m:
                self.imap_port, self.imaps_port = int(m.group(1)), int(m.group(2))
                return self
            time.sleep(0.02)
        self.stop()
        raise ServerError("cairn did not start:\n" + self.log())

    def stop(self, timeout=30):
        """SIGTERM and wait; returns the exit code."""
        code = None
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                code = self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                code = self.proc.wait()
        elif self.proc:
            code = self.proc.returncode
        if self._log:
            self._log.close()
            self._log = None
        return code

    def kill(self):
        """SIGKILL, as a crash would."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def restart(self):
        self.stop()
        self.users = {}
        return self.start()

    def wait_indexed(self, timeout=60.0):
        """Waits (bounded) until no account has mail waiting for the
        full-text indexer: the server indexes new mail's text a second after
        it arrives (src/store/sqlite/indexer.hpp). Raises on timeout."""
        deadline = time.time() + timeout
        while True:
            pending = 0
            for db in glob.glob(os.path.join(self.data_dir, "accounts", "*", "mail.db")):
                conn = sqlite3.connect(db)
                try:
                    pending += conn.execute("SELECT count(*) FROM search_docs WHERE fts = 0").fetchone()[0]
                finally:
                    conn.close()
            if pending == 0:
                return
            if time.time() > deadline:
                raise AssertionError("the server did not index the new mail in %d s" % timeout)
            time.sleep(0.1)

    def log(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    # Signs in the log that the server misbehaved, whatever the test checked.
    BAD_LOG_SIGNS = ("AddressSanitizer", "runtime error:", "LeakSanitizer", "ThreadSanitizer",
                     "session crashed")

    def log_problems(self):
        """The first bad sign in the log (sanitizer report, crashed session),
        or None."""
        text = self.log()
        for bad in self.BAD_LOG_SIGNS:
            if bad in text:
                i = text.index(bad)
                return text[max(0, i - 2000):i + 4000]
        return None

    def cleanup(self):
        self.stop()
        if not self.keep:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.cleanup()

    # -- connections -----------------------------------------------------------
    def connect(self, tls=False, source="127.0.0.1", timeout=10):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(timeout)
        s.bind((source, 0))
        s.connect(("127.0.0.1", self.imaps_port if tls else self.imap_port))
        if tls:
            s = tls_context().wrap_socket(s)
        return s
