#!/usr/bin/env python3
"""A private Dovecot on loopback ports, in its own folder: the reference
server that tests and benchmarks compare Cairn with (DESIGN.md: Debian's
system instance is never started or used).

    from refdovecot import Dovecot
    with Dovecot(workdir, mail_format="maildir") as d:   # or "sdbox"
        d.add_user("alice", "secret")
        ... connect to 127.0.0.1:d.imap_port / d.imaps_port / d.lmtp_port ...

Or from a shell:  refdovecot.py start DIR [--format sdbox] [--user NAME:PASS]...
                  refdovecot.py stop DIR
Runs as root (Dovecot drops to `nobody` for mail processes).
"""
import argparse
import os
import pwd
import signal
import socket
import subprocess
import sys
import time

CONF = """\
base_dir = {dir}/run
state_dir = {dir}/state
log_path = {dir}/dovecot.log
info_log_path = {dir}/dovecot.log
protocols = imap lmtp
listen = 127.0.0.1
ssl = yes
ssl_cert = <{dir}/cert.pem
ssl_key = <{dir}/key.pem
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_cache_size = 10M
auth_cache_ttl = 300s
auth_worker_max_count = {auth_workers}
default_internal_user = dovecot
default_login_user = dovenull
mail_location = {mail_location}
mail_max_userip_connections = {max_userip}
first_valid_uid = 1
namespace inbox {{
  inbox = yes
  separator = /
}}
protocol imap {{
  mail_max_userip_connections = {max_userip}
}}
passdb {{
  driver = passwd-file
  args = scheme=ARGON2ID {dir}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={dir}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
    ssl = yes
  }}
  process_limit = {process_limit}
  client_limit = {client_limit}
  service_count = {login_service_count}
}}
service imap {{
  process_limit = {process_limit}
  client_limit = 1
}}
service lmtp {{
  inet_listener lmtp {{
    address = 127.0.0.1
    port = {lmtp_port}
  }}
}}
service anvil {{
  client_limit = {anvil_limit}
}}
service auth {{
  client_limit = {anvil_limit}
}}
default_process_limit = {process_limit}
default_client_limit = {client_limit}
default_vsz_limit = 1G
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hash_password(password, time_cost=3, memory_kib=65536):
    """An {ARGON2ID} PHC hash from doveadm, usable by Dovecot and Cairn alike."""
    out = subprocess.run(["doveadm", "pw", "-s", "ARGON2ID", "-p", password],
                         check=True, capture_output=True, text=True).stdout.strip()
    return out


class Dovecot:
    def __init__(self, workdir, mail_format="maildir", process_limit=20000,
                 client_limit=20000, max_userip=20000, auth_workers=2,
                 high_performance=True):
        self.dir = os.path.abspath(workdir)
        self.mail_format = mail_format
        self.process_limit = process_limit
        self.client_limit = client_limit
        self.max_userip = max_userip
        self.auth_workers = auth_workers
        # Dovecot's documented "high-performance mode": login processes serve
        # many connections each (service_count = 0) instead of one.
        self.login_service_count = 0 if high_performance else 1
        self.imap_port = free_port()
        self.imaps_port = free_port()
        self.lmtp_port = free_port()
        self.proc = None

    @property
    def conf_path(self):
        return os.path.join(self.dir, "dovecot.conf")

    def _write_conf(self):
        os.makedirs(self.dir, exist_ok=True)
        for sub in ("run", "state", "home"):
            os.makedirs(os.path.join(self.dir, sub), exist_ok=True)
        cert = os.path.join(self.dir, "cert.pem")
        if not os.path.exists(cert):
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                            "-keyout", os.path.join(self.dir, "key.pem"), "-out", cert,
                            "-days", "30", "-subj", "/CN=localhost"],
                           check=True, capture_output=True)
        nobody = pwd.getpwnam("nobody")
        os.chown(os.path.join(self.dir, "home"), nobody.pw_uid, nobody.pw_gid)
        if self.mail_format == "sdbox":
            loc = "sdbox:~/sdbox"
        elif self.mail_format == "mdbox":
            loc = "mdbox:~/mdbox"
        else:
            loc = "maildir:~/Maildir"
        open(os.path.join(self.dir, "passwd"), "a").close()
        with open(self.conf_path, "w") as f:
            f.write(CONF.format(dir=self.dir, mail_location=loc, uid=nobody.pw_uid,
                                gid=nobody.pw_gid, imap_port=self.imap_port,
                                imaps_port=self.imaps_port, lmtp_port=self.lmtp_port,
                                process_limit=self.process_limit,
                                client_limit=self.client_limit,
                                max_userip=self.max_userip,
                                auth_workers=self.auth_workers,
                                anvil_limit=max(1000, self.client_limit * 2),
                                login_service_count=self.login_service_count))

    def add_user(self, name, password=None, password_hash=None):
        if password_hash is None:
            password_hash = hash_password(password)
        if not password_hash.startswith("{"):
            password_hash = "{ARGON2ID}" + password_hash
        with open(os.path.join(self.dir, "passwd"), "a") as f:
            f.write(f"{name}:{password_hash}\n")

    def start(self, timeout=20):
        self._write_conf()
        self.proc = subprocess.Popen(["dovecot", "-F", "-c", self.conf_path],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + timeout
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

    def log_tail(self, n=20):
        try:
            with open(os.path.join(self.dir, "dovecot.log"), errors="replace") as f:
                return "".join(f.readlines()[-n:])
        except OSError:
            return "(no log)"

    def master_pid(self):
        return self.proc.pid if self.proc else None

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("action", choices=["start", "stop"])
    ap.add_argument("dir")
    ap.add_argument("--format", default="maildir")
    ap.add_argument("--user", action="append", default=[], help="NAME:PASSWORD")
    a = ap.parse_args()
    if a.action == "start":
        d = Dovecot(a.dir, mail_format=a.format)
        d._write_conf()
        for u in a.user:
            name, pw = u.split(":", 1)
            d.add_user(name, pw)
        d.start()
        with open(os.path.join(d.dir, "ports"), "w") as f:
            f.write(f"imap={d.imap_port}\nimaps={d.imaps_port}\nlmtp={d.lmtp_port}\npid={d.proc.pid}\n")
        print(f"dovecot pid {d.proc.pid} imap 127.0.0.1:{d.imap_port} "
              f"imaps 127.0.0.1:{d.imaps_port} lmtp 127.0.0.1:{d.lmtp_port}")
        d.proc = None  # leave it running
    else:
        pid = None
        for line in open(os.path.join(a.dir, "ports")):
            if line.startswith("pid="):
                pid = int(line[4:])
        if pid:
            os.kill(pid, signal.SIGTERM)


if __name__ == "__main__":
    sys.exit(main())
