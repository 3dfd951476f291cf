"""A full disk (issue 11): the data folder on a small tmpfs, filled by IMAP
APPENDs until the server answers NO. Then:

  - the refusal is NO [OVERQUOTA] (RFC 5530: "the user is over quota" is
    the nearest code for no room), never OK, BAD or a dropped connection;
  - every message answered OK before is there, byte for byte;
  - reading still works (FETCH, SELECT) and the server is alive;
  - once there is room again (a reserve file is removed), APPEND works;
  - after a restart every acknowledged message is still there, and
    `cairn check` (after --repair of what the refused APPENDs left) is
    clean, integrity_check included.

Needs root to mount a tmpfs; skipped otherwise.
"""
import os
import re
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cairnlib import CairnServer  # noqa: E402
import imapwire  # noqa: E402

SIZE = "8m"


def message(i):
    body = ("line %d of message %d, filling the disk\r\n" % (0, i)) * 1
    fill = "".join("%08d-%s\r\n" % (k, "abcdefghijklmnopqrstuvwxyz" * 3) for k in range(300 + i % 50))
    return ("Message-ID: <full-%d@disk.test>\r\nSubject: %d\r\n\r\n%s%s" % (i, i, body, fill)).encode()


class FullDisk(unittest.TestCase):
    def setUp(self):
        if os.geteuid() != 0:
            self.skipTest("mounting a tmpfs needs root")
        self.mnt = tempfile.mkdtemp(prefix="cairn-fulldisk-")
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%s,mode=0755" % SIZE, "tmpfs", self.mnt],
                           capture_output=True, text=True)
        if r.returncode != 0:
            os.rmdir(self.mnt)
            self.skipTest("cannot mount a tmpfs here: " + r.stderr.strip())
        self.srv = None

    def tearDown(self):
        if self.srv:
            self.srv.cleanup()
        subprocess.run(["umount", self.mnt], capture_output=True)
        os.rmdir(self.mnt)

    def read_all(self, c):
        u, _t = c.ok(b"SELECT INBOX")
        n = int(re.search(rb"\* (\d+) EXISTS", b"".join(u)).group(1))
        found = {}
        if n:
            u, _t = c.ok(b"UID FETCH 1:* (UID BODY.PEEK[])")
            for _seq, items in imapwire.fetch_items(u):
                d = {k: v for k, _r, v, _l in items}
                found[int(d["UID"][1])] = d["BODY[]"]
        return found

    def test_full_disk_answers_no_and_keeps_mail(self):
        self.srv = CairnServer(users={"alice": "secret"}, data_dir=os.path.join(self.mnt, "data"))
        self.srv.start()
        # Room to give back later.
        reserve = os.path.join(self.mnt, "reserve")
        with open(reserve, "wb") as f:
            f.write(b"\0" * (1024 * 1024))
        c = imapwire.Client(imapwire.connect(self.srv.imap_port))
        c.login(b"alice", b"secret")
        acked = {}
        refused = None
        for i in range(2000):  # 8 MB / ~25 KB a message: the disk fills long before
            msg = message(i)
            _u, t = c.command(b"APPEND INBOX \0LIT", [msg])
            m = re.search(rb"^\S+ OK \[APPENDUID \d+ (\d+)\]", t)
            if m:
                acked[int(m.group(1))] = msg
                continue
            refused = t
            break
        self.assertIsNotNone(refused, "the disk never filled")
        self.assertRegex(refused, rb"^\S+ NO \[OVERQUOTA\] ")
        self.assertGreater(len(acked), 10)
        # A second try on the full disk: refused again, the session lives.
        _u, t = c.command(b"APPEND INBOX \0LIT", [message(99999)])
        self.assertRegex(t, rb"^\S+ NO ")
        found = self.read_all(c)
        self.assertEqual(found, acked, "a message answered OK is missing or changed on the full disk")
        # Room again: APPEND works.
        os.unlink(reserve)
        uid = c.append(b"INBOX", message(100000))
        acked[uid] = message(100000)
        c.logout()
        self.assertIn("event=", self.srv.log())
        problem = self.srv.log_problems()
        self.assertIsNone(problem, problem)
        # A restart keeps everything; check repairs what the refusals left.
        self.srv.restart()
        c = imapwire.Client(imapwire.connect(self.srv.imap_port))
        c.login(b"alice", b"secret")
        self.assertEqual(self.read_all(c), acked)
        c.logout()
        self.assertEqual(self.srv.stop(), 0)
        check = [self.srv.binary, "check", "--data", self.srv.data_dir, "--config", self.srv.config_path,
                 "--orphan-age-seconds-for-tests", "0"]
        subprocess.run(check + ["--repair"], capture_output=True, text=True, timeout=120)
        r = subprocess.run(check, capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)


if __name__ == "__main__":
    unittest.main()
