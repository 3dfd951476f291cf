"""`cairn backup [--data DIR] DEST` while the server runs and clients write
(issue 11): the copy is a data folder a server starts on, `cairn check
--deep` finds it clean, and each mailbox in it is exactly the state after
some prefix of the commands its writer had acknowledged (never a part of a
command, never a message missing its data); everything acknowledged before
the backup started is in it, byte for byte. Blobs are hard links when DEST
is on the data folder's file system and copies otherwise (a tmpfs; that
part needs root to mount one and is skipped without).
"""
import os
import random
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cairnlib import CairnServer  # noqa: E402
import imapwire  # noqa: E402

PASSWORD = "secret"
# Writers: (account, mailbox); each appends messages and now and then
# expunges its oldest one, in sequence, so that its mailbox after k
# acknowledged commands is known exactly.
WRITERS = [("alice", "W1"), ("alice", "W2"), ("bob", "W3")]
MAX_OPS = 400


def message(tag, rng):
    body = "".join(rng.choice("abcdefghij \r\n") for _ in range(rng.randrange(50, 3000)))
    body = body.replace("\r", "").replace("\n", "\r\n")
    return ("Message-ID: <%s@backup.test>\r\nSubject: %s\r\n\r\n%s\r\n" % (tag, tag, body)).encode()


class Writer(threading.Thread):
    def __init__(self, port, account, box, seed):
        super().__init__(daemon=True)
        self.port, self.account, self.box = port, account, box
        self.rng = random.Random(seed)
        self.states = [()]        # mailbox contents (message tags, in UID order) after each acknowledged command
        self.started_at = []      # time each command was sent
        self.acked_at = []        # time each command was acknowledged
        self.bodies = {}
        self.stop = False
        self.error = None

    def run(self):
        try:
            c = imapwire.Client(imapwire.connect(self.port), timeout=60)
            c.login(self.account.encode(), PASSWORD.encode())
            c.ok(b"SELECT " + self.box.encode())
            uids = []
            for i in range(MAX_OPS):
                if self.stop:
                    break
                cur = list(self.states[-1])
                self.started_at.append(time.time())
                if i % 5 == 4 and cur:
                    c.ok(b"UID STORE %d +FLAGS.SILENT (\\Deleted)" % uids[0])
                    c.ok(b"UID EXPUNGE %d" % uids[0])
                    uids.pop(0)
                    cur.pop(0)
                else:
                    tag = "%s-%d" % (self.box, i)
                    msg = message(tag, self.rng)
                    self.bodies[tag] = msg
                    uids.append(c.append(self.box.encode(), msg))
                    cur.append(tag)
                self.states.append(tuple(cur))
                self.acked_at.append(time.time())
            c.logout()
        except Exception as e:  # reported by the test
            self.error = repr(e)


def read_mailbox(port, account, box):
    c = imapwire.Client(imapwire.connect(port), timeout=60)
    c.login(account.encode(), PASSWORD.encode())
    u, _t = c.ok(b"EXAMINE " + box.encode())
    tags, bodies = [], {}
    if int(re.search(rb"\* (\d+) EXISTS", b"".join(u)).group(1)) > 0:
        u, _t = c.ok(b"UID FETCH 1:* (UID BODY.PEEK[])")
        rows = []
        for _seq, items in imapwire.fetch_items(u):
            d = {n: v for n, _r, v, _l in items}
            body = d["BODY[]"]
            m = re.match(rb"Message-ID: <([^@]+)@backup.test>", body)
            uid = int(d["UID"][1])
            rows.append((uid, m.group(1).decode() if m else "other-%d" % uid, body))
        for _uid, tag, body in sorted(rows):
            tags.append(tag)
            bodies[tag] = body
    c.logout()
    return tuple(tags), bodies


class BackupTest(unittest.TestCase):
    def setUp(self):
        self.srv = CairnServer(users={"alice": PASSWORD, "bob": PASSWORD, "carol": PASSWORD})
        self.srv.start()
        self.mounts = []
        for account in ("alice", "bob"):
            c = imapwire.Client(imapwire.connect(self.srv.imap_port))
            c.login(account.encode(), PASSWORD.encode())
            for a, box in WRITERS:
                if a == account:
                    c.ok(b"CREATE " + box.encode())
            # The same message twice: one blob, two rows.
            same = b"Subject: twice\r\n\r\nsame bytes\r\n"
            c.append(b"INBOX", same)
            c.append(b"INBOX", same)
            c.logout()

    def tearDown(self):
        self.srv.cleanup()
        for m in self.mounts:
            subprocess.run(["umount", m], capture_output=True)
            shutil.rmtree(m, ignore_errors=True)

    def backup(self, dest):
        return subprocess.run([self.srv.binary, "backup", "--data", self.srv.data_dir, "--config",
                               self.srv.config_path, dest], capture_output=True, text=True, timeout=600)

    def run_backup_under_writes(self, dest):
        writers = [Writer(self.srv.imap_port, a, b, i) for i, (a, b) in enumerate(WRITERS)]
        for w in writers:
            w.start()
        # Let the writers get going (bounded), then copy while they write.
        end = time.time() + 60
        while time.time() < end and min(len(w.states) for w in writers) < 30:
            time.sleep(0.05)
        started = time.time()
        r = self.backup(dest)
        finished = time.time()
        for w in writers:
            w.stop = True
        for w in writers:
            w.join(timeout=120)
            self.assertFalse(w.is_alive())
            self.assertIsNone(w.error, w.error)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertRegex(r.stdout, r"3 account\(s\)")
        return writers, started, finished, r.stdout

    def verify_copy(self, dest, writers, started, finished):
        # A data folder `cairn check --deep` finds clean ...
        r = subprocess.run([self.srv.binary, "check", "--deep", "--data", dest, "--config", self.srv.config_path],
                           capture_output=True, text=True, timeout=300)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        # ... private ...
        for root, dirs, files in os.walk(dest):
            for d in dirs:
                self.assertEqual(stat.S_IMODE(os.stat(os.path.join(root, d)).st_mode), 0o700, os.path.join(root, d))
            for f in files:
                self.assertEqual(stat.S_IMODE(os.stat(os.path.join(root, f)).st_mode) & 0o077, 0, os.path.join(root, f))
        # ... that a server runs on, with every account's mail.
        copy = CairnServer(data_dir=dest)
        copy.start()
        try:
            for w in writers:
                tags, bodies = read_mailbox(copy.imap_port, w.account, w.box)
                self.assertIn(tags, w.states, "%s in the copy is no state the writer's commands made" % w.box)
                k = w.states.index(tags)
                # Everything acknowledged before the backup started is in it;
                # nothing sent after it finished is.
                acked_before = sum(1 for t in w.acked_at if t < started)
                self.assertGreaterEqual(k, acked_before, "%s: the copy lost acknowledged commands" % w.box)
                sent_after = next((i for i, t in enumerate(w.started_at) if t > finished), len(w.started_at))
                self.assertLessEqual(k, sent_after, "%s: the copy holds commands sent after it finished" % w.box)
                for tag in tags:
                    self.assertEqual(bodies[tag], w.bodies[tag], "%s is not byte for byte in the copy" % tag)
            for account in ("alice", "bob"):
                tags, bodies = read_mailbox(copy.imap_port, account, "INBOX")
                self.assertEqual(len(tags), 2)
                self.assertEqual(set(bodies.values()), {b"Subject: twice\r\n\r\nsame bytes\r\n"})
            c = imapwire.Client(imapwire.connect(copy.imap_port))
            c.login(b"carol", PASSWORD.encode())
            c.logout()
            self.assertIsNone(copy.log_problems())
        finally:
            copy.cleanup()

    def blob_links(self, dest):
        counts = []
        for root, _dirs, files in os.walk(os.path.join(dest, "accounts")):
            if "/blobs/" in root + "/":
                counts.extend(os.stat(os.path.join(root, f)).st_nlink for f in files)
        return counts

    def test_backup_same_file_system(self):
        dest = os.path.join(self.srv.tmp, "copy")
        writers, started, finished, out = self.run_backup_under_writes(dest)
        links = self.blob_links(dest)
        self.assertTrue(links)
        # Hard links: each blob file is also the live folder's (or was,
        # until the writer's expunge collected it there).
        self.assertGreater(sum(1 for n in links if n >= 2), len(links) // 2, out)
        self.verify_copy(dest, writers, started, finished)
        # The live folder is unharmed and the server still serves.
        r = subprocess.run([self.srv.binary, "check", "--data", self.srv.data_dir, "--config", self.srv.config_path],
                           capture_output=True, text=True, timeout=300)
        self.assertEqual(r.returncode, 0, r.stdout)
        # DEST must be new or empty.
        r = self.backup(dest)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("not empty", r.stderr)

    def test_backup_other_file_system(self):
        if os.geteuid() != 0:
            self.skipTest("mounting a tmpfs needs root")
        mnt = tempfile.mkdtemp(prefix="cairn-backup-mnt-")
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256m", "tmpfs", mnt], capture_output=True, text=True)
        if r.returncode != 0:
            self.skipTest("cannot mount a tmpfs here: " + r.stderr)
        self.mounts.append(mnt)
        dest = os.path.join(mnt, "copy")
        writers, started, finished, out = self.run_backup_under_writes(dest)
        links = self.blob_links(dest)
        self.assertTrue(links)
        self.assertEqual(set(links), {1}, "blobs on another file system must be copies")
        self.assertRegex(out, r"\(0 linked, [1-9]\d* copied")
        # No staging folder left behind in the live folder.
        for root, dirs, _files in os.walk(self.srv.data_dir):
            for d in dirs:
                self.assertFalse(d.startswith(".backup-"), os.path.join(root, d))
        self.verify_copy(dest, writers, started, finished)


if __name__ == "__main__":
    unittest.main()
