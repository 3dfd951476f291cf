"""store.keep_open (issue 4): an account stays open after its last session
logs out. What must not change with it, with other processes writing:
  - `cairn deliver` into a kept account while no session has it: the next
    login sees the messages, \\Recent in exactly one session;
  - `cairn user del` of a kept account (another process): the folder goes,
    the login fails, and a user added again under the same name starts
    empty;
  - with keep_open = 0 the same holds (the account closes with its session).
And the lean FETCH (UID FLAGS) of issue 4 answers as the full one: flags
changed by another session, a message expunged by another session that this
one was not told of yet.
"""
import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cairnlib import CairnServer  # noqa: E402
import imapwire  # noqa: E402


def message(n):
    return b"From: a@example.org\r\nSubject: keep %d\r\n\r\nbody %d\r\n" % (n, n)


class KeepOpen(unittest.TestCase):
    config = ""

    def setUp(self):
        self.srv = CairnServer(users={"alice": "secret"}, config=self.config)
        self.srv.start()
        self.addCleanup(self.srv.cleanup)

    def client(self, source="127.0.0.1"):
        c = imapwire.Client(imapwire.connect(self.srv.imap_port, source=source, timeout=30))
        self.addCleanup(c.sock.close)
        return c

    def login(self):
        c = self.client()
        c.login("alice", "secret")
        return c

    def deliver(self, n):
        r = subprocess.run([self.srv.binary, "deliver", "alice", "--data", self.srv.data_dir,
                            "--config", self.srv.config_path], input=message(n), capture_output=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)

    def account_dirs(self):
        d = os.path.join(self.srv.data_dir, "accounts")
        return [x for x in os.listdir(d) if not x.startswith(".")]

    def test_deliver_while_kept_open(self):
        a = self.login()
        a.append(b"INBOX", message(0))
        a.ok(b"SELECT INBOX")
        a.logout()  # the account stays open (keep_open) with no session
        self.deliver(1)
        self.deliver(2)
        b = self.login()
        un, _ = b.ok(b"SELECT INBOX")
        self.assertIn(b"* 3 EXISTS\r\n", un)
        self.assertIn(b"* 2 RECENT\r\n", un)
        c = self.login()
        un, _ = c.ok(b"SELECT INBOX")
        self.assertIn(b"* 3 EXISTS\r\n", un)
        self.assertIn(b"* 0 RECENT\r\n", un)  # \Recent in one session only
        un, _ = b.ok(b"FETCH 1:* (UID FLAGS)")
        flags = [l for l in un if b"FETCH" in l]
        self.assertEqual(len(flags), 3)
        self.assertNotIn(b"\\Recent", flags[0])
        self.assertIn(b"\\Recent", flags[1])
        self.assertIn(b"\\Recent", flags[2])
        un, _ = c.ok(b"FETCH 1:* (FLAGS)")
        self.assertFalse(any(b"\\Recent" in l for l in un))
        un, _ = b.ok(b"FETCH 3 (BODY.PEEK[TEXT])")
        self.assertIn(b"body 2", b"".join(un))

    def test_user_del_of_a_kept_account(self):
        a = self.login()
        a.append(b"INBOX", message(0))
        a.logout()
        self.assertEqual(len(self.account_dirs()), 1)
        r = self.srv.cli("user", "del", "alice", "--yes")
        self.assertIn("deleted alice", r.stdout)
        self.assertEqual(self.account_dirs(), [], "the account folder is left behind")
        c = self.client(source="127.0.0.2")
        _, t = c.command(b"LOGIN alice secret")
        self.assertIn(b" NO ", t)
        # The same name again is a new, empty account.
        self.srv.add_user("alice", "secret")
        b = self.login()
        un, _ = b.ok(b"SELECT INBOX")
        self.assertIn(b"* 0 EXISTS\r\n", un)
        b.append(b"INBOX", message(9))
        un, _ = b.ok(b"FETCH 1 (BODY.PEEK[TEXT])")
        self.assertIn(b"body 9", b"".join(un))
        b.logout()
        self.assertRegex(self.srv.cli("check").stdout, r": clean\s*$")

    def test_lean_fetch_answers_as_the_full_one(self):
        a = self.login()
        for i in range(1, 6):
            a.append(b"INBOX", message(i))
        b = self.login()
        a.ok(b"SELECT INBOX")
        b.ok(b"SELECT INBOX")
        b.ok(b"STORE 2 +FLAGS.SILENT (\\Flagged $Work)")
        b.ok(b"STORE 3 +FLAGS.SILENT (\\Deleted)")
        b.ok(b"EXPUNGE")
        # A has not been told of the expunge yet: a FETCH (no expunge
        # responses during it) still lists message 3 by its old number.
        lean, t1 = a.ok(b"FETCH 1:* (UID FLAGS)")
        full, t2 = a.ok(b"FETCH 1:* (UID FLAGS RFC822.SIZE)")

        def uid_flags(lines):
            out = {}
            for l in lines:
                seq = re.match(rb"\* (\d+) FETCH ", l)
                if not seq:
                    continue
                uid = re.search(rb"UID (\d+)", l)
                fl = re.search(rb"FLAGS \(([^)]*)\)", l)
                out[int(seq.group(1))] = (int(uid.group(1)), set(fl.group(1).split()))
            return out
        self.assertEqual(uid_flags(lean), uid_flags(full))
        self.assertIn(3, uid_flags(lean))
        self.assertEqual(uid_flags(lean)[2][1] - {b"\\Recent"}, {b"\\Flagged", b"$Work"})
        un, _ = a.ok(b"NOOP")
        self.assertIn(b"* 3 EXPUNGE\r\n", un)
        lean, _ = a.ok(b"UID FETCH 1:* (FLAGS)")
        self.assertEqual(sorted(v[0] for v in uid_flags(lean).values()), [1, 2, 4, 5])


class KeepNone(KeepOpen):
    config = "[store]\nkeep_open = 0\n"


if __name__ == "__main__":
    unittest.main()
