"""The servers under test, configured alike, each in its own folder.

Cairn is started as cairnlib.CairnServer does (tests/integration/cairnlib.py),
with the benchmark's configuration; Dovecot through tests/tools/refdovecot.py
with a few settings added for a benchmark (see DovecotBench). Both get:
  - the same accounts with the very same argon2id hashes (made once by
    `doveadm pw -s ARGON2ID`, m=65536 KiB, t=3, p=1: Dovecot's default and
    Cairn's), imported into Cairn with cairn-bench-users;
  - the same certificate and key (RSA 2048) for TLS;
  - login caches on, one hour, and two password-hashing workers;
  - connection limits raised alike (20,000 per user and address).
Every process is stopped by PID (SIGTERM, then SIGKILL after a bound).
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "tools"))

import refdovecot  # noqa: E402

AUTH_WORKERS = 2          # argon2 checks at once, on both servers (2 cores)
LOGIN_CACHE_SECONDS = 3600
MAX_PER_USER_IP = 20000


def make_certificate(folder):
    """One self-signed RSA 2048 certificate for both servers."""
    cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    if not os.path.exists(cert):
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                        "-out", cert, "-days", "30", "-subj", "/CN=localhost"],
                       check=True, capture_output=True)
        os.chmod(key, 0o644)  # a private throw-away key on loopback; both servers' users read it
    return cert, key


def stop_pid(proc, timeout=60):
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=30)


class CairnBench:
    name = "cairn"
    label = "Cairn"

    CONFIG = """\
[server]
user = "cairn"
allow_plaintext_auth = true
threads = 0
[tls]
certificate = "{cert}"
key = "{key}"
[auth]
argon2_time = 3
argon2_memory_kib = 65536
argon2_parallelism = 1
workers = {workers}
[limits]
connections_per_user_ip = {per_user_ip}
login_cache_seconds = {cache}
login_cache_entries = 100000
auth_queue = 100000
"""

    def __init__(self, workdir, binary, users_tool, cert, key):
        self.dir = os.path.join(workdir, "cairn")
        self.data = os.path.join(self.dir, "data")
        self.binary = binary
        self.users_tool = users_tool
        self.cert, self.key = cert, key
        self.proc = None
        self.imap_port = self.imaps_port = None
        self.log_path = os.path.join(self.dir, "cairn.log")
        self._log = None

    def settings(self):
        return {
            "threads": "one io_context per core (2)",
            "argon2id": "m=65536 KiB, t=3, p=1 (hashes from doveadm)",
            "auth workers": AUTH_WORKERS,
            "login cache": f"{LOGIN_CACHE_SECONDS} s",
            "connections per user and address": MAX_PER_USER_IP,
            "durability": "fsync of blob and folder, SQLite synchronous=FULL (DESIGN.md)",
            "log": "info (one line per event)",
        }

    def prepare(self, users):
        """users: list of (name, hash)."""
        os.makedirs(self.data, exist_ok=True)
        os.chmod(self.dir, 0o755)
        shutil.chown(self.data, "cairn", "cairn")
        with open(os.path.join(self.dir, "cairn.toml"), "w") as f:
            f.write(self.CONFIG.format(cert=self.cert, key=self.key, workers=AUTH_WORKERS,
                                       per_user_ip=MAX_PER_USER_IP, cache=LOGIN_CACHE_SECONDS))
        lines = "".join(f"{n}:{h}\n" for n, h in users)
        r = subprocess.run([self.users_tool, "--data", self.data], input=lines, text=True,
                           capture_output=True, timeout=600)
        if r.returncode != 0:
            raise RuntimeError("cairn-bench-users failed: " + r.stderr)

    def start(self, timeout=60):
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--data", self.data, "--config", os.path.join(self.dir, "cairn.toml"),
             "--imap", "127.0.0.1:0", "--imaps", "127.0.0.1:0"],
            stdout=self._log, stderr=self._log)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("cairn exited at start-up:\n" + self.log_tail())
            m = re.search(r"event=started .*listen=\"imap=127\.0\.0\.1:(\d+) imaps=127\.0\.0\.1:(\d+)\"",
                          self.log_tail(50))
            if m:
                self.imap_port, self.imaps_port = int(m.group(1)), int(m.group(2))
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("cairn did not start:\n" + self.log_tail())

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def log_tail(self, n=30):
        try:
            with open(self.log_path, "rb") as f:
                return "".join(f.read().decode("utf-8", "replace").splitlines(True)[-n:])
        except OSError:
            return ""

    def stop(self):
        stop_pid(self.proc)
        self.proc = None
        if self._log:
            self._log.close()
            self._log = None

    def disk_usage(self):
        return du(self.data)


class DovecotBench(refdovecot.Dovecot):
    """refdovecot's private Dovecot with the settings an operator would use
    for a fast, busy server, where they differ from refdovecot's defaults:
      - the accounts in an SQL passdb (SQLite, Debian's dovecot-sqlite), as
        most sites keep them in SQL or LDAP: a blocking passdb, so that
        password checks run in the auth workers (two, as Cairn's two),
        whereas with passwd-file every argon2 check runs in the single auth
        process, and Dovecot's auth cache is not used at all (measured:
        about 11 logins/s on one core);
      - auth_cache_verify_password_with_worker = yes: a cached login is
        checked in a worker too (Dovecot's cache spares the passdb lookup,
        not the argon2 check);
      - auth cache TTL one hour (Cairn's login cache: the same);
      - imap-login in high-performance mode (refdovecot's default) with
        process_min_avail = 2 (one per core) and at most 4,000 clients per
        login process, so that 15,000 TLS connections (two descriptors each
        in a login process) stay within the 20,000 open-files limit.
    Mail is durable as Dovecot's defaults make it (mail_fsync = optimized:
    fsync when a message is saved)."""

    label_by_format = {"maildir": "Dovecot (maildir)", "sdbox": "Dovecot (sdbox)", "mdbox": "Dovecot (mdbox)"}

    def __init__(self, workdir, mail_format, cert, key):
        super().__init__(os.path.join(workdir, "dovecot-" + mail_format), mail_format=mail_format,
                         process_limit=20000, client_limit=20000, max_userip=MAX_PER_USER_IP,
                         auth_workers=AUTH_WORKERS, high_performance=True)
        self.name = "dovecot-" + mail_format
        self.label = self.label_by_format.get(mail_format, self.name)
        self.cert, self.key = cert, key

    def settings(self):
        return {
            "version": dovecot_version(),
            "mail_location": self.mail_format,
            "login": "high-performance mode (service_count = 0), process_min_avail = 2, client_limit = 4000",
            "argon2id": "m=65536 KiB, t=3, p=1",
            "passdb": "sql (SQLite), blocking: checks in auth workers",
            "auth workers": f"auth_worker_max_count = {AUTH_WORKERS}, auth_cache_verify_password_with_worker = yes",
            "login cache": f"auth_cache_size = 10M, auth_cache_ttl = {LOGIN_CACHE_SECONDS} s",
            "connections per user and address": f"mail_max_userip_connections = {MAX_PER_USER_IP}",
            "process_limit": self.process_limit,
            "durability": "mail_fsync = optimized (default)",
            "log": "default (info: one line per login and logout)",
        }

    def _write_conf(self):
        os.makedirs(self.dir, exist_ok=True)
        for src, dst in ((self.cert, "cert.pem"), (self.key, "key.pem")):
            shutil.copy(src, os.path.join(self.dir, dst))
        super()._write_conf()
        with open(self.conf_path) as f:
            conf = f.read()
        conf = conf.replace(
            "passdb {\n  driver = passwd-file\n  args = scheme=ARGON2ID %s/passwd\n}" % self.dir,
            "passdb {\n  driver = sql\n  args = %s/dovecot-sql.conf.ext\n}" % self.dir)
        with open(os.path.join(self.dir, "dovecot-sql.conf.ext"), "w") as f:
            f.write("driver = sqlite\nconnect = %s/users.sqlite\ndefault_pass_scheme = ARGON2ID\n"
                    "password_query = SELECT username AS user, password FROM users WHERE username = '%%u'\n"
                    % self.dir)
        if "driver = sql" not in conf:
            raise RuntimeError("refdovecot's passdb block changed: update DovecotBench._write_conf")
        conf = conf.replace("auth_cache_ttl = 300s",
                            f"auth_cache_ttl = {LOGIN_CACHE_SECONDS}s\n"
                            "auth_cache_verify_password_with_worker = yes")
        # Inside "service imap-login { ... }": later settings win in a section.
        conf = conf.replace("  service_count = 0\n}",
                            "  service_count = 0\n  process_min_avail = 2\n  client_limit = 4000\n"
                            "  vsz_limit = 2G\n}", 1)
        with open(self.conf_path, "w") as f:
            f.write(conf)

    def prepare(self, users):
        self._write_conf()
        with open(os.path.join(self.dir, "passwd"), "w") as f:
            for n, h in users:
                f.write(f"{n}:{h}\n")
        import sqlite3
        db_path = os.path.join(self.dir, "users.sqlite")
        if os.path.exists(db_path):
            os.unlink(db_path)
        db = sqlite3.connect(db_path)
        db.execute("CREATE TABLE users (username TEXT PRIMARY KEY, password TEXT NOT NULL)")
        db.executemany("INSERT INTO users VALUES (?, ?)", users)
        db.commit()
        db.close()
        os.chmod(db_path, 0o644)

    def start(self, timeout=60):
        # refdovecot.start() rewrites the configuration: keep ours.
        self.proc = subprocess.Popen(["dovecot", "-F", "-c", self.conf_path],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + timeout
        import socket
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("dovecot exited: " + self.log_tail())
            try:
                with socket.create_connection(("127.0.0.1", self.imap_port), timeout=1) as s:
                    if s.recv(100).startswith(b"* OK"):
                        return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("dovecot did not answer: " + self.log_tail())

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def stop(self):
        # The master stops its children, but a login process still holding
        # clients can outlive it: stop what is left of the tree, by PID.
        # Each PID is remembered with its start time, so that a number the
        # kernel hands to someone else's process meanwhile is never signalled.
        tree = process_tree(self.proc.pid) if self.proc and self.proc.poll() is None else []
        ours = {p: start_time(p) for p in tree[1:]}
        stop_pid(self.proc)
        self.proc = None

        def still_ours():
            return [p for p, t in ours.items() if t is not None and start_time(p) == t]
        left = still_ours()
        for sig in (signal.SIGTERM, signal.SIGKILL):
            for p in left:
                try:
                    os.kill(p, sig)
                except OSError:
                    pass
            deadline = time.time() + 10
            while time.time() < deadline and still_ours():
                time.sleep(0.2)
            left = still_ours()
            if not left:
                break

    def disk_usage(self):
        return du(os.path.join(self.dir, "home"))


_dovecot_version = None


def dovecot_version():
    global _dovecot_version
    if _dovecot_version is None:
        try:
            _dovecot_version = subprocess.run(["dovecot", "--version"], capture_output=True, text=True,
                                              timeout=10).stdout.strip()
        except OSError:
            _dovecot_version = "?"
    return _dovecot_version


def start_time(pid):
    """The process's start time (clock ticks after boot), or None if gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            st = f.read()
    except OSError:
        return None
    return int(st[st.rfind(")") + 2:].split()[19])


def process_tree(root):
    """root and its descendants (by PPid in /proc)."""
    children = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                st = f.read()
        except OSError:
            continue
        children.setdefault(int(st[st.rfind(")") + 2:].split()[1]), []).append(int(d))
    out, i = [root], 0
    while i < len(out):
        out.extend(children.get(out[i], []))
        i += 1
    return out


def du(path):
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for f in files:
            try:
                total += os.lstat(os.path.join(dirpath, f)).st_blocks * 512
            except OSError:
                pass
    return total


def hash_cheap(names, password_of, cache_file, tool, params):
    """{ARGON2ID} hashes at a low cost (params "M,T,P") from cairn-bench-users,
    cached like hash_passwords'."""
    known = {}
    if os.path.exists(cache_file):
        with open(cache_file) as f:
            for line in f:
                n, p, h = line.rstrip("\n").split(":", 2)
                known[(n, p)] = h
    todo = [n for n in names if (n, password_of(n)) not in known]
    if todo:
        r = subprocess.run([tool, "--hash", params], input="".join(f"{n}:{password_of(n)}\n" for n in todo),
                           capture_output=True, text=True, timeout=600, check=True)
        for line in r.stdout.splitlines():
            n, h = line.split(":", 1)
            known[(n, password_of(n))] = h
        with open(cache_file, "w") as f:
            for (n, p), h in known.items():
                f.write(f"{n}:{p}:{h}\n")
    return [(n, known[(n, password_of(n))]) for n in names]


def hash_passwords(names, password_of, cache_file, workers=2):
    """{ARGON2ID} hashes from doveadm, one per account, cached in a file
    (name:password:hash) so that a re-run with --reuse does not redo them."""
    known = {}
    if os.path.exists(cache_file):
        with open(cache_file) as f:
            for line in f:
                n, p, h = line.rstrip("\n").split(":", 2)
                known[(n, p)] = h
    todo = [n for n in names if (n, password_of(n)) not in known]
    if todo:
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(max_workers=workers) as ex:
            for n, h in zip(todo, ex.map(lambda n: refdovecot.hash_password(password_of(n)), todo)):
                known[(n, password_of(n))] = h
        with open(cache_file, "w") as f:
            for (n, p), h in known.items():
                f.write(f"{n}:{p}:{h}\n")
    return [(n, known[(n, password_of(n))]) for n in names]
