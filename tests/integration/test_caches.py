"""The store's in-memory caches (store.sort_cache_messages,
store.flags_cache_messages; docs/sort.md, docs/configuration.md), through a
real server and another process writing:

  - SORT, THREAD, SELECT and FETCH (UID FLAGS) give the same bytes as a
    server with both caches off, on the same mail, before and after
    `cairn deliver` (another process) adds a message and another session
    changes flags and expunges;
  - the keys are read as limits: out-of-range values are refused at start
    with the key's name.
"""
import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cairnlib import CairnServer  # noqa: E402
import imapwire  # noqa: E402

SUBJECTS = [b"Plans", b"Re: Plans", b"=?UTF-8?Q?=C3=89t=C3=A9?=", b"Fwd: [list] plans", b"", b"hello"]
SENDERS = [b"Ann <ann@example.org>", b"bob@example.com", b"\"Zed\" <zed@example.net>"]


def message(n):
    refs = b"References: <m%d@example.org>\r\n" % (n // 2) if n > 1 and n % 3 else b""
    return (b"From: " + SENDERS[n % len(SENDERS)] + b"\r\nTo: " + SENDERS[(n * 7) % len(SENDERS)] +
            b"\r\nSubject: " + SUBJECTS[n % len(SUBJECTS)] + b"\r\nMessage-ID: <m%d@example.org>\r\n" % n +
            refs + b"Date: %d Mar 2026 10:00:00 +0000\r\n\r\nbody %d\r\n" % (1 + n % 9, n))


COMMANDS = [
    b"UID SORT (SUBJECT) UTF-8 ALL",
    b"UID SORT (REVERSE DATE FROM) UTF-8 ALL",
    b"SORT (DISPLAYFROM SIZE) UTF-8 UNSEEN",
    # (Not ARRIVAL: the two servers receive the mail in different seconds.)
    b"UID SORT RETURN (PARTIAL 1:5 COUNT) (REVERSE SIZE) UTF-8 ALL",
    b"UID THREAD REFERENCES UTF-8 ALL",
    b"THREAD ORDEREDSUBJECT UTF-8 ALL",
    b"FETCH 1:* (UID FLAGS)",
]


class Caches(unittest.TestCase):
    def start(self, config):
        srv = CairnServer(users={"alice": "secret"}, config=config)
        srv.start()
        self.addCleanup(srv.cleanup)
        return srv

    def login(self, srv):
        c = imapwire.Client(imapwire.connect(srv.imap_port, timeout=30))
        self.addCleanup(c.sock.close)
        c.login("alice", "secret")
        return c

    def deliver(self, srv, n):
        r = subprocess.run([srv.binary, "deliver", "alice", "--data", srv.data_dir, "--config", srv.config_path],
                           input=message(n), capture_output=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)

    def answers(self, c):
        out = []
        un, _ = c.ok(b"SELECT INBOX")
        # The SELECT answer without what differs between two servers.
        out.append([l for l in un if not re.search(rb"UIDVALIDITY|HIGHESTMODSEQ|PERMANENTFLAGS", l)])
        for cmd in COMMANDS:
            un, _ = c.ok(cmd)
            out.append(un)
        return out

    def test_same_answers_as_without_caches(self):
        servers = [self.start(""), self.start("[store]\nsort_cache_messages = 0\nflags_cache_messages = 0\n")]
        sessions = []
        for srv in servers:
            c = self.login(srv)
            for n in range(1, 31):
                c.append(b"INBOX", message(n))
            sessions.append(c)
        cached, plain = [self.answers(c) for c in sessions]
        self.assertEqual(cached, plain)
        self.assertEqual(len([l for l in cached[-1] if b" FETCH " in l]), 30)
        # Another process delivers; another session changes flags and expunges.
        for srv in servers:
            self.deliver(srv, 31)
            self.deliver(srv, 32)
            other = self.login(srv)
            other.ok(b"SELECT INBOX")
            other.ok(b"STORE 2:4 +FLAGS (\\Seen $Work)")
            other.ok(b"STORE 5,9 +FLAGS (\\Deleted)")
            other.ok(b"EXPUNGE")
            other.logout()
        for c in sessions:
            c.ok(b"CLOSE")
        cached, plain = [self.answers(c) for c in sessions]
        self.assertEqual(cached, plain)
        fetched = [l for l in cached[-1] if b" FETCH " in l]
        self.assertEqual(len(fetched), 30)  # 30 + 2 delivered - 2 expunged
        self.assertTrue(any(b"$Work" in l for l in fetched))
        sorted_uids = cached[1][0].split()[2:]
        self.assertIn(b"31", sorted_uids)
        self.assertNotIn(b"5", sorted_uids)

    def test_keys_are_checked(self):
        for key in ("sort_cache_messages", "flags_cache_messages"):
            srv = CairnServer(users={}, config="[store]\n%s = -1\n" % key)
            self.addCleanup(srv.cleanup)
            r = subprocess.run([srv.binary, "serve", "--data", srv.data_dir, "--config", srv._write_config()],
                               capture_output=True, timeout=30)
            self.assertNotEqual(r.returncode, 0)
            self.assertIn(("store." + key).encode(), r.stderr)


if __name__ == "__main__":
    unittest.main()
