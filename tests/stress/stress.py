#!/usr/bin/env python3
"""Randomised consistency checker for sessions of one mailbox (issue 6).

    stress.py [--clients N] [--seconds S] [--seed K] [--port P]

N clients share one account. Each selects INBOX read-write and runs random
APPEND, STORE (+FLAGS, -FLAGS, FLAGS, .SILENT, by sequence number and UID),
COPY, MOVE, EXPUNGE, UID EXPUNGE, FETCH, NOOP and IDLE for a bounded time,
keeping a model of what it was told: the sequence-number map, every
message's flags, its \\Recent messages. It fails on any disagreement:

  - a FETCH or EXPUNGE naming a sequence number that does not exist, or a
    FETCH whose UID is not the model's UID for that sequence number;
  - at each barrier (all clients stop writing; each sends NOOP, then FETCH
    1:* (UID FLAGS)): a message or flag change that was not reported;
  - a message in two read-write sessions' \\Recent;
  - at the end, per mailbox: a message lost (answered OK, not there) or
    duplicated, or a message that should be gone (expunged or moved).

Without --port it starts its own `cairn serve` (tests/integration/cairnlib).
Exits 0 when every check passed. The fast tier runs 20 clients for 30 s;
the long tier 50 clients for 10 minutes (scripts/test-long.sh).
"""
import argparse
import os
import random
import re
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))

SYSTEM_FLAGS = ["\\Seen", "\\Answered", "\\Flagged", "\\Draft"]
KEYWORDS = ["$Label1", "$Label2", "Work", "Todo"]


class CheckFailed(Exception):
    pass


class Client:
    """A minimal IMAP client that keeps every response, in order."""

    def __init__(self, port, name):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.buf = b""
        self.n = 0
        self.name = name
        self.trace = []  # the last lines both ways, for failure reports
        self.on_reply = None  # called with (untagged, tagged) after each command
        self.last = ""  # the last command sent (for failure reports)
        self.read_line()  # greeting

    def note(self, direction, line):
        self.trace.append(direction + " " + line[:160].decode("utf-8", "replace"))
        del self.trace[:-40]

    def read_line(self):
        line = b""
        while True:
            while b"\r\n" not in self.buf:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise CheckFailed(f"{self.name}: connection closed")
                self.buf += chunk
            i = self.buf.index(b"\r\n")
            part, self.buf = self.buf[:i], self.buf[i + 2:]
            line += part
            m = re.search(rb"\{(\d+)\}$", part)
            if not m:
                self.note("S:", line)
                return line
            n = int(m.group(1))
            while len(self.buf) < n:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise CheckFailed(f"{self.name}: connection closed")
                self.buf += chunk
            line += b"\r\n" + self.buf[:n]
            self.buf = self.buf[n:]

    def command(self, text, literal=None):
        self.n += 1
        tag = b"t%d" % self.n
        self.last = text[:60].decode("utf-8", "replace")
        self.note("C:", tag + b" " + text)
        if literal is not None:
            self.sock.sendall(tag + b" " + text + b" {%d+}\r\n" % len(literal) + literal + b"\r\n")
        else:
            self.sock.sendall(tag + b" " + text + b"\r\n")
        untagged = []
        while True:
            line = self.read_line()
            if line.startswith(tag + b" "):
                if self.on_reply:
                    self.on_reply(untagged, line)
                return untagged, line[len(tag) + 1:]
            untagged.append(line)

    def close(self):
        try:
            self.sock.sendall(b"z LOGOUT\r\n")
            self.sock.close()
        except OSError:
            pass


class Ledger:
    """What the server answered OK for: (mailbox, uid) -> stress id."""

    def __init__(self):
        self.lock = threading.Condition()
        self.boxes = {"INBOX": {}, "Archive": {}}    # live: uid -> id
        self.history = {"INBOX": {}, "Archive": {}}  # every UID ever given
        # UIDs removed (expunged or moved away) before their appender had
        # read its APPENDUID: another session can flag and expunge a new
        # message before the appending thread runs again.
        self.removed = {"INBOX": set(), "Archive": set()}
        self.recent_owner = {}  # INBOX uid -> client name
        # For the report of a failed final check: which session first heard
        # of each INBOX expunge and after which command, and EXPUNGE
        # responses for messages whose UID the session did not know yet.
        self.first_told = {}
        self.unattributed = []

    def add(self, box, uid, sid):
        with self.lock:
            if uid in self.history[box]:
                raise CheckFailed(f"UID {uid} given twice in {box}")
            self.history[box][uid] = sid
            if uid not in self.removed[box]:  # UIDs are never reused
                self.boxes[box][uid] = sid
            self.lock.notify_all()

    def remove(self, box, uid):
        with self.lock:
            self.boxes[box].pop(uid, None)
            self.removed[box].add(uid)

    def id_of(self, box, uid):
        # UIDs are never reused, so what a UID held is known for good, even
        # after a concurrent MOVE or EXPUNGE took it out of the live set.
        # Another client may copy a message before its appender has read
        # the APPENDUID: wait (boundedly) for the appender to record it.
        with self.lock:
            self.lock.wait_for(lambda: uid in self.history[box], timeout=5)
            return self.history[box].get(uid)

    def note_told(self, uid, who):
        with self.lock:
            self.first_told.setdefault(uid, who)

    def note_unattributed(self, who):
        with self.lock:
            self.unattributed.append(who)

    def peek(self, box, uid):
        with self.lock:
            return self.history[box].get(uid)

    def claim_recent(self, uid, name):
        with self.lock:
            owner = self.recent_owner.setdefault(uid, name)
            if owner != name:
                raise CheckFailed(f"UID {uid} is \\Recent in {owner} and {name}")


FETCH_RX = re.compile(rb"^\* (\d+) FETCH \((.*)\)$", re.S)


def parse_fetch(body):
    uid = re.search(rb"\bUID (\d+)", body)
    flags = re.search(rb"\bFLAGS \(([^)]*)\)", body)
    return (int(uid.group(1)) if uid else None,
            set(flags.group(1).decode().split()) if flags else None)


class Session:
    def __init__(self, port, name, ledger, rng, qresync=False):
        self.port = port
        self.name = name
        self.ledger = ledger
        self.rng = rng
        self.qresync = qresync  # CONDSTORE/QRESYNC client (RFC 7162)
        self.uids = []      # seq-1 -> uid
        self.flags = {}     # uid -> set of flags (without \Recent)
        self.modseq = {}    # uid -> MODSEQ last reported (QRESYNC clients)
        self.highest = 0    # HIGHESTMODSEQ as RFC 7162 section 6 has a client keep it
        self.uidvalidity = None
        self.recent = set()
        self.ops = 0
        self.resyncs = 0
        self.connect(resync=False)

    def connect(self, resync):
        self.c = Client(self.port, self.name)
        if self.qresync:
            self.c.on_reply = self.track_highest
        _, t = self.c.command(b"LOGIN stress secret")
        assert t.startswith(b"OK"), t
        if self.qresync:
            _, t = self.c.command(b"ENABLE QRESYNC")
            assert t.startswith(b"OK"), t
        if resync:
            known = proto_set(sorted(self.uids))
            cmd = b"SELECT INBOX (QRESYNC (%d %d%s))" % (self.uidvalidity, self.highest,
                                                          b" " + known if known else b"")
        else:
            cmd = b"SELECT INBOX (CONDSTORE)" if self.qresync else b"SELECT INBOX"
        un, t = self.c.command(cmd)
        if not t.startswith(b"OK"):
            raise CheckFailed(f"{self.name}: {cmd!r}: {t!r}")
        if resync:
            # The model as the client kept it, updated by VANISHED (EARLIER)
            # and FETCH; EXISTS tells the new count; new UIDs are fetched.
            self.absorb_select(un)
        else:
            self.absorb(un)
            self.refresh_all()
        self.codes(t)

    def track_highest(self, untagged, tagged):
        """The client's HIGHESTMODSEQ after each command, exactly as RFC 7162
        section 6 says: a HIGHESTMODSEQ response code wins, even over higher
        MODSEQs seen; else the highest MODSEQ of the FETCH responses since
        the last tagged one, if higher. A server that delays an expunge
        without sending a HIGHESTMODSEQ below it (section 3.2) makes this
        client skip the expunge at its next QRESYNC: the barrier finds it."""
        codes = [int(m.group(1)) for line in untagged + [tagged]
                 for m in [re.search(rb"\[HIGHESTMODSEQ (\d+)\]", line)] if m]
        if codes:
            self.highest = codes[-1]
            return
        seen = [int(x) for line in untagged if FETCH_RX.match(line)
                for x in re.findall(rb"MODSEQ \((\d+)\)", line)]
        if seen and max(seen) > self.highest:
            self.highest = max(seen)

    def codes(self, line):
        m = re.search(rb"\[UIDVALIDITY (\d+)\]", line)
        if m:
            self.uidvalidity = int(m.group(1))

    def absorb_select(self, untagged):
        """SELECT (QRESYNC ...) as a client handles it: VANISHED (EARLIER)
        drops what it kept, EXISTS tells how many messages there are now,
        FETCH updates flags; then the UIDs of new messages are fetched. A
        kept UID the server no longer has, and did not report, shows as a
        FETCH whose UID differs from the model (absorb checks each one)."""
        exists = None
        fetches = []
        for line in untagged:
            self.codes(line)
            m = re.match(rb"^\* (\d+) EXISTS$", line)
            if m:
                exists = int(m.group(1))
                continue
            m = re.match(rb"^\* VANISHED \(EARLIER\) ([\d:,]+)$", line)
            if m:
                for u in expand(m.group(1)):
                    if u in self.uids:
                        self.ledger.note_told(u, "%s in VANISHED (EARLIER) of its QRESYNC reconnect" % self.name)
                        self.uids.remove(u)
                        self.flags.pop(u, None)
                        self.modseq.pop(u, None)
                        self.recent.discard(u)
                continue
            if FETCH_RX.match(line):
                fetches.append(line)
        if exists is None or exists < len(self.uids):
            raise CheckFailed(f"{self.name}: after QRESYNC the server has {exists} messages but the client kept "
                              f"{len(self.uids)}: an expunge was not reported as VANISHED (EARLIER)")
        self.uids.extend([None] * (exists - len(self.uids)))
        self.absorb(fetches)
        # Every kept UID must still be where the client thinks it is.
        un, t = self.c.command(b"FETCH 1:* (UID)")
        self.absorb(un)

    def reconnect(self):
        """Leaves and comes back with QRESYNC: the resync must bring the
        client's model to the server's state exactly (checked at the next
        barrier)."""
        self.c.close()
        self.resyncs += 1
        self.connect(resync=True)

    # -- applying what the server says -----------------------------------
    def absorb(self, untagged, own_expunge_box=None):
        """Applies untagged responses to the model, checking each one.
        Returns the UIDs this command expunged (EXPUNGE responses)."""
        expunged = []
        grew_to = None
        for line in untagged:
            m = re.match(rb"^\* (\d+) EXISTS$", line)
            if m:
                n = int(m.group(1))
                if n < len(self.uids):
                    raise CheckFailed(f"{self.name}: EXISTS {n} below {len(self.uids)} without EXPUNGE")
                grew_to = n
                self.uids.extend([None] * (n - len(self.uids)))
                continue
            m = re.match(rb"^\* (\d+) EXPUNGE$", line)
            if m:
                seq = int(m.group(1))
                if not 1 <= seq <= len(self.uids):
                    raise CheckFailed(f"{self.name}: EXPUNGE {seq} of {len(self.uids)} messages")
                uid = self.uids.pop(seq - 1)
                if uid is not None:
                    self.flags.pop(uid, None)
                    self.recent.discard(uid)
                    expunged.append(uid)
                    self.ledger.note_told(uid, "%s after %s" % (self.name, self.c.last))
                else:
                    self.ledger.note_unattributed("%s: EXPUNGE %d after %s" % (self.name, seq, self.c.last))
                continue
            m = re.match(rb"^\* VANISHED ([\d:,]+)$", line)
            if m:
                if not self.qresync:
                    raise CheckFailed(f"{self.name}: VANISHED without QRESYNC")
                for u in expand(m.group(1)):
                    if u not in self.uids:
                        # A message announced by EXISTS whose UID the client
                        # has not fetched yet (e.g. during IDLE): UIDs
                        # ascend, so it is one of the trailing unknown
                        # entries, and which one does not matter.
                        # More generally it lies between the known UIDs
                        # around it, in that gap's unknown entries.
                        lo = max((i for i, x in enumerate(self.uids) if x is not None and x < u), default=-1)
                        hi = min((i for i, x in enumerate(self.uids) if x is not None and x > u),
                                 default=len(self.uids))
                        gap = [i for i in range(lo + 1, hi) if self.uids[i] is None]
                        if gap:
                            del self.uids[gap[-1]]
                            expunged.append(u)
                            self.ledger.note_told(u, "%s after %s (UID not fetched yet)" % (self.name, self.c.last))
                            continue
                        raise CheckFailed(f"{self.name}: VANISHED {u}, which it does not have")
                    self.uids.remove(u)
                    self.flags.pop(u, None)
                    self.modseq.pop(u, None)
                    self.recent.discard(u)
                    expunged.append(u)
                    self.ledger.note_told(u, "%s after %s" % (self.name, self.c.last))
                continue
            if line.startswith(b"* OK ["):
                self.codes(line)
                continue
            m = FETCH_RX.match(line)
            if m:
                if self.qresync:
                    ms = re.search(rb"MODSEQ \((\d+)\)", m.group(2))
                    uid_in = re.search(rb"\bUID (\d+)", m.group(2))
                    if ms and uid_in:
                        u, v = int(uid_in.group(1)), int(ms.group(1))
                        if u in self.modseq and v < self.modseq[u]:
                            raise CheckFailed(f"{self.name}: MODSEQ of UID {u} went back from {self.modseq[u]} to {v}")
                        self.modseq[u] = v
                seq = int(m.group(1))
                if not 1 <= seq <= len(self.uids):
                    raise CheckFailed(f"{self.name}: FETCH {seq} of {len(self.uids)} messages: {line[:200]!r}")
                uid, fl = parse_fetch(m.group(2))
                known = self.uids[seq - 1]
                if uid is None:
                    uid = known  # a STORE reply names the message by number only
                if uid is not None:
                    if known is not None and known != uid:
                        raise CheckFailed(f"{self.name}: FETCH {seq} says UID {uid}, model has {known}")
                    self.uids[seq - 1] = uid
                    if fl is not None:
                        if "\\Recent" in fl:
                            self.recent.add(uid)
                            self.ledger.claim_recent(uid, self.name)
                        self.flags[uid] = fl - {"\\Recent"}
                continue
        if grew_to is not None or None in self.uids:
            self.refresh_unknown()
        return expunged

    def refresh_unknown(self):
        first = next((i for i, u in enumerate(self.uids) if u is None), None)
        if first is None:
            return
        un, t = self.c.command(b"FETCH %d:* (UID FLAGS%s)" % (first + 1, b" MODSEQ" if self.qresync else b""))
        if not t.startswith(b"OK"):
            raise CheckFailed(f"{self.name}: FETCH of new messages: {t!r}")
        self.absorb(un)
        if None in self.uids:
            raise CheckFailed(f"{self.name}: new messages without UID after FETCH")

    def refresh_all(self):
        if not self.uids:
            return
        un, t = self.c.command(b"FETCH 1:* (UID FLAGS%s)" % (b" MODSEQ" if self.qresync else b""))
        if not t.startswith(b"OK"):
            raise CheckFailed(f"{self.name}: FETCH 1:*: {t!r}")
        self.absorb(un)

    # -- random operations ----------------------------------------------------
    def some_set(self, uid_form):
        if not self.uids:
            return None
        k = self.rng.randint(1, min(4, len(self.uids)))
        seqs = sorted(self.rng.sample(range(1, len(self.uids) + 1), k))
        if uid_form:
            return b",".join(b"%d" % self.uids[s - 1] for s in seqs)
        return b",".join(b"%d" % s for s in seqs)

    def op(self):
        self.ops += 1
        r = self.rng.random()
        if r < 0.22 or not self.uids:
            return self.op_append()
        if r < 0.50:
            return self.op_store()
        if r < 0.58:
            return self.op_copy(move=False)
        if r < 0.66:
            return self.op_copy(move=True)
        if r < 0.74:
            return self.op_expunge()
        if r < 0.86:
            return self.op_fetch()
        if r < 0.95:
            un, t = self.c.command(b"NOOP")
            self.absorb(un)
            return
        if self.qresync and r > 0.99:
            return self.reconnect()
        return self.op_idle()

    def op_append(self):
        sid = "%s-%d-%d" % (self.name, self.ops, self.rng.randrange(1 << 30))
        flags = [f for f in SYSTEM_FLAGS + KEYWORDS if self.rng.random() < 0.2]
        msg = ("X-Stress-Id: %s\r\nSubject: stress %s\r\n\r\nbody %s\r\n" % (sid, sid, sid)).encode()
        box = "INBOX" if self.rng.random() < 0.85 else "Archive"
        un, t = self.c.command(b"APPEND %s (%s)" % (box.encode(), " ".join(flags).encode()), literal=msg)
        m = re.search(rb"APPENDUID (\d+) (\d+)", t)
        if not t.startswith(b"OK") or not m:
            raise CheckFailed(f"{self.name}: APPEND: {t!r}")
        self.ledger.add(box, int(m.group(2)), sid)
        self.absorb(un)

    def op_store(self):
        uid_form = self.rng.random() < 0.5
        s = self.some_set(uid_form)
        mode = self.rng.choice([b"+FLAGS", b"-FLAGS", b"FLAGS", b"+FLAGS.SILENT", b"-FLAGS.SILENT"])
        flags = [f for f in SYSTEM_FLAGS + KEYWORDS + ["\\Deleted"] if self.rng.random() < 0.25] or ["\\Seen"]
        targets = [int(x) for x in s.split(b",")] if uid_form else [self.uids[int(x) - 1] for x in s.split(b",")]
        un, t = self.c.command((b"UID STORE " if uid_form else b"STORE ") + s + b" " + mode +
                               b" (" + " ".join(flags).encode() + b")")
        if not (t.startswith(b"OK") or t.startswith(b"NO [EXPUNGEISSUED]")):
            raise CheckFailed(f"{self.name}: STORE: {t!r}")
        if mode.endswith(b".SILENT") and t.startswith(b"OK"):
            # The client knows what it asked for; the server tells only what
            # others changed (and may repeat this change).
            for uid in targets:
                if uid in self.flags:
                    if mode.startswith(b"+"):
                        self.flags[uid] |= set(flags)
                    else:
                        self.flags[uid] -= set(flags)
        self.absorb(un)

    def op_copy(self, move):
        uid_form = self.rng.random() < 0.5
        s = self.some_set(uid_form)
        # The ids come from the ledger, by UID, before the command.
        picked = [self.uids[int(x) - 1] for x in s.split(b",")] if not uid_form else [int(x) for x in s.split(b",")]
        verb = (b"UID " if uid_form else b"") + (b"MOVE" if move else b"COPY")
        un, t = self.c.command(verb + b" " + s + b" Archive")
        if t.startswith(b"NO [EXPUNGEISSUED]"):
            self.absorb(un)
            return
        if not t.startswith(b"OK"):
            raise CheckFailed(f"{self.name}: {verb.decode()}: {t!r}")
        text = b"\n".join(un) + b"\n" + t
        m = re.search(rb"COPYUID (\d+) ([\d:,]+) ([\d:,]+)", text)
        if m:
            src, dst = expand(m.group(2)), expand(m.group(3))
            for su, du in zip(src, dst):
                sid = self.ledger.id_of("INBOX", su)
                if sid is None:
                    raise CheckFailed(f"{self.name}: COPYUID names UID {su} the ledger does not have")
                self.ledger.add("Archive", du, sid)
                if move:
                    self.ledger.remove("INBOX", su)
            if not set(src) <= set(picked):
                raise CheckFailed(f"{self.name}: COPYUID source {src} not in the set {picked}")
        self.absorb(un)

    def op_expunge(self):
        if self.rng.random() < 0.5:
            un, t = self.c.command(b"EXPUNGE")
        else:
            un, t = self.c.command(b"UID EXPUNGE " + self.some_set(True))
        if not t.startswith(b"OK"):
            raise CheckFailed(f"{self.name}: EXPUNGE: {t!r}")
        for uid in self.absorb(un):
            # Only this session's own expunges and the ones it was told of;
            # removing twice is harmless.
            self.ledger.remove("INBOX", uid)

    def op_fetch(self):
        uid_form = self.rng.random() < 0.5
        s = self.some_set(uid_form)
        un, t = self.c.command((b"UID FETCH " if uid_form else b"FETCH ") + s +
                               b" (UID FLAGS BODY.PEEK[HEADER.FIELDS (X-Stress-Id)])")
        if not t.startswith(b"OK") and not t.startswith(b"NO [EXPUNGEISSUED]"):
            raise CheckFailed(f"{self.name}: FETCH: {t!r}")
        for line in un:
            m = FETCH_RX.match(line)
            if m and b"X-Stress-Id" in line:
                uid, _ = parse_fetch(m.group(2))
                sid = re.search(rb"X-Stress-Id: (\S+)", line)
                want = self.ledger.peek("INBOX", uid)
                # A message expunged by another session is still readable
                # here until this session is told; the ledger may have
                # dropped it already.
                if want is not None and sid and sid.group(1).decode() != want:
                    raise CheckFailed(f"{self.name}: UID {uid} holds {sid.group(1)!r}, expected {want}")
        self.absorb(un)

    def op_idle(self):
        self.c.n += 1
        tag = b"t%d" % self.c.n
        self.c.last = "IDLE"
        self.c.sock.sendall(tag + b" IDLE\r\n")
        line = self.c.read_line()
        if not line.startswith(b"+"):
            raise CheckFailed(f"{self.name}: IDLE: {line!r}")
        self.c.sock.settimeout(0.05)
        untagged = []
        try:
            while True:
                untagged.append(self.c.read_line())
        except (socket.timeout, TimeoutError):
            pass
        self.c.sock.settimeout(30)
        self.c.sock.sendall(b"DONE\r\n")
        while True:
            line = self.c.read_line()
            if line.startswith(tag + b" "):
                if not line.startswith(tag + b" OK"):
                    raise CheckFailed(f"{self.name}: IDLE end: {line!r}")
                break
            untagged.append(line)
        self.absorb(untagged)

    # -- the barrier check ---------------------------------------------------
    def verify(self):
        un, t = self.c.command(b"NOOP")
        self.absorb(un)
        model_uids = list(self.uids)
        model_flags = {u: set(self.flags.get(u, set())) for u in model_uids}
        if not model_uids:
            return
        model_modseq = dict(self.modseq)
        un, t = self.c.command(b"FETCH 1:* (UID FLAGS MODSEQ)" if self.qresync else b"FETCH 1:* (UID FLAGS)")
        if not t.startswith(b"OK"):
            raise CheckFailed(f"{self.name}: verify FETCH: {t!r}")
        seen = {}
        for line in un:
            m = FETCH_RX.match(line)
            if not m:
                raise CheckFailed(f"{self.name}: unexpected update during a quiet barrier: {line!r}")
            uid, fl = parse_fetch(m.group(2))
            seen[int(m.group(1))] = (uid, (fl or set()) - {"\\Recent"})
            if self.qresync:
                ms = int(re.search(rb"MODSEQ \((\d+)\)", m.group(2)).group(1))
                if model_modseq.get(uid) != ms:
                    raise CheckFailed(f"{self.name}: UID {uid} has MODSEQ {ms} on the server, "
                                      f"{model_modseq.get(uid)} reported (a change was not sent with its MODSEQ)")
        if len(seen) != len(model_uids):
            raise CheckFailed(f"{self.name}: server has {len(seen)} messages, model {len(model_uids)}")
        for seq, (uid, fl) in seen.items():
            if model_uids[seq - 1] != uid:
                raise CheckFailed(f"{self.name}: seq {seq} is UID {uid} on the server, {model_uids[seq - 1]} here")
            if model_flags[uid] != fl:
                raise CheckFailed(f"{self.name}: UID {uid} flags {sorted(fl)} on the server, "
                                  f"{sorted(model_flags[uid])} reported (a change was not sent)")


def proto_set(uids):
    out, i = [], 0
    while i < len(uids):
        j = i
        while j + 1 < len(uids) and uids[j + 1] == uids[j] + 1:
            j += 1
        out.append(b"%d" % uids[i] if i == j else b"%d:%d" % (uids[i], uids[j]))
        i = j + 1
    return b",".join(out)


def expand(s):
    out = []
    for part in s.split(b","):
        if b":" in part:
            a, b = part.split(b":")
            a, b = int(a), int(b)
            out.extend(range(min(a, b), max(a, b) + 1))
        else:
            out.append(int(part))
    return out


def explain_lost(c, box, lost, found, ledger):
    """Where the lost messages went, as far as the server and the sessions
    tell: still there under another id, copied to Archive, reported as
    expunged by the server (VANISHED (EARLIER)) and to which session first."""
    out = []
    in_archive = {}
    c.command(b"EXAMINE Archive")
    un, _ = c.command(b"UID FETCH 1:* (UID BODY.PEEK[HEADER.FIELDS (X-Stress-Id)])")
    for line in un:
        sid = re.search(rb"X-Stress-Id: (\S+)", line)
        m = FETCH_RX.match(line)
        if sid and m:
            in_archive.setdefault(sid.group(1).decode(), []).append(parse_fetch(m.group(2))[0])
    c.command(b"UNSELECT")  # ENABLE is refused with a mailbox selected
    c.command(b"ENABLE QRESYNC")
    c.command(b"EXAMINE " + box.encode())
    uids = sorted(lost)[:20]
    un, t = c.command(b"UID FETCH " + b",".join(b"%d" % u for u in uids) + b" (UID FLAGS) (CHANGEDSINCE 1 VANISHED)")
    vanished = set()
    for line in un:
        m = re.match(rb"^\* VANISHED \(EARLIER\) ([\d:,]+)$", line)
        if m:
            vanished.update(expand(m.group(1)))
    for u in uids:
        out.append("    UID %d (%s): in %s now %r; in Archive as UID %s; server: %s; first told: %s" % (
            u, lost[u], box, found.get(u), in_archive.get(lost[u]),
            "expunged (VANISHED)" if u in vanished else "not reported expunged",
            ledger.first_told.get(u, "nobody")))
    out.append("    EXPUNGE responses for messages whose UID the session did not know: %d %s"
               % (len(ledger.unattributed), ledger.unattributed[:10]))
    return "\n".join(out)


def final_check(port, ledger):
    c = Client(port, "final")
    c.command(b"LOGIN stress secret")
    for box in ("INBOX", "Archive"):
        un, t = c.command(b"EXAMINE " + box.encode())
        un, t = c.command(b"UID FETCH 1:* (UID BODY.PEEK[HEADER.FIELDS (X-Stress-Id)])")
        found = {}
        for line in un:
            m = FETCH_RX.match(line)
            if not m:
                continue
            uid, _ = parse_fetch(m.group(2))
            sid = re.search(rb"X-Stress-Id: (\S+)", line)
            found[uid] = sid.group(1).decode() if sid else None
        want = ledger.boxes[box]
        lost = {u: s for u, s in want.items() if found.get(u) != s}
        extra = {u: s for u, s in found.items() if u not in want}
        if lost:
            raise CheckFailed(f"{box}: {len(lost)} message(s) answered OK are missing or wrong, e.g. "
                              f"{list(lost.items())[:3]}\n" + explain_lost(c, box, lost, found, ledger))
        if extra:
            # Messages that other sessions expunged are removed from the
            # ledger when an expunging session reports them; anything left
            # over is a message that should be gone.
            raise CheckFailed(f"{box}: {len(extra)} message(s) should not be there, e.g. {list(extra.items())[:3]}")
        ids = [s for s in found.values()]
        if len(ids) != len(set(ids)) and box == "INBOX":
            raise CheckFailed(f"{box}: a message is there twice")
    c.close()


class Coordinator:
    """Pause / verify / resume rounds. Workers call checkpoint() between
    operations; when a round is due, each stops, verifies once everyone has
    stopped, and resumes once everyone has verified. Each round keeps its own
    counts (a worker still leaving round r must not see round r+1's zeros).
    A worker that died or finished leaves the count, so nobody waits for it."""

    def __init__(self, workers):
        self.cv = threading.Condition()
        self.alive = workers
        self.round = 0
        self.stopped = {}
        self.verified = {}
        self.failed = False

    def request(self):
        with self.cv:
            self.round += 1
            r = self.round
            self.stopped[r] = self.verified[r] = 0
            self.cv.notify_all()
            ok = self.cv.wait_for(lambda: self.failed or self.verified[r] >= self.alive, timeout=300)
            return ok and not self.failed

    def checkpoint(self, my_round, verify):
        """Returns the round this worker has now done."""
        with self.cv:
            if self.round == my_round:
                return my_round
            r = self.round
            self.stopped[r] += 1
            self.cv.notify_all()
            if not self.cv.wait_for(lambda: self.failed or self.stopped[r] >= self.alive, timeout=300):
                raise CheckFailed("timed out waiting for the other clients to stop")
        if not self.failed:
            verify()
        with self.cv:
            self.verified[r] += 1
            self.cv.notify_all()
            # Nobody writes again until everyone has checked.
            if not self.cv.wait_for(lambda: self.failed or self.verified[r] >= self.alive, timeout=300):
                raise CheckFailed("timed out waiting for the other clients to verify")
        return r

    def leave(self, failed):
        with self.cv:
            self.alive -= 1
            self.failed = self.failed or failed
            self.cv.notify_all()


def run(port, clients, seconds, seed, barrier_every=3.0):
    ledger = Ledger()
    errors = []
    stop = threading.Event()
    sessions = [Session(port, "c%d" % i, ledger, random.Random(seed * 1000 + i), qresync=(i % 2 == 1))
                for i in range(clients)]
    coord = Coordinator(clients)

    def worker(sess):
        failed = False
        done = 0
        try:
            while not stop.is_set() and not coord.failed:
                sess.op()
                done = coord.checkpoint(done, sess.verify)
        except Exception as e:  # noqa: BLE001
            errors.append("%s: %s\n    last lines:\n      %s" % (sess.name, e, "\n      ".join(sess.c.trace[-25:])))
            failed = True
        finally:
            coord.leave(failed)

    threads = [threading.Thread(target=worker, args=(s,), daemon=True) for s in sessions]
    for t in threads:
        t.start()
    end = time.time() + seconds
    while time.time() < end and not errors:
        time.sleep(min(barrier_every, max(0.0, end - time.time())))
        if not coord.request():
            break
    if not errors:
        coord.request()  # a last quiet check before stopping
    stop.set()
    for t in threads:
        t.join(timeout=60)
    if not errors:
        # Expunges another session reported: those sessions removed them
        # from the ledger; a final check from a fresh session settles it.
        try:
            final_check(port, ledger)
        except CheckFailed as e:
            errors.append(str(e))
    ops = sum(s.ops for s in sessions)
    resyncs = sum(s.resyncs for s in sessions)
    for s in sessions:
        s.c.close()
    return errors, ops, resyncs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--port", type=int)
    a = ap.parse_args()
    srv = None
    port = a.port
    if port is None:
        from cairnlib import CairnServer
        srv = CairnServer(users={"stress": "secret"}, config="[limits]\nconnections_per_user_ip = 1000\n")
        srv.start()
        port = srv.imap_port
    start = time.time()
    try:
        errors, ops, resyncs = run(port, a.clients, a.seconds, a.seed)
    except Exception:
        ops = resyncs = 0
        raise
    finally:
        log = srv.log() if srv else ""
        if srv:
            code = srv.stop()
            if code not in (0, None):
                errors = [f"server exited with {code}"]
            srv.cleanup()
    for bad in ("AddressSanitizer", "runtime error:", "session crashed"):
        if bad in log:
            errors.append("server log reports " + bad)
    print("stress: %d clients (half with QRESYNC), %.0fs, %d operations, %d QRESYNC reconnects, seed %d: %s" % (
        a.clients, time.time() - start, ops, resyncs, a.seed, "ok" if not errors else "FAILED"))
    for e in errors:
        print("  " + e)
    if errors and log:
        print("server log tail:\n" + "\n".join(log.splitlines()[-20:]))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
