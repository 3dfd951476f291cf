#!/usr/bin/env python3
"""FETCH over many messages: the server answers in batches (fetch.cpp,
fetch_batch = 256), so a FETCH 1:* of a large mailbox never holds the whole
mailbox's metadata and structures. These checks cross batch boundaries:

  - every message is answered once, in sequence order, with its own data;
  - NO [UNKNOWN-CTE] for a message in the last batch still comes before any
    FETCH response and changes nothing (RFC 3516 section 4.2);
  - \\Seen set by a body fetch is reported for every message of every batch,
    and only for those.

    python3 tests/integration/test_fetch_batches.py [-v]
"""
import os
import re
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from cairnlib import CairnServer  # noqa: E402
from imapwire import Client, connect, fetch_items  # noqa: E402

COUNT = 600
BAD = 550  # the message whose part 2 is in an unknown transfer encoding


def message(k):
    if k == BAD:
        return (b"Subject: m%d\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                b"--b\r\nContent-Type: text/plain\r\n\r\nbody %d\r\n"
                b"--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: x-rot13\r\n\r\nobql\r\n--b--\r\n"
                % (k, k))
    return b"Subject: m%d\r\nContent-Type: text/plain\r\n\r\nbody %d\r\n" % (k, k)


class FetchBatches(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = CairnServer(users={"many": "many-pw"})
        cls.srv.start()
        c = Client(connect(cls.srv.imap_port))
        c.login("many", "many-pw")
        # MULTIAPPEND (RFC 3502): one command, one commit.
        msgs = [message(k) for k in range(1, COUNT + 1)]
        c.ok(b"APPEND INBOX" + b" \0LIT" * COUNT, msgs)
        c.logout()

    @classmethod
    def tearDownClass(cls):
        code = cls.srv.stop()
        log = cls.srv.log()
        cls.srv.cleanup()
        if code != 0:
            raise AssertionError("server exited with %s\n%s" % (code, log[-3000:]))

    def session(self):
        c = Client(connect(self.srv.imap_port))
        c.login("many", "many-pw")
        c.ok(b"SELECT INBOX")
        return c

    def flags(self, c):
        untagged, _ = c.ok(b"FETCH 1:* FLAGS")
        out = {}
        for seq, items in fetch_items(untagged):
            out[seq] = [f[1] for f in dict((n, v) for n, _r, v, _l in items)["FLAGS"]]
        self.assertEqual(sorted(out), list(range(1, COUNT + 1)))
        return out

    def test_1_every_message_once_in_order(self):
        c = self.session()
        untagged, _ = c.ok(b"FETCH 1:* (UID RFC822.SIZE BODY.PEEK[HEADER.FIELDS (SUBJECT)] ENVELOPE)")
        got = fetch_items(untagged)
        self.assertEqual([seq for seq, _ in got], list(range(1, COUNT + 1)))
        for seq, items in got:
            d = {n: v for n, _r, v, _l in items}
            self.assertEqual(d["UID"], ("atom", b"%d" % seq))
            self.assertEqual(d["RFC822.SIZE"], ("atom", b"%d" % len(message(seq))))
            self.assertEqual(d["BODY[HEADER.FIELDS (SUBJECT)]"], b"Subject: m%d\r\n\r\n" % seq)
            self.assertEqual(d["ENVELOPE"][1], b"m%d" % seq)
        # UID FETCH of a range that spans batches, with holes.
        untagged, _ = c.ok(b"UID FETCH 2:3,255:258,511:513,599:* (UID)")
        self.assertEqual([s for s, _ in fetch_items(untagged)], [2, 3, 255, 256, 257, 258, 511, 512, 513, 599, 600])
        c.logout()

    def test_2_unknown_cte_in_the_last_batch_fails_first(self):
        c = self.session()
        untagged, tagged = c.command(b"FETCH 1:* (BODY[TEXT] BINARY[2])")
        self.assertRegex(tagged, rb"^t\d+ NO \[UNKNOWN-CTE\] ")
        self.assertEqual([u for u in untagged if re.match(rb"\* \d+ FETCH", u)], [],
                         "FETCH responses sent before the NO")
        self.assertTrue(all(b"\\Seen" not in f for f in self.flags(c).values()),
                        "a FETCH refused with NO set \\Seen")
        # BINARY.SIZE of part 1 is fine everywhere (part 1 exists and decodes).
        untagged, _ = c.ok(b"FETCH 1:* BINARY.SIZE[1]")
        self.assertEqual(len(fetch_items(untagged)), COUNT)
        c.logout()

    def test_3_seen_in_every_batch(self):
        c = self.session()
        untagged, _ = c.ok(b"FETCH 200:* BODY[TEXT]")
        got = fetch_items(untagged)
        self.assertEqual([s for s, _ in got], list(range(200, COUNT + 1)))
        for seq, items in got:
            d = {n: v for n, _r, v, _l in items}
            self.assertIn(("atom", b"\\Seen"), d["FLAGS"], "message %d" % seq)
            if seq != BAD:
                self.assertEqual(d["BODY[TEXT]"], b"body %d\r\n" % seq)
        flags = self.flags(c)
        for seq in range(1, COUNT + 1):
            self.assertEqual(b"\\Seen" in flags[seq], seq >= 200, "message %d" % seq)
        c.logout()


if __name__ == "__main__":
    unittest.main()
