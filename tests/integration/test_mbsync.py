"""mbsync (Debian isync), a real client, against Cairn (issue 7): a Maildir
of 200 messages pushed to Cairn over TLS, changes made on both sides (flags,
deletions, new mail), a two-way sync after which both sides hold the same
messages with the same flags (compared by Message-ID), and a third sync
that changes nothing on either side.

mbsync trusts Cairn's self-signed certificate as a host certificate
(CertificateFile), as a user would after checking its fingerprint.
"""
import email
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cairnlib import CairnServer  # noqa: E402
import imapwire  # noqa: E402

# Maildir info letters and the IMAP flags mbsync maps them to.
MAILDIR_FLAGS = {"D": "\\Draft", "F": "\\Flagged", "R": "\\Answered", "S": "\\Seen", "T": "\\Deleted"}
CONFIG = """\
IMAPAccount cairn
Host 127.0.0.1
Port {port}
User alice
Pass secret
SSLType IMAPS
CertificateFile {cert}
SystemCertificates no

IMAPStore far
Account cairn

MaildirStore near
Path {maildir}/
Inbox {maildir}/INBOX
SubFolders Verbatim

Channel both
Far :far:
Near :near:
Patterns INBOX
Create Both
Expunge Both
SyncState *
Sync All
"""


def message(mid, subject):
    return ("From: Sender <sender@example.org>\r\nTo: alice@example.org\r\n"
            "Subject: %s\r\nMessage-ID: <%s@example.org>\r\n"
            "Date: Mon, 06 Jan 2025 10:00:00 +0000\r\n\r\n%s body\r\n" % (subject, mid, subject)).encode()


class Maildir:
    def __init__(self, path):
        self.path = path
        for sub in ("cur", "new", "tmp"):
            os.makedirs(os.path.join(path, sub), exist_ok=True)
        self.n = 0

    def add(self, mid, flags="", new=False):
        self.n += 1
        name = "%d.%d_%d.cairn-test" % (1700000000 + self.n, os.getpid(), self.n)
        if new:
            p = os.path.join(self.path, "new", name)
        else:
            p = os.path.join(self.path, "cur", name + ":2," + "".join(sorted(flags)))
        with open(p, "wb") as f:
            f.write(message(mid, "Subject " + mid).replace(b"\r\n", b"\n"))

    def files(self):
        out = []
        for sub in ("cur", "new"):
            for name in sorted(os.listdir(os.path.join(self.path, sub))):
                out.append(os.path.join(self.path, sub, name))
        return out

    @staticmethod
    def flags_of(path):
        base = os.path.basename(path)
        if ":2," not in base:
            return ""
        return "".join(sorted(c for c in base.split(":2,", 1)[1] if c in MAILDIR_FLAGS))

    def state(self):
        """Message-ID -> sorted IMAP flags."""
        out = {}
        for p in self.files():
            with open(p, "rb") as f:
                mid = email.message_from_binary_file(f)["Message-ID"].strip("<>").split("@")[0]
            assert mid not in out, "duplicate %s in the Maildir" % mid
            out[mid] = tuple(sorted(MAILDIR_FLAGS[c] for c in self.flags_of(p)))
        return out

    def set_flags(self, mid, flags):
        for p in self.files():
            with open(p, "rb") as f:
                if ("<%s@" % mid).encode() not in f.read():
                    continue
            base = os.path.basename(p).split(":2,", 1)[0]
            os.rename(p, os.path.join(self.path, "cur", base + ":2," + "".join(sorted(flags))))
            return
        raise KeyError(mid)

    def delete(self, mid):
        for p in self.files():
            with open(p, "rb") as f:
                if ("<%s@" % mid).encode() in f.read():
                    os.unlink(p)
                    return
        raise KeyError(mid)


def server_state(c):
    """Message-ID -> sorted flags (without \\Recent), from a fresh EXAMINE."""
    c.ok(b"EXAMINE INBOX")
    un, _ = c.ok(b"FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
    out = {}
    for line in un:
        m = re.search(rb"<([^@>]+)@", line)
        f = re.search(rb"FLAGS \(([^)]*)\)", line)
        if not (m and f):
            continue
        mid = m.group(1).decode()
        assert mid not in out, "duplicate %s on the server" % mid
        out[mid] = tuple(sorted(x for x in f.group(1).decode().split() if x != "\\Recent"))
    c.ok(b"UNSELECT")
    return out


class MbsyncTest(unittest.TestCase):
    def setUp(self):
        self.mbsync = shutil.which("mbsync")
        self.assertIsNotNone(self.mbsync, "no mbsync: scripts/install-deps.sh --test installs isync")
        self.srv = CairnServer(users={"alice": "secret"})
        self.srv.start()
        self.addCleanup(self.srv.cleanup)
        self.home = tempfile.mkdtemp(prefix="cairn-mbsync-")
        self.addCleanup(shutil.rmtree, self.home, True)
        self.maildir = os.path.join(self.home, "mail")
        self.config = os.path.join(self.home, "mbsyncrc")
        with open(self.config, "w") as f:
            f.write(CONFIG.format(port=self.srv.imaps_port, maildir=self.maildir,
                                  cert=os.path.join(self.srv.data_dir, "tls-cert.pem")))

    def sync(self, what):
        r = subprocess.run([self.mbsync, "-c", self.config, "-a"], capture_output=True, text=True,
                           timeout=120, env=dict(os.environ, HOME=self.home))
        self.assertEqual(r.returncode, 0, "mbsync (%s) failed:\n%s%s\nserver log:\n%s" % (
            what, r.stdout, r.stderr, "\n".join(self.srv.log().splitlines()[-20:])))
        return r

    def client(self):
        c = imapwire.Client(imapwire.connect(self.srv.imap_port))
        c.login("alice", "secret")
        self.addCleanup(c.sock.close)
        return c

    def test_two_way_sync(self):
        rng = random.Random(7)
        inbox = Maildir(os.path.join(self.maildir, "INBOX"))
        letters = "DFRS"
        for i in range(200):
            inbox.add("m%03d" % i, "".join(x for x in letters if rng.random() < 0.3))
        pushed = inbox.state()
        self.assertEqual(len(pushed), 200)

        # 1. Push to Cairn.
        self.sync("first")
        c = self.client()
        self.assertEqual(server_state(c), pushed)
        # mbsync rewrote the Maildir names with its UIDs; nothing was lost.
        self.assertEqual(inbox.state(), pushed)

        # 2. Changes on both sides, on different messages.
        want = dict(pushed)
        for i in range(0, 20, 2):           # local flag changes
            mid = "m%03d" % i
            inbox.set_flags(mid, "FS")
            want[mid] = ("\\Flagged", "\\Seen")
        for i in range(20, 25):             # local deletions
            inbox.delete("m%03d" % i)
            del want["m%03d" % i]
        for i in range(3):                  # local new mail
            inbox.add("local%d" % i, new=True)
            want["local%d" % i] = ()
        c.ok(b"SELECT INBOX")
        un, _ = c.ok(b"FETCH 1:* (UID BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
        uid_of = {}
        for line in un:
            uid_of[re.search(rb"<([^@>]+)@", line).group(1).decode()] = int(re.search(rb"UID (\d+)", line).group(1))
        for i in range(100, 110):           # server flag changes
            mid = "m%03d" % i
            c.ok(b"UID STORE %d FLAGS (\\Answered $Label1)" % uid_of[mid])
            want[mid] = ("\\Answered",)      # mbsync 1.4 keeps system flags only
        for i in range(110, 115):           # server deletions
            mid = "m%03d" % i
            c.ok(b"UID STORE %d +FLAGS.SILENT (\\Deleted)" % uid_of[mid])
            del want[mid]
        c.ok(b"EXPUNGE")
        for i in range(4):                  # server new mail
            c.append(b"INBOX", message("remote%d" % i, "Remote %d" % i), flags=b"\\Seen")
            want["remote%d" % i] = ("\\Seen",)
        c.ok(b"UNSELECT")

        # 3. Two-way sync: both sides identical.
        self.sync("second")
        local = inbox.state()
        remote = server_state(c)
        remote_system = {k: tuple(f for f in v if f.startswith("\\")) for k, v in remote.items()}
        self.assertEqual(local, remote_system, "the two sides differ after the two-way sync")
        self.assertEqual(local, want)
        for i in range(100, 110):  # the keyword stayed on the server
            self.assertIn("$Label1", remote["m%03d" % i])

        # 4. A third sync changes nothing on either side.
        files_before = sorted(os.path.relpath(p, inbox.path) for p in inbox.files())
        st = c.ok(b"STATUS INBOX (MESSAGES UIDNEXT HIGHESTMODSEQ)")[0]
        self.sync("third")
        files_after = sorted(os.path.relpath(p, inbox.path) for p in inbox.files())
        self.assertEqual(files_after, files_before, "the third sync changed the Maildir")
        self.assertEqual(c.ok(b"STATUS INBOX (MESSAGES UIDNEXT HIGHESTMODSEQ)")[0], st,
                         "the third sync changed the server")
        self.assertEqual(server_state(c), remote)
        out = self.srv.cli("check").stdout
        self.assertRegex(out, r": clean\s*$", out)


if __name__ == "__main__":
    unittest.main()
