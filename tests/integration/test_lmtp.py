"""Mail in and out (issue 10) against a real `cairn serve`:

- every LMTP/IMAP transcript in lmtp/*.t (lmtp_transcript.py);
- a real full disk: the data folder on a small tmpfs (when this machine
  lets the test mount one: root; otherwise the fault-switch transcript
  08-disk-full-fault.t covers the reply);
- `cairn user import` of a Dovecot passwd-file and the rehash to argon2id
  at the next good login;
- `cairn import` of an mbox file and of a Maildir++ tree made here (flags,
  keywords, non-ASCII folders, subscriptions, dates), `cairn export` in both
  formats, re-import into fresh accounts, and the accounts compared over
  IMAP.
"""
import glob
import imaplib
import os
import re
import shutil
import smtplib
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from cairnlib import CairnServer  # noqa: E402
import lmtp_transcript  # noqa: E402

LMTP_CONFIG = '[lmtp]\nlisten = "127.0.0.1:0"\n'


class LmtpTranscripts(unittest.TestCase):
    pass


def _make_transcript_test(path):
    def test(self):
        ok, why = lmtp_transcript.run_file(path)
        if ok and why:
            self.skipTest(why)
        self.assertTrue(ok, why)
    return test


for _path in sorted(glob.glob(os.path.join(HERE, "lmtp", "*.t"))):
    _name = "test_" + re.sub(r"\W", "_", os.path.basename(_path)[:-2])
    setattr(LmtpTranscripts, _name, _make_transcript_test(_path))


BAD_LOG_SIGNS = ("AddressSanitizer", "runtime error:", "LeakSanitizer", "session crashed")


def stop_checked(test, srv):
    """Stops the server: it must exit 0 on SIGTERM, its log free of
    sanitizer reports and crashed sessions."""
    code = srv.stop()
    log = srv.log()
    srv.cleanup()
    for bad in BAD_LOG_SIGNS:
        test.assertNotIn(bad, log, log[-4000:])
    test.assertEqual(code, 0, log[-2000:])


def lmtp_port(srv):
    return int(re.search(r'lmtp="127\.0\.0\.1:(\d+)', srv.log()).group(1))


def imap_login(srv, user, password):
    m = imaplib.IMAP4("127.0.0.1", srv.imap_port)
    m.login(user, password)
    return m


def account_snapshot(m):
    """Every mailbox (as LIST names it), with each message's flags, internal
    date and bytes; and the subscriptions."""
    typ, data = m.list()
    assert typ == "OK", data
    boxes = {}
    for line in data:
        name = line.decode().rsplit(' "/" ', 1)[1]
        if name.startswith('"'):
            name = name[1:-1]
        typ, count = m.select('"%s"' % name, readonly=True)
        assert typ == "OK", name
        items = []
        if int(count[0]) > 0:
            typ, msgs = m.fetch("1:*", "(FLAGS INTERNALDATE BODY.PEEK[])")
            assert typ == "OK", msgs
            for part in msgs:
                if isinstance(part, tuple):
                    meta = part[0].decode()
                    flags = sorted(re.search(r"FLAGS \(([^)]*)\)", meta).group(1).replace("\\Recent", "").split())
                    date = imaplib.Internaldate2tuple(part[0])
                    items.append((tuple(flags), time.mktime(date), part[1]))
        boxes[name] = items
        m.close()
    typ, subs = m.lsub()
    subscribed = sorted(l.decode().rsplit(' "/" ', 1)[1].strip('"') for l in subs if l)
    return boxes, subscribed


class DiskFull(unittest.TestCase):
    """452 4.3.1 from a real full disk: the data folder on a 6 MiB tmpfs."""

    def setUp(self):
        if os.geteuid() != 0:
            self.skipTest("mounting a tmpfs needs root (08-disk-full-fault.t covers the reply)")
        self.mnt = tempfile.mkdtemp(prefix="cairn-tmpfs-")
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m,mode=0755", "tmpfs", self.mnt],
                           capture_output=True, text=True)
        if r.returncode != 0:
            os.rmdir(self.mnt)
            self.skipTest("cannot mount a tmpfs here: " + r.stderr.strip())

    def tearDown(self):
        subprocess.run(["umount", self.mnt], capture_output=True)
        os.rmdir(self.mnt)

    def test_full_disk_answers_452(self):
        srv = CairnServer(users={"alice": "secret"}, config=LMTP_CONFIG, data_dir=os.path.join(self.mnt, "data"))
        try:
            srv.start()
            # Fill the disk but for ~200 KiB.
            st = os.statvfs(self.mnt)
            free = st.f_bavail * st.f_frsize
            with open(os.path.join(self.mnt, "filler"), "wb") as f:
                f.write(b"\0" * max(0, free - 200 * 1024))
            msg = b"Subject: big\r\n\r\n" + (b"x" * 998 + b"\r\n") * 1000  # ~1 MB
            c = smtplib.LMTP("127.0.0.1", lmtp_port(srv))
            c.ehlo("client.test")
            c.mail("s@example.org")
            self.assertEqual(c.rcpt("alice")[0], 250)
            code, text = c.data(msg)
            self.assertEqual((code, text[:5]), (452, b"4.3.1"), text)
            # Room again: the next delivery works, and only it is stored.
            os.unlink(os.path.join(self.mnt, "filler"))
            c.mail("s@example.org")
            c.rcpt("alice")
            code, text = c.data(msg)
            self.assertEqual(code, 250, text)
            c.quit()
            m = imap_login(srv, "alice", "secret")
            typ, data = m.status("INBOX", "(MESSAGES)")
            self.assertIn(b"MESSAGES 1", data[0])
            m.logout()
        finally:
            stop_checked(self, srv)


def openssl_sha512_crypt(password):
    return subprocess.run(["openssl", "passwd", "-6", password], capture_output=True, text=True,
                          check=True).stdout.strip()


class UserImport(unittest.TestCase):
    def test_passwd_file_and_rehash(self):
        srv = CairnServer()
        try:
            srv.config_path = srv._write_config()
            passwd = os.path.join(srv.tmp, "passwd")
            with open(passwd, "w") as f:
                f.write("# Dovecot passwd-file\n")
                f.write("carol:{SHA512-CRYPT}%s:1000:1000::/home/carol::\n" % openssl_sha512_crypt("c-pass"))
                f.write("Dave@Example.org:%s\n" % openssl_sha512_crypt("d-pass"))  # bare crypt string
                f.write("erin:{PLAIN}e-pass::::::\n")
                f.write("frank:{SSHA512}abcdef::::\n")
                f.write("broken line without fields\n")
            r = srv.cli("user", "import", passwd)
            self.assertIn("added 3 account(s)", r.stdout)
            self.assertIn("1 clear-text password(s) hashed", r.stdout)
            self.assertIn("{SSHA512} is not supported", r.stdout)
            self.assertIn("not a passwd-file line", r.stdout)
            again = srv.cli("user", "import", passwd)
            self.assertIn("added 0 account(s), 3 already there", again.stdout)
            srv.start()

            def stored(name):
                db = sqlite3.connect(os.path.join(srv.data_dir, "users.db"))
                try:
                    return db.execute("SELECT password_hash FROM users WHERE name = ?", (name,)).fetchone()[0]
                finally:
                    db.close()

            self.assertTrue(stored("carol").startswith("{SHA512-CRYPT}$6$"))
            self.assertTrue(stored("erin").startswith("$argon2id$"))
            # A wrong password changes nothing; the right one logs in and
            # leaves an argon2id hash behind.
            m = imaplib.IMAP4("127.0.0.1", srv.imap_port)
            with self.assertRaises(imaplib.IMAP4.error):
                m.login("carol", "wrong")
            m.logout()
            self.assertTrue(stored("carol").startswith("{SHA512-CRYPT}"))
            for user, pw in (("carol", "c-pass"), ("dave@example.org", "d-pass"), ("erin", "e-pass")):
                m = imap_login(srv, user, pw)
                typ, data = m.status("INBOX", "(MESSAGES)")  # provisioned
                self.assertEqual(typ, "OK")
                m.logout()
            self.assertTrue(stored("carol").startswith("$argon2id$"), stored("carol") + srv.log())
            self.assertTrue(stored("dave@example.org").startswith("$argon2id$"))
            self.assertIn("password rehashed", srv.log())
            # ... and the new hash works.
            imap_login(srv, "carol", "c-pass").logout()
        finally:
            stop_checked(self, srv)


# What the test writes: a Maildir++ tree as Dovecot lays it out.
UNICODE = "\u00dcn\u00efc\u00f6d\u00e9"          # stored as .&ANw-n&AO8-c&APY-d&AOk-
UNICODE_MUTF7 = "&ANw-n&AO8-c&APY-d&AOk-"


def write(path, data, mtime=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    if mtime:
        os.utime(path, (mtime, mtime))


def make_maildir(root):
    write(os.path.join(root, "cur", "1700000001.M1P1.host,S=20:2,S"), "Subject: one\n\nhello\n", 1700000001)
    write(os.path.join(root, "new", "1700000002.M2P1.host"), "Subject: two\n\nnew mail\n", 1700000002)
    write(os.path.join(root, "cur", "1700000003.M3P1.host:2,FRab"), "Subject: three\n\nflagged\n", 1700000003)
    write(os.path.join(root, "dovecot-keywords"), "0 $Label1\n1 Important\n")
    write(os.path.join(root, ".Work.Projects", "maildirfolder"), "")
    write(os.path.join(root, ".Work.Projects", "cur", "1700000004.M4P1.host:2,PT"),
          "Subject: four\n\nFrom the start\n", 1700000004)
    write(os.path.join(root, "." + UNICODE_MUTF7, "cur", "1700000005.M5P1.host:2,Sa"),
          "Subject: =?utf-8?q?=C3=BC?=\n\n8bit \xfc\n".encode("latin-1"), 1700000005)
    write(os.path.join(root, "." + UNICODE_MUTF7, "dovecot-keywords"), "0 Gelesen\n")
    write(os.path.join(root, "subscriptions"), "V\t2\n\nWork\tProjects\n%s\n" % UNICODE_MUTF7)
    write(os.path.join(root, "dovecot-uidlist"), "3 V1 N1\n")


MBOX = (b"From alice@example.org Thu Nov 26 10:00:00 2026 +0100\n"
        b"Subject: m1\nStatus: RO\nX-Status: A\nX-Keywords: $Label2\n\n"
        b">From escaped\nbody\n\n"
        b"From bob@example.org Thu Nov 26 11:00:00 2026 +0100\n"
        b"Subject: m2\n\nsecond\n\n")


class Migration(unittest.TestCase):
    def test_import_export_reimport(self):
        users = {"alice": "a", "maildir-copy": "b", "mbox-copy": "c"}
        srv = CairnServer(users=users)
        try:
            srv.start()
            tree = os.path.join(srv.tmp, "Maildir")
            make_maildir(tree)
            mbox = os.path.join(srv.tmp, "old.mbox")
            write(mbox, MBOX)
            r = srv.cli("import", "alice", tree)
            self.assertIn("imported 5 message(s)", r.stdout)
            r = srv.cli("import", "alice", mbox, "--folder", "Old mail/2026")
            self.assertIn("imported 2 message(s)", r.stdout)
            # Idempotent by content.
            r = srv.cli("import", "alice", tree)
            self.assertIn("imported 0 message(s), 5 already there", r.stdout)
            r = srv.cli("import", "alice", os.path.join(srv.tmp, "nothing-here"), check=False)
            self.assertEqual(r.returncode, 66)
            r = srv.cli("import", "nobody", tree, check=False)
            self.assertEqual(r.returncode, 67)

            m = imap_login(srv, "alice", "a")
            before = account_snapshot(m)
            m.logout()
            boxes, subs = before
            self.assertEqual(len(boxes["INBOX"]), 3)
            self.assertEqual(boxes["INBOX"][2][0], ("$Label1", "Important", "\\Answered", "\\Flagged"))
            self.assertEqual(boxes["INBOX"][0][1], 1700000001)
            self.assertEqual(boxes["Work/Projects"][0][0], ("$Forwarded", "\\Deleted"))
            self.assertEqual(boxes[UNICODE_MUTF7][0][0], ("Gelesen", "\\Seen"))
            self.assertEqual(boxes[UNICODE_MUTF7][0][2], b"Subject: =?utf-8?q?=C3=BC?=\r\n\r\n8bit \xfc\r\n")
            self.assertEqual(boxes["Old mail/2026"][0][0], ("$Label2", "\\Answered", "\\Seen"))
            self.assertEqual(boxes["Old mail/2026"][0][1], 1795683600)  # 09:00 UTC
            self.assertEqual(boxes["Old mail/2026"][0][2], b"Subject: m1\r\n\r\nFrom escaped\r\nbody\r\n")
            self.assertIn("Work/Projects", subs)
            self.assertIn(UNICODE_MUTF7, subs)

            # Started as root, cairn export runs as the data folder's owner:
            # it needs a place that owner may write.
            io = os.path.join(srv.tmp, "io")
            os.mkdir(io)
            os.chmod(io, 0o777)
            for fmt, user in (("maildir", "maildir-copy"), ("mbox", "mbox-copy")):
                out = os.path.join(io, "export-" + fmt)
                r = srv.cli("export", "alice", out, "--format", fmt)
                self.assertIn("exported 7 message(s)", r.stdout)
                r = srv.cli("export", "alice", out, "--format", fmt, check=False)
                self.assertEqual(r.returncode, 73)  # not an empty folder
                r = srv.cli("import", user, out)
                self.assertIn("imported 7 message(s)", r.stdout)
                self.assertNotIn("skipped", r.stdout)
                m = imap_login(srv, user, users[user])
                after = account_snapshot(m)
                m.logout()
                self.assertEqual(after, before, fmt)
            # The Maildir export is laid out as Dovecot does.
            exp = os.path.join(io, "export-maildir")
            self.assertTrue(os.path.isdir(os.path.join(exp, ".Work.Projects", "cur")))
            self.assertTrue(os.path.isdir(os.path.join(exp, "." + UNICODE_MUTF7, "cur")))
            self.assertTrue(os.path.exists(os.path.join(exp, ".Work.Projects", "maildirfolder")))
            with open(os.path.join(exp, "subscriptions")) as f:
                self.assertTrue(f.read().startswith("V\t2\n\n"))
        finally:
            stop_checked(self, srv)

    def test_mboxo_and_mboxrd(self):
        srv = CairnServer(users={"alice": "a"})
        try:
            srv.start()
            mbox = os.path.join(srv.tmp, "o.mbox")
            write(mbox, b"From x Thu Nov 26 10:00:00 2026\nSubject: o\n\n>From one\n>>From two\n\n")
            srv.cli("import", "alice", mbox, "--folder", "rd")
            srv.cli("import", "alice", mbox, "--folder", "o", "--mboxo")
            m = imap_login(srv, "alice", "a")
            bodies = {}
            for box in ("rd", "o"):
                m.select(box, readonly=True)
                typ, data = m.fetch("1", "(BODY.PEEK[TEXT])")
                bodies[box] = data[0][1]
            m.logout()
            self.assertEqual(bodies["rd"], b"From one\r\n>From two\r\n")
            self.assertEqual(bodies["o"], b"From one\r\n>>From two\r\n")
        finally:
            stop_checked(self, srv)

    def run_on_terminal(self, srv, *args):
        """Runs `cairn ARGS` with standard error on a pseudo-terminal (as a
        person at a shell would); returns (exit code, what it wrote there)."""
        import pty
        import select
        master, slave = pty.openpty()
        try:
            p = subprocess.Popen([srv.binary, *args, "--data", srv.data_dir, "--config", srv.config_path],
                                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave)
            os.close(slave)
            slave = None
            out = b""
            deadline = time.time() + 60
            while time.time() < deadline:
                ready, _, _ = select.select([master], [], [], 0.2)
                if ready:
                    try:
                        chunk = os.read(master, 65536)
                    except OSError:  # EIO: the child closed its end
                        break
                    if not chunk:
                        break
                    out += chunk
                elif p.poll() is not None:
                    break
            return p.wait(timeout=60), out
        finally:
            os.close(master)
            if slave is not None:
                os.close(slave)

    def test_import_progress_on_a_terminal(self):
        # Issue 10: "progress on a terminal": a line rewritten in place
        # (\r) naming the mailbox and how far it is, cleared at the end;
        # nothing of it with --quiet or when standard error is not a terminal.
        srv = CairnServer(users={"alice": "a"})
        try:
            srv.start()
            mbox = os.path.join(srv.tmp, "p.mbox")
            write(mbox, b"".join(b"From x Thu Nov 26 10:00:00 2026\nSubject: %d\n\nb\n\n" % i
                                 for i in range(20)))
            code, out = self.run_on_terminal(srv, "import", "alice", mbox, "--folder", "Progress")
            self.assertEqual(code, 0, out)
            self.assertIn(b"\r  Progress  100%", out)
            self.assertIn(b"\r" + b" " * 79 + b"\r", out)  # cleared before the report
            code, out = self.run_on_terminal(srv, "import", "alice", mbox, "--folder", "Quiet", "--quiet")
            self.assertEqual(code, 0, out)
            self.assertNotIn(b"\r ", out)
            r = subprocess.run([srv.binary, "import", "alice", mbox, "--folder", "Piped", "--data", srv.data_dir,
                                "--config", srv.config_path], capture_output=True, timeout=60)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertNotIn(b"\r", r.stderr)
            m = imap_login(srv, "alice", "a")
            for box in ("Progress", "Quiet", "Piped"):
                typ, data = m.status(box, "(MESSAGES)")
                self.assertEqual(typ, "OK")
                self.assertIn(b"MESSAGES 20", data[0])
            m.logout()
        finally:
            stop_checked(self, srv)

    def test_import_over_quota_stops(self):
        srv = CairnServer(users={"alice": "a"}, config="[quota]\nmessages = 2\n")
        try:
            srv.start()
            mbox = os.path.join(srv.tmp, "three.mbox")
            write(mbox, b"".join(b"From x Thu Nov 26 10:00:00 2026\nSubject: %d\n\nb\n\n" % i for i in range(3)))
            r = srv.cli("import", "alice", mbox, check=False)
            self.assertEqual(r.returncode, 73, r.stderr)
            self.assertIn("over its quota", r.stderr)
            r = srv.cli("user", "quota", "alice")
            self.assertIn("messages: 0 of 2 (default)", r.stdout)
            r = srv.cli("user", "quota", "alice", "--messages", "5", "--storage", "1M")
            self.assertIn("messages: 0 of 5", r.stdout)
            self.assertIn("storage:  0 B of 1.0 MiB", r.stdout)
            r = srv.cli("import", "alice", mbox)
            self.assertIn("imported 3 message(s)", r.stdout)
            r = srv.cli("user", "quota", "alice", "--messages", "default", "--storage", "unlimited")
            self.assertIn("messages: 3 of 2 (default)", r.stdout)
            self.assertIn("of unlimited\n", r.stdout)
            r = srv.cli("user", "quota", "alice", "--messages", "lots", check=False)
            self.assertEqual(r.returncode, 64)
        finally:
            stop_checked(self, srv)


if __name__ == "__main__":
    unittest.main()
