#!/usr/bin/env python3
"""Crash test (DESIGN.md "Durability"): several clients APPEND in a loop;
the server is killed with SIGKILL at a random moment (after a seeded random
number of acknowledged APPENDs, while others are in flight) and restarted on
the same data. Then:

  - every message answered OK is there, byte for byte, under the UID its
    APPENDUID named (checked by FETCH BODY.PEEK[] and its Message-ID);
  - a message whose APPEND got no answer is there whole or not at all,
    never in part, never twice;
  - nothing else is there;
  - UIDs are never reused: APPENDs after the restart get UIDs above every
    UID seen before, and UIDVALIDITY does not change.

    CAIRN_CRASH_KILLS=5 (default; the long tier uses more)
    CAIRN_CRASH_SEED=1  (the seed for sizes, contents and kill moments)
    python3 tests/integration/test_crash.py [-v]
"""
import imaplib
import os
import random
import re
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cairnlib import CairnServer  # noqa: E402

KILLS = int(os.environ.get("CAIRN_CRASH_KILLS", "5"))
SEED = int(os.environ.get("CAIRN_CRASH_SEED", "1"))
# Each client appends at most this many messages per round, and a round
# waits at most this long for the kill point: every loop is bounded.
MAX_APPENDS_PER_CLIENT = 400
ROUND_DEADLINE = 60.0

# (account, mailbox) of each client; two clients share alice's INBOX so
# that their APPENDs share commits.
CLIENTS = [("alice", "INBOX"), ("alice", "INBOX"), ("alice", "Work"), ("bob", "INBOX")]
PASSWORD = "secret"


def make_message(rng, tag):
    """A CRLF message with a unique Message-ID, 200 bytes to 48 KB."""
    lines = ["Message-ID: <%s@crash.test>" % tag, "Subject: crash test %s" % tag, "X-Fill: %d" % rng.randrange(10**9), ""]
    target = rng.choice([200, 2000, 20000, 48000])
    body = []
    size = 0
    while size < target:
        line = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789 .,;:!?") for _ in range(rng.randrange(1, 78)))
        body.append(line)
        size += len(line) + 2
    return ("\r\n".join(lines + body) + "\r\n").encode()


class Client(threading.Thread):
    def __init__(self, test, index, port, rng, round_no, on_ack):
        super().__init__(daemon=True)
        self.test, self.index, self.port, self.rng = test, index, port, rng
        self.account, self.mailbox = CLIENTS[index]
        self.round_no = round_no
        self.on_ack = on_ack
        self.acked = []      # (tag, uid, bytes)
        self.in_flight = None  # (tag, bytes) sent without an answer
        self.uidvalidity = None
        self.error = None
        self.stop = False

    def run(self):
        try:
            c = imaplib.IMAP4("127.0.0.1", self.port, timeout=30)
            c.login(self.account, PASSWORD)
        except (OSError, imaplib.IMAP4.error) as e:
            self.error = "login: %r" % e
            return
        for seq in range(MAX_APPENDS_PER_CLIENT):
            if self.stop:
                break
            tag = "r%d-c%d-m%d" % (self.round_no, self.index, seq)
            msg = make_message(self.rng, tag)
            self.in_flight = (tag, msg)
            try:
                typ, data = c.append(self.mailbox, None, None, msg)
            except (OSError, imaplib.IMAP4.abort, imaplib.IMAP4.error):
                return  # the server went away: this one's fate is unknown
            if typ != "OK":
                self.error = "APPEND %s: %s %r" % (tag, typ, data)
                self.in_flight = None
                return
            m = re.search(rb"\[APPENDUID (\d+) (\d+)\]", data[0])
            if not m:
                self.error = "APPEND %s: no APPENDUID in %r" % (tag, data)
                return
            self.in_flight = None
            self.uidvalidity = int(m.group(1))
            self.acked.append((tag, int(m.group(2)), msg))
            self.on_ack()
        try:
            c.logout()
        except (OSError, imaplib.IMAP4.error):
            pass


def fetch_all(port, account, mailbox):
    """{message-id tag: (uid, bytes)} and the mailbox's UIDVALIDITY/UIDNEXT."""
    c = imaplib.IMAP4("127.0.0.1", port, timeout=30)
    c.login(account, PASSWORD)
    typ, data = c.select(mailbox, readonly=True)
    assert typ == "OK", data
    uidvalidity = int(c.untagged_responses["UIDVALIDITY"][-1])
    uidnext = int(c.untagged_responses["UIDNEXT"][-1])
    found = {}
    if int(data[0]) > 0:
        typ, data = c.fetch("1:*", "(UID RFC822.SIZE BODY.PEEK[])")
        assert typ == "OK", data
        for item in data:
            if not isinstance(item, tuple):
                continue
            head, body = item
            uid = int(re.search(rb"UID (\d+)", head).group(1))
            size = int(re.search(rb"RFC822.SIZE (\d+)", head).group(1))
            assert size == len(body), (head, len(body))
            m = re.match(rb"Message-ID: <([^@>]+)@crash.test>\r\n", body)
            assert m, "a message that nobody sent: %r" % body[:200]
            tag = m.group(1).decode()
            assert tag not in found, "message %s is there twice (UIDs %d and %d)" % (tag, found[tag][0], uid)
            found[tag] = (uid, body)
    c.logout()
    return found, uidvalidity, uidnext


class CrashTest(unittest.TestCase):
    def test_kill_while_appending(self):
        rng = random.Random(SEED)
        srv = CairnServer(users={"alice": PASSWORD, "bob": PASSWORD})
        srv.start()
        try:
            c = imaplib.IMAP4("127.0.0.1", srv.imap_port, timeout=30)
            c.login("alice", PASSWORD)
            c.create("Work")
            c.logout()
            boxes = sorted(set(CLIENTS))
            expected = {b: {} for b in boxes}   # tag -> (uid, bytes): must be there
            max_uid = {b: 0 for b in boxes}     # the highest UID seen so far
            uidvalidity = {}
            for round_no in range(KILLS + 1):
                last = round_no == KILLS
                acks = [0]
                cond = threading.Condition()

                def on_ack():
                    with cond:
                        acks[0] += 1
                        cond.notify_all()

                clients = [Client(self, i, srv.imap_port, random.Random(rng.randrange(2**32)), round_no, on_ack)
                           for i in range(len(CLIENTS))]
                kill_after = rng.randrange(8, 60)
                for cl in clients:
                    cl.start()
                deadline = time.time() + ROUND_DEADLINE
                with cond:
                    while acks[0] < kill_after and time.time() < deadline and any(cl.is_alive() for cl in clients):
                        cond.wait(timeout=1.0)
                if last:
                    for cl in clients:
                        cl.stop = True
                else:
                    srv.kill()
                for cl in clients:
                    cl.join(timeout=ROUND_DEADLINE)
                    self.assertFalse(cl.is_alive(), "a client did not finish")
                    self.assertIsNone(cl.error, cl.error)
                self.assertGreaterEqual(acks[0], kill_after if not last else 1,
                                        "too few APPENDs before the deadline")
                problem = srv.log_problems()
                self.assertIsNone(problem, problem)
                if not last:
                    srv.users = {}
                    srv.start()
                # Check every mailbox against what its clients were told.
                for box in boxes:
                    mine = [cl for cl in clients if CLIENTS[cl.index] == box]
                    for cl in mine:
                        for tag, uid, msg in cl.acked:
                            # UIDs are new: above every UID seen before.
                            self.assertGreater(uid, max_uid[box], "UID %d reused in %s (%s)" % (uid, box, tag))
                            expected[box][tag] = (uid, msg)
                            if cl.uidvalidity is not None:
                                self.assertEqual(uidvalidity.setdefault(box, cl.uidvalidity), cl.uidvalidity)
                    in_flight = {cl.in_flight[0]: cl.in_flight[1] for cl in mine if cl.in_flight}
                    found, uv, uidnext = fetch_all(srv.imap_port, *box)
                    self.assertEqual(uidvalidity.setdefault(box, uv), uv, "UIDVALIDITY of %s changed" % (box,))
                    for tag, (uid, msg) in expected[box].items():
                        self.assertIn(tag, found, "acknowledged message %s lost from %s" % (tag, box))
                        self.assertEqual(found[tag][0], uid, "message %s changed UID" % tag)
                        self.assertEqual(found[tag][1], msg, "message %s is not byte for byte" % tag)
                    for tag, (uid, body) in found.items():
                        if tag in expected[box]:
                            continue
                        # Not acknowledged: it must be an in-flight APPEND,
                        # whole; from now on it is expected to stay.
                        self.assertIn(tag, in_flight, "unexpected message %s in %s" % (tag, box))
                        self.assertEqual(body, in_flight[tag], "in-flight message %s is only partly there" % tag)
                        expected[box][tag] = (uid, body)
                    self.assertEqual(set(found), set(expected[box]))
                    if os.environ.get("CAIRN_CRASH_VERBOSE"):
                        print("round %d %s: %d messages, %d acknowledged now, %d in flight, %d of them kept"
                              % (round_no, "/".join(box), len(found), sum(len(cl.acked) for cl in mine),
                                 len(in_flight), len(set(in_flight) & set(found))), file=sys.stderr)
                    seen = max([max_uid[box]] + [u for u, _ in found.values()])
                    self.assertGreater(uidnext, seen)
                    max_uid[box] = seen
            code = srv.stop()
            self.assertEqual(code, 0)
        finally:
            srv.cleanup()


if __name__ == "__main__":
    unittest.main()
