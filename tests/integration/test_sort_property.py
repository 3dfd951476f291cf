"""Property test for SORT (RFC 5256, RFC 5957): random mailboxes sorted by
the server and by an independent sort written here from the RFCs (base
subject extraction, addr-mailbox of the first address, the display value,
sent date in UTC with the internal date as fallback, i;unicode-casemap on
the characters generated, ties in mailbox order, REVERSE per criterion).

Fast tier: 10 mailboxes x 30 criteria lists (300 SORT commands, half of
them UID SORT). CAIRN_SORT_PROPERTY_BOXES and CAIRN_SORT_PROPERTY_SEED
for longer runs.

    python3 tests/integration/test_sort_property.py [-v]
"""
import datetime
import email.utils
import functools
import imaplib
import os
import random
import re
import sys
import unicodedata
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cairnlib import CairnServer  # noqa: E402

BOXES = int(os.environ.get("CAIRN_SORT_PROPERTY_BOXES", "10"))
SEED = int(os.environ.get("CAIRN_SORT_PROPERTY_SEED", "9"))
CRITERIA_PER_BOX = 30
KEYS = ["ARRIVAL", "CC", "DATE", "FROM", "SIZE", "SUBJECT", "TO", "DISPLAYFROM", "DISPLAYTO"]

WORDS = ["apple", "Apple", "banana", "chérry", "zebra", "Øre", "über", "a b", "x", "list]"]
NAMES = ["Zoe", "adam", "Émile", "Bob Smith", "ürsula", "", "Ann"]
LOCALS = ["zoe", "Adam", "emile", "bob", "uma", "ann", "Zed"]
DOMAINS = ["z.org", "A.net", "b.com"]


def q_encode(text):
    """RFC 2047 Q encoding, written here."""
    out = []
    for b in text.encode("utf-8"):
        c = chr(b)
        if c.isalnum() and b < 128:
            out.append(c)
        elif c == " ":
            out.append("_")
        else:
            out.append("=%02X" % b)
    return "=?utf-8?q?" + "".join(out) + "?="


def gen_subject(rnd):
    if rnd.random() < 0.08:
        return None
    core = rnd.choice(WORDS)
    if rnd.random() < 0.2:
        core = core + " " + rnd.choice(WORDS)
    s = core
    for _ in range(rnd.randrange(3)):
        s = rnd.choice(["Re: ", "RE:", "re  : ", "Fwd: ", "FW: ", "Re[2]: ", "[list] ", "[a][b] Re: ", "  "]) + s
    if rnd.random() < 0.15:
        s = "[Fwd: " + s + "]"
    for _ in range(rnd.randrange(2)):
        s = s + rnd.choice([" (fwd)", "(FWD)", "  ", "\t"])
    # Header fields are ASCII (RFC 5322): other text is RFC 2047 encoded.
    if rnd.random() < 0.2 or not s.isascii():
        s = q_encode(s)
    return s


def gen_address(rnd):
    r = rnd.random()
    if r < 0.15:
        return None
    local, dom = rnd.choice(LOCALS), rnd.choice(DOMAINS)
    name = rnd.choice(NAMES)
    if r < 0.4:
        return f"{local}@{dom}"
    if name and (rnd.random() < 0.3 or not name.isascii()):
        return f"{q_encode(name)} <{local}@{dom}>"
    if name:
        return f'"{name}" <{local}@{dom}>' if " " in name else f"{name} <{local}@{dom}>"
    return f"<{local}@{dom}>"


# --- the reference, from the RFCs ------------------------------------------

def decode_2047(s):
    def one(m):
        charset, enc, text = m.group(1), m.group(2).lower(), m.group(3)
        assert enc == "q"
        raw = re.sub(r"=([0-9A-Fa-f]{2})", lambda x: chr(int(x.group(1), 16)), text.replace("_", " "))
        return raw.encode("latin-1").decode(charset)
    return re.sub(r"=\?([^?]+)\?([qQ])\?([^?]*)\?=", one, s)


def base_subject(raw):
    """RFC 5256 section 2.1, steps 1-6."""
    s = decode_2047(raw or "")
    s = re.sub(r"[\t\r\n]", " ", s)
    s = re.sub(r" +", " ", s)
    blob = r"\[[^\[\]]*\][ \t]*"
    refwd = r"(?:re|fwd?)[ \t]*(?:" + blob + r")?:"
    while True:
        while True:  # (2)
            t = re.sub(r"(?:\(fwd\)|[ \t])$", "", s, flags=re.I)
            if t == s:
                break
            s = t
        while True:  # (3)-(5)
            before = s
            while True:
                m = re.match(r"(?:[ \t]|(?:" + blob + r")*" + refwd + ")", s, flags=re.I)
                if not m or m.end() == 0:
                    break
                s = s[m.end():]
            m = re.match(blob, s)
            if m and s[m.end():] != "":
                s = s[m.end():]
            if s == before:
                break
        if s.lower().startswith("[fwd:") and s.endswith("]"):  # (6)
            s = s[5:-1]
            continue
        return s


def casemap(s):
    # i;unicode-casemap (RFC 5051) on the characters generated here: their
    # simple titlecase is their upper case; then NFKD.
    return unicodedata.normalize("NFKD", s.upper())


def first_address(value):
    if value is None:
        return None
    m = re.match(r'^(?:"?(?P<name>[^"<]*?)"?\s*)?<(?P<local>[^@>]+)@(?P<dom>[^>]+)>$', value)
    if m:
        return (m.group("name") or "").strip(), m.group("local"), m.group("dom")
    local, dom = value.split("@")
    return "", local, dom


def addr_key(value):
    a = first_address(value)
    return "" if a is None else casemap(a[1])


def display_key(value):
    a = first_address(value)
    if a is None:
        return ""
    name = decode_2047(a[0])
    if name:
        return casemap(name)
    return casemap(a[1] + "@" + a[2])


def reference_sort(msgs, criteria):
    def key(m, k):
        if k == "ARRIVAL":
            return m["internal"]
        if k == "DATE":
            return m["date"] if m["date"] is not None else m["internal"]
        if k == "SIZE":
            return m["size"]
        if k == "SUBJECT":
            return casemap(base_subject(m["subject"]))
        if k in ("FROM", "TO", "CC"):
            return addr_key(m[k.lower()])
        if k == "DISPLAYFROM":
            return display_key(m["from"])
        if k == "DISPLAYTO":
            return display_key(m["to"])
        raise AssertionError(k)

    def cmp(a, b):
        for rev, k in criteria:
            x, y = key(a, k), key(b, k)
            if x != y:
                c = -1 if x < y else 1
                return -c if rev else c
        return a["seq"] - b["seq"]

    return sorted(msgs, key=functools.cmp_to_key(cmp))


class SortProperty(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = CairnServer(users={"alice": "secret"})
        cls.srv.start()

    @classmethod
    def tearDownClass(cls):
        problem = cls.srv.log_problems()
        cls.srv.stop()
        cls.srv.cleanup()
        if problem:
            raise AssertionError(problem)

    def test_random_mailboxes(self):
        rnd = random.Random(SEED)
        imap = imaplib.IMAP4("127.0.0.1", self.srv.imap_port)
        imap.login("alice", "secret")
        cases = 0
        for b in range(BOXES):
            box = f"prop{b}"
            self.assertEqual(imap.create(box)[0], "OK")
            msgs = []
            for i in range(rnd.randrange(15, 45)):
                m = {"subject": gen_subject(rnd), "from": gen_address(rnd), "to": gen_address(rnd),
                     "cc": gen_address(rnd)}
                # Dates in a small range so that ties happen.
                internal = 1700000000 + rnd.randrange(20) * 3600
                m["internal"] = internal
                if rnd.random() < 0.8:
                    utc = 1700000000 + rnd.randrange(20) * 3600
                    zone = rnd.choice([0, 60, -480, 330])
                    local = datetime.datetime.fromtimestamp(utc, datetime.timezone(datetime.timedelta(minutes=zone)))
                    m["date"] = utc
                    date_hdr = email.utils.format_datetime(local)
                else:
                    m["date"] = None
                lines = []
                if m["subject"] is not None:
                    lines.append("Subject: " + m["subject"])
                for h in ("from", "to", "cc"):
                    if m[h] is not None:
                        lines.append(h.capitalize() + ": " + m[h])
                if m["date"] is not None:
                    lines.append("Date: " + date_hdr)
                body = "x" * rnd.randrange(0, 40)
                data = ("\r\n".join(lines) + "\r\n\r\n" + body + "\r\n").encode("utf-8")
                m["size"] = len(data)
                idate = imaplib.Time2Internaldate(internal)
                typ, _ = imap.append(box, None, idate, data)
                self.assertEqual(typ, "OK")
                msgs.append(m)
            typ, _ = imap.select(box)
            self.assertEqual(typ, "OK")
            # UIDs: 1..n; make them differ from sequence numbers.
            imap.store("1", "+FLAGS", "\\Deleted")
            imap.expunge()
            msgs = msgs[1:]
            for seq, m in enumerate(msgs, 1):
                m["seq"] = seq
                m["uid"] = seq + 1
            for _ in range(CRITERIA_PER_BOX):
                crit = [(rnd.random() < 0.3, rnd.choice(KEYS)) for _ in range(rnd.randrange(1, 4))]
                text = " ".join(("REVERSE " if r else "") + k for r, k in crit)
                use_uid = rnd.random() < 0.5
                if use_uid:
                    typ, data = imap.uid("SORT", f"({text})", "UTF-8", "ALL")
                else:
                    typ, data = imap.sort(f"({text})", "UTF-8", "ALL")
                self.assertEqual(typ, "OK", (text, data))
                got = [int(x) for x in data[0].split()]
                want = [m["uid" if use_uid else "seq"] for m in reference_sort(msgs, crit)]
                if got != want:
                    detail = "\n".join(
                        f"  seq {m['seq']}: subject={m['subject']!r} from={m['from']!r} to={m['to']!r} "
                        f"cc={m['cc']!r} date={m['date']} internal={m['internal']} size={m['size']}"
                        for m in msgs)
                    self.fail(f"box {b} SORT ({text}) {'UID ' if use_uid else ''}\n got  {got}\n want {want}\n{detail}")
                cases += 1
            imap.close()
        imap.logout()
        self.assertEqual(cases, BOXES * CRITERIA_PER_BOX)


if __name__ == "__main__":
    unittest.main()
