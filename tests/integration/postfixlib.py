"""A private Postfix on loopback, in its own folder (DESIGN.md: Debian's
system instance is never started or used): its own main.cf and master.cf,
queue and data folders inside the test's folder, SMTP on a loopback port,
and virtual_transport pointing at Cairn's LMTP socket.

    with Postfix(workdir, lmtp_socket="/tmp/x/cairn-lmtp.sock",
                 pipe_domain="pipe.example", pipe_argv="/path/cairn deliver ...") as pf:
        smtplib.SMTP("127.0.0.1", pf.smtp_port) ...
        pf.log()           # its maillog

Runs as root (Postfix's master must); started with `postfix -c DIR start`
and stopped with `postfix -c DIR stop` (or its master's PID).
"""
import os
import pwd
import grp
import shutil
import signal
import socket
import subprocess
import time

MAIN_CF = """\
compatibility_level = 3.6
queue_directory = {dir}/spool
data_directory = {dir}/data
meta_directory = /etc/postfix
daemon_directory = /usr/lib/postfix/sbin
command_directory = /usr/sbin
shlib_directory = /usr/lib/postfix
mail_owner = postfix
setgid_group = postdrop
maillog_file = {dir}/maillog
maillog_file_prefixes = {dir}

myhostname = mx.cairn.test
mydomain = cairn.test
myorigin = $myhostname
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relayhost =
smtp_dns_support_level = disabled
lmtp_dns_support_level = disabled
smtputf8_enable = no
biff = no
append_dot_mydomain = no
alias_maps =
alias_database =
local_transport = error:no local delivery here
local_recipient_maps =

# Every recipient of {domains} goes to Cairn over LMTP; Postfix asks Cairn
# (an address verification probe: MAIL, RCPT, RSET over LMTP) before it
# accepts one, so an unknown user is refused during the SMTP dialogue.
virtual_mailbox_domains = {domains}
virtual_mailbox_maps =
virtual_transport = lmtp:unix:{socket}
smtpd_reject_unlisted_recipient = no
smtpd_recipient_restrictions = reject_unverified_recipient, permit_mynetworks, reject_unauth_destination
unverified_recipient_reject_code = 550
address_verify_poll_delay = 1s

{pipe_main}
# Quick retries: a test does not wait for the default minutes.
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
delay_warning_time = 0
"""

MASTER_CF = """\
127.0.0.1:{port} inet n - n - - smtpd
pickup    unix  n - n 60 1 pickup
cleanup   unix  n - n - 0 cleanup
qmgr      unix  n - n 300 1 qmgr
rewrite   unix  - - n - - trivial-rewrite
bounce    unix  - - n - 0 bounce
defer     unix  - - n - 0 bounce
trace     unix  - - n - 0 bounce
verify    unix  - - n - 1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n - - proxymap
smtp      unix  - - n - - smtp
relay     unix  - - n - - smtp
showq     unix  n - n - - showq
error     unix  - - n - - error
retry     unix  - - n - - error
discard   unix  - - n - - discard
lmtp      unix  - - n - - lmtp
anvil     unix  - - n - 1 anvil
scache    unix  - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
{pipe_master}"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostfixError(RuntimeError):
    pass


def available():
    """Why a private Postfix cannot run here, or None."""
    if os.geteuid() != 0:
        return "Postfix's master must start as root"
    if not shutil.which("postfix") or not os.path.exists("/usr/lib/postfix/sbin/master"):
        return "postfix is not installed (scripts/install-deps.sh --test)"
    try:
        pwd.getpwnam("postfix")
        grp.getgrnam("postdrop")
    except KeyError:
        return "the postfix user or postdrop group is missing"
    return None


class Postfix:
    def __init__(self, workdir, lmtp_socket, domains="example.org", pipe_domain=None, pipe_argv=None,
                 pipe_user="cairn"):
        """With pipe_domain and pipe_argv, mail for that domain goes through a
        pipe(8) transport that runs pipe_argv as pipe_user (`cairn deliver`)."""
        self.dir = os.path.abspath(workdir)
        self.lmtp_socket = lmtp_socket
        self.domains = domains
        self.pipe_domain = pipe_domain
        self.pipe_argv = pipe_argv
        self.pipe_user = pipe_user
        self.smtp_port = free_port()
        self.started = False

    def _run(self, *args, check=True):
        r = subprocess.run(["postfix", "-c", self.dir, *args], capture_output=True, text=True, timeout=60)
        if check and r.returncode != 0:
            raise PostfixError("postfix %s failed (%d): %s%s\n%s" % (" ".join(args), r.returncode, r.stdout,
                                                                    r.stderr, self.log()[-3000:]))
        return r

    def start(self, timeout=30):
        os.makedirs(self.dir, exist_ok=True)
        for sub in ("spool", "data"):
            os.makedirs(os.path.join(self.dir, sub), exist_ok=True)
        pf = pwd.getpwnam("postfix")
        os.chown(os.path.join(self.dir, "data"), pf.pw_uid, pf.pw_gid)
        domains, pipe_main, pipe_master = self.domains, "", ""
        if self.pipe_domain:
            domains += ", " + self.pipe_domain
            pipe_main = ("transport_maps = inline:{ %s=cairn: }\ncairn_destination_recipient_limit = 1\n"
                         % self.pipe_domain)
            pipe_master = "cairn     unix  - n n - - pipe\n  user=%s argv=%s\n" % (self.pipe_user, self.pipe_argv)
        with open(os.path.join(self.dir, "main.cf"), "w") as f:
            f.write(MAIN_CF.format(dir=self.dir, socket=self.lmtp_socket, domains=domains, pipe_main=pipe_main))
        with open(os.path.join(self.dir, "master.cf"), "w") as f:
            f.write(MASTER_CF.format(port=self.smtp_port, pipe_master=pipe_master))
        # Creates the queue folders with their owners and modes.
        self._run("set-permissions", check=False)
        self._run("check", check=False)
        self._run("start")
        self.started = True
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.smtp_port), timeout=2) as s:
                    if s.recv(200).startswith(b"220"):
                        return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise PostfixError("postfix did not answer on port %d:\n%s" % (self.smtp_port, self.log()[-3000:]))

    def master_pid(self):
        try:
            with open(os.path.join(self.dir, "spool", "pid", "master.pid")) as f:
                return int(f.read().strip())
        except (OSError, ValueError):
            return None

    def stop(self, timeout=30):
        if not self.started:
            return
        self.started = False
        pid = self.master_pid()
        r = self._run("stop", check=False)
        deadline = time.time() + timeout
        while pid and time.time() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)
        if pid:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if r.returncode != 0:
            raise PostfixError("postfix stop failed: " + r.stderr)

    def flush(self):
        self._run("flush", check=False)

    def log(self):
        try:
            with open(os.path.join(self.dir, "maillog"), errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
