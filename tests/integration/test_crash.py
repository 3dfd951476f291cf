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

A second test (CrashOpsTest) does the same with every changing command:
APPEND, UID COPY, UID MOVE, UID STORE and UID EXPUNGE, each client on
mailboxes of its own so that its model of them is exact. After each kill,
before the restart:

  - `cairn check` (its PRAGMA integrity_check of every database), then the
    same check again after `--repair` with the orphan age at 0 (the test
    hook: the server is known to be down): what the kill left (blobs
    written but never committed, temporary files) is found and removed,
    and the folder is clean, to `cairn check --deep` too (every message's
    checksum, and the full-text index matches every message's text);
  - PRAGMA integrity_check, run here as well (as the data folder's owner);

and after the restart, for each client, the mailboxes are exactly what
its acknowledged commands made them, or that plus the whole of the one
command in flight (never a part of it): every message APPENDed or COPYd
with OK is there byte for byte, no STORE or EXPUNGE answered OK is undone,
and UIDs never go backwards or repeat. CAIRN_CRASH_REPORT=FILE appends the
figures (kills, commands, orphans repaired).
"""
import imaplib
import os
import random
import re
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cairnlib import CairnServer  # noqa: E402
import imapwire  # noqa: E402

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



# -- Every changing command ---------------------------------------------------

# (account, client number); client i owns mailboxes "Ci-a" and "Ci-b".
OPS_CLIENTS = [("alice", 0), ("alice", 1), ("alice", 2), ("bob", 3)]
MAX_OPS_PER_CLIENT = 600
OUR_FLAGS = ("\\Flagged", "\\Deleted", "$Crash1", "$Crash2")


def parse_set(text):
    out = []
    for part in text.split(","):
        if ":" in part:
            a, b = (int(x) for x in part.split(":"))
            out.extend(range(min(a, b), max(a, b) + 1))
        else:
            out.append(int(part))
    return out


def uid_set(uids):
    return ",".join(str(u) for u in sorted(uids)).encode()


def flag_list(flags):
    return b"(" + " ".join(sorted(flags)).encode() + b")"


class OpsClient(threading.Thread):
    """Runs random commands on its two mailboxes and keeps an exact model
    of them: `boxes` as acknowledged, `pending` the command in flight."""

    def __init__(self, index, account, port, rng, round_no, model, on_ack):
        super().__init__(daemon=True)
        self.index, self.account, self.port, self.rng = index, account, port, rng
        self.round_no = round_no
        self.model = model          # shared across rounds: {"boxes", "maxuid", "uidvalidity", "bodies"}
        self.on_ack = on_ack
        self.pending = None
        self.error = None
        self.stop = False
        self.done = 0

    def box(self, k):
        return "C%d-%s" % (self.index, k)

    def new_uid(self, box, uid, what):
        if uid <= self.model["maxuid"][box]:
            self.error = "%s: UID %d in %s is not above %d" % (what, uid, box, self.model["maxuid"][box])
            return False
        self.model["maxuid"][box] = uid
        return True

    def check_uidvalidity(self, box, v):
        have = self.model["uidvalidity"].setdefault(box, v)
        if have != v:
            self.error = "UIDVALIDITY of %s changed from %d to %d" % (box, have, v)
            return False
        return True

    def run(self):
        try:
            c = imapwire.Client(imapwire.connect(self.port), timeout=30)
            c.login(self.account.encode(), PASSWORD.encode())
        except (OSError, EOFError, imapwire.ProtocolError) as e:
            self.error = "login: %r" % e
            return
        boxes = self.model["boxes"]
        selected = [None]

        def select(box):
            if selected[0] != box:
                c.ok(b"SELECT " + box.encode())
                selected[0] = box

        for seq in range(MAX_OPS_PER_CLIENT):
            if self.stop or self.error:
                break
            rng = self.rng
            a, b = self.box("a"), self.box("b")
            r = rng.random()
            try:
                if r < 0.35 or not boxes[a]:
                    dst = a if rng.random() < 0.8 else b
                    mid = "o%d-c%d-m%d" % (self.round_no, self.index, seq)
                    body = make_message(rng, mid)
                    self.model["bodies"][mid] = body
                    flags = frozenset(f for f in ("\\Flagged", "$Crash1") if rng.random() < 0.3)
                    self.pending = ("append", dst, mid, flags)
                    _u, t = c.command(b"APPEND " + dst.encode() + b" " + flag_list(flags) + b" \0LIT", [body])
                    m = re.search(rb"^\S+ OK \[APPENDUID (\d+) (\d+)\]", t)
                    if not m:
                        self.error = "APPEND: %r" % t
                        break
                    if not (self.check_uidvalidity(dst, int(m.group(1))) and
                            self.new_uid(dst, int(m.group(2)), "APPEND")):
                        break
                    boxes[dst][int(m.group(2))] = (mid, flags)
                else:
                    src = a if (rng.random() < 0.7 or not boxes[b]) else b
                    dst = b if src == a else a
                    uids = rng.sample(sorted(boxes[src]), min(len(boxes[src]), rng.randrange(1, 4)))
                    select(src)
                    if r < 0.52:
                        kind = "copy" if r < 0.45 else "move"
                        self.pending = (kind, src, dst, tuple(sorted(uids)))
                        u, t = c.command(b"UID " + kind.upper().encode() + b" " + uid_set(uids) + b" " +
                                         dst.encode())
                        if not t.split(b" ", 2)[1] == b"OK":
                            self.error = "%s: %r" % (kind, t)
                            break
                        m = re.search(rb"\[COPYUID (\d+) ([0-9:,]+) ([0-9:,]+)\]", b"".join(u) + t)
                        if not m:
                            self.error = "%s: no COPYUID in %r %r" % (kind, u, t)
                            break
                        if not self.check_uidvalidity(dst, int(m.group(1))):
                            break
                        pairs = list(zip(parse_set(m.group(2).decode()), parse_set(m.group(3).decode())))
                        if sorted(p[0] for p in pairs) != sorted(uids):
                            self.error = "%s: COPYUID names %r for %r" % (kind, pairs, uids)
                            break
                        for su, du in sorted(pairs, key=lambda p: p[1]):
                            if not self.new_uid(dst, du, kind.upper()):
                                break
                            boxes[dst][du] = boxes[src][su]
                        if self.error:
                            break
                        if kind == "move":
                            for su in uids:
                                del boxes[src][su]
                    elif r < 0.8:
                        flags = frozenset(rng.sample(OUR_FLAGS, rng.randrange(1, 3)))
                        op = rng.choice(("+", "-", ""))
                        self.pending = ("store", src, tuple(sorted(uids)), op, flags)
                        _u, t = c.command(b"UID STORE " + uid_set(uids) + b" " + op.encode() + b"FLAGS.SILENT " +
                                          flag_list(flags))
                        if not t.split(b" ", 2)[1] == b"OK":
                            self.error = "STORE: %r" % t
                            break
                        for uid in uids:
                            mid, have = boxes[src][uid]
                            boxes[src][uid] = (mid, apply_store(have, op, flags))
                    else:
                        # Expunge the \\Deleted of these UIDs (UIDPLUS).
                        deleted = [u for u in uids if "\\Deleted" in boxes[src][u][1]]
                        if not deleted:
                            self.pending = ("store", src, tuple(sorted(uids)), "+", frozenset(["\\Deleted"]))
                            c.ok(b"UID STORE " + uid_set(uids) + b" +FLAGS.SILENT (\\Deleted)")
                            for uid in uids:
                                mid, have = boxes[src][uid]
                                boxes[src][uid] = (mid, have | {"\\Deleted"})
                            deleted = uids
                            self.on_ack()
                        self.pending = ("expunge", src, tuple(sorted(deleted)))
                        c.ok(b"UID EXPUNGE " + uid_set(deleted))
                        for uid in deleted:
                            del boxes[src][uid]
            except (OSError, EOFError, imapwire.ProtocolError) as e:
                if isinstance(e, imapwire.ProtocolError):
                    self.error = "%r" % e
                return  # the server went away: the pending command's fate is unknown
            self.pending = None
            self.done += 1
            self.on_ack()
        try:
            c.logout()
        except (OSError, EOFError, imapwire.ProtocolError):
            pass


def apply_store(have, op, flags):
    if op == "+":
        return frozenset(have | flags)
    if op == "-":
        return frozenset(have - flags)
    return frozenset(flags)


def read_boxes(port, account, names):
    """{box: {uid: (message id, our flags, body)}} and {box: (uidvalidity, uidnext)}."""
    c = imapwire.Client(imapwire.connect(port), timeout=60)
    c.login(account.encode(), PASSWORD.encode())
    out, meta = {}, {}
    for name in names:
        u, t = c.ok(b"EXAMINE " + name.encode())
        text = b"".join(u)
        meta[name] = (int(re.search(rb"UIDVALIDITY (\d+)", text).group(1)),
                      int(re.search(rb"UIDNEXT (\d+)", text).group(1)))
        out[name] = {}
        if int(re.search(rb"\* (\d+) EXISTS", text).group(1)) == 0:
            continue
        u, t = c.ok(b"UID FETCH 1:* (UID FLAGS BODY.PEEK[])")
        for _seq, items in imapwire.fetch_items(u):
            d = {name_: v for name_, _raw, v, _l8 in items}
            uid = int(d["UID"][1])
            flags = frozenset(f[1].decode() for f in d["FLAGS"] if f[1].decode() in OUR_FLAGS)
            body = d["BODY[]"]
            m = re.match(rb"Message-ID: <([^@>]+)@crash.test>\r\n", body)
            assert m, "a message that nobody sent in %s: %r" % (name, body[:200])
            out[name][uid] = (m.group(1).decode(), flags, body)
    c.logout()
    return out, meta


def data_owner(path):
    st = os.stat(path)
    return st.st_uid, st.st_gid


INTEGRITY = """
import sqlite3, sys
bad = []
for f in sys.argv[1:]:
    db = sqlite3.connect(f)
    r = [row[0] for row in db.execute("PRAGMA integrity_check")]
    if r != ["ok"]:
        bad.append("%s: %r" % (f, r))
    db.close()
print("\\n".join(bad))
sys.exit(1 if bad else 0)
"""


class CrashOpsTest(unittest.TestCase):
    def cairn_check(self, srv, *extra):
        r = subprocess.run([srv.binary, "check", "--data", srv.data_dir, "--config", srv.config_path,
                            "--orphan-age-seconds-for-tests", "0", *extra],
                           capture_output=True, text=True, timeout=300)
        return r.returncode, r.stdout + r.stderr

    def integrity(self, srv):
        """PRAGMA integrity_check of every database, run as the folder's
        owner (a file SQLite creates must stay usable by the server)."""
        dbs = [os.path.join(srv.data_dir, "users.db")]
        accounts = os.path.join(srv.data_dir, "accounts")
        for d in os.listdir(accounts):
            f = os.path.join(accounts, d, "mail.db")
            if os.path.exists(f):
                dbs.append(f)
        uid, gid = data_owner(srv.data_dir)

        def become():
            os.setgid(gid)
            os.setuid(uid)
        # The system's Python: the data folder's owner may not reach ours.
        python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
        r = subprocess.run([python, "-c", INTEGRITY, *dbs], capture_output=True, text=True, timeout=300,
                           preexec_fn=become if os.geteuid() == 0 else None)
        self.assertEqual(r.returncode, 0, "integrity_check: " + r.stdout + r.stderr)

    def match(self, client, actual):
        """Finds the state among "as acknowledged" and "that plus the whole
        command in flight" that `actual` is; returns the new model boxes or
        fails the test."""
        model = client.model
        before = {k: dict(v) for k, v in model["boxes"].items()}
        names = sorted(before)

        def plain(state):
            return {n: {u: (mid, fl) for u, (mid, fl, _b) in state[n].items()} for n in names}

        got = plain(actual)
        # Bodies byte for byte, whatever the state.
        for n in names:
            for uid, (mid, _fl, body) in actual[n].items():
                self.assertIn(mid, model["bodies"], "unknown message %s in %s" % (mid, n))
                self.assertEqual(body, model["bodies"][mid], "message %s in %s is not byte for byte" % (mid, n))
        if got == before:
            return before, "before"
        p = client.pending
        self.assertIsNotNone(p, "client %d: state differs with no command in flight:\n%r\n%r"
                             % (client.index, before, got))
        kind = p[0]
        after = {k: dict(v) for k, v in before.items()}
        if kind in ("store", "expunge"):
            src, uids = p[1], p[2]
            for uid in uids:
                if kind == "store":
                    mid, fl = after[src][uid]
                    after[src][uid] = (mid, apply_store(fl, p[3], p[4]))
                else:
                    del after[src][uid]
            self.assertEqual(got, after, "client %d: %s in flight was applied in part" % (client.index, kind))
            return after, kind
        # New messages: their UIDs are the server's to choose, above every
        # UID seen, in order.
        if kind == "append":
            dst, extras = p[1], [(p[2], p[3])]
        else:
            src, dst, uids = p[1], p[2], p[3]
            extras = [before[src][u] for u in uids]
            if kind == "move":
                for u in uids:
                    del after[src][u]
        for n in names:
            if n != dst:
                self.assertEqual(got[n], after[n], "client %d: %s in flight changed %s" % (client.index, kind, n))
        new = sorted(u for u in got[dst] if u not in before[dst])
        self.assertEqual({u: v for u, v in got[dst].items() if u in before[dst]}, before[dst],
                         "client %d: %s in flight changed old messages of %s" % (client.index, kind, dst))
        self.assertEqual(len(new), len(extras), "client %d: %s in flight left %d of %d messages in %s"
                         % (client.index, kind, len(new), len(extras), dst))
        for u, want in zip(new, extras):
            self.assertGreater(u, model["maxuid"][dst], "UID %d reused in %s" % (u, dst))
            self.assertEqual(got[dst][u], want, "client %d: %s in flight gave %r, not %r" % (client.index, kind,
                                                                                             got[dst][u], want))
            after[dst][u] = got[dst][u]
        return after, kind

    def test_kill_during_every_change(self):
        rng = random.Random(SEED * 7919 + 1)
        srv = CairnServer(users={"alice": PASSWORD, "bob": PASSWORD})
        srv.start()
        figures = {"kills": 0, "commands": 0, "in_flight_applied": 0, "in_flight_lost": 0,
                   "orphans_repaired": 0, "check_problems_before_repair": 0}
        try:
            models = []
            for account, i in OPS_CLIENTS:
                c = imapwire.Client(imapwire.connect(srv.imap_port))
                c.login(account.encode(), PASSWORD.encode())
                for k in "ab":
                    c.ok(b"CREATE C%d-%s" % (i, k.encode()))
                c.logout()
                models.append({"boxes": {"C%d-a" % i: {}, "C%d-b" % i: {}},
                               "maxuid": {"C%d-a" % i: 0, "C%d-b" % i: 0},
                               "uidvalidity": {}, "bodies": {}})
            for round_no in range(KILLS + 1):
                last = round_no == KILLS
                acks = [0]
                cond = threading.Condition()

                def on_ack():
                    with cond:
                        acks[0] += 1
                        cond.notify_all()

                clients = [OpsClient(i, account, srv.imap_port, random.Random(rng.randrange(2**32)), round_no,
                                     models[i], on_ack) for account, i in OPS_CLIENTS]
                kill_after = rng.randrange(5, 80)
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
                    figures["kills"] += 1
                for cl in clients:
                    cl.join(timeout=ROUND_DEADLINE)
                    self.assertFalse(cl.is_alive(), "a client did not finish")
                    self.assertIsNone(cl.error, cl.error)
                    figures["commands"] += cl.done
                problem = srv.log_problems()
                self.assertIsNone(problem, problem)
                if not last:
                    # What the kill left, found and repaired while the server is down.
                    code, out = self.cairn_check(srv)
                    self.assertNotIn("integrity_check", out)
                    figures["check_problems_before_repair"] += out.count("problem:")
                    for line in out.splitlines():
                        if line.startswith("problem:"):
                            self.assertRegex(line, r"unreferenced file .*/blobs/[0-9a-f]{2}/(tmp\.[0-9a-f]+|[0-9a-f]{62})$",
                                             "a kill left more than orphan files: " + out)
                    code, out = self.cairn_check(srv, "--repair")
                    figures["orphans_repaired"] += out.count("repaired: ")
                    # --deep: also every message's checksum, and the full-text
                    # index matches each message's text.
                    code, out = self.cairn_check(srv, "--deep")
                    self.assertEqual(code, 0, "cairn check --deep after --repair: " + out)
                    self.integrity(srv)
                    srv.users = {}
                    srv.start()
                for cl in clients:
                    actual, meta = read_boxes(srv.imap_port, cl.account, sorted(cl.model["boxes"]))
                    new_boxes, which = self.match(cl, actual)
                    if cl.pending and not last:
                        figures["in_flight_applied" if which != "before" else "in_flight_lost"] += 1
                    cl.model["boxes"] = new_boxes
                    for n, (uidvalidity, uidnext) in meta.items():
                        self.assertEqual(cl.model["uidvalidity"].setdefault(n, uidvalidity), uidvalidity,
                                         "UIDVALIDITY of %s changed" % n)
                        top = max([cl.model["maxuid"][n]] + list(new_boxes[n]))
                        self.assertGreater(uidnext, top, "UIDNEXT of %s went back" % n)
                        cl.model["maxuid"][n] = top
                if os.environ.get("CAIRN_CRASH_VERBOSE"):
                    print("round %d: %d commands acknowledged, pending %s" %
                          (round_no, sum(cl.done for cl in clients), [cl.pending and cl.pending[0] for cl in clients]),
                          file=sys.stderr)
            code, out = self.cairn_check(srv, "--deep")
            self.assertEqual(code, 0, out)
            self.assertEqual(srv.stop(), 0)
            self.assertGreater(figures["commands"], KILLS)
            report = os.environ.get("CAIRN_CRASH_REPORT")
            if report:
                with open(report, "a") as f:
                    f.write("crash (every change): %r\n" % figures)
            if os.environ.get("CAIRN_CRASH_VERBOSE"):
                print(figures, file=sys.stderr)
        finally:
            srv.cleanup()

if __name__ == "__main__":
    unittest.main()
