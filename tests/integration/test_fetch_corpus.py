#!/usr/bin/env python3
"""FETCH end to end on the MIME corpus: every message of tests/data/mime/
and of the shared corpus is APPENDed to a real `cairn serve` over IMAP, then
fetched with the items its Dovecot expectation file lists (ENVELOPE,
BODYSTRUCTURE, BODY, RFC822.SIZE, BODY.PEEK[section] for every section and
partial, BINARY.PEEK[part] and BINARY.SIZE[part]); each answer must equal
Dovecot's by meaning, under the same rules as the library test
(tests/unit/mime/corpus_test.cpp): quoted and literal forms of a string are
the same string (RFC 9051 section 4.3), and tests/data/mime-differences.tsv
lists the deliberate differences (docs/mime.md says why). A listed
difference that no longer occurs fails too.

This proves the whole path: APPEND parsing (literal and literal8), the ingest
path's CRLF normalisation and stored structure, FETCH's sections, partials,
BINARY decoding and streaming, and the response writer.

Which messages (docs/fetch.md):
  - default (the fast tier): every message of both, 333 with about 7,900
    answers, in about 5 s (Release build, 4 connections to one server);
  - CAIRN_FETCH_CORPUS=subset: every message of tests/data/mime/ and every
    fourth message of the shared corpus INDEX.tsv (a fixed subset; the
    categories are spread through the index), about half the time.
The shared corpus is $CAIRN_SHARED_DIR/corpus, else ../shared/corpus beside
the repository (as CI lays it out).

    python3 tests/integration/test_fetch_corpus.py [-v]
"""
import os
import queue
import re
import sys
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from cairnlib import CairnServer  # noqa: E402
from imapwire import Client, ProtocolError, connect, fetch_items, parse_imap, sha256_hex, show  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
DATA = os.path.join(ROOT, "tests", "data")
WORKERS = 4
SHARED_STRIDE = 4


def shared_corpus():
    tries = []
    if os.environ.get("CAIRN_SHARED_DIR"):
        tries.append(os.path.join(os.environ["CAIRN_SHARED_DIR"], "corpus"))
    tries.append(os.path.join(os.path.dirname(ROOT), "shared", "corpus"))
    for t in tries:
        if os.path.exists(os.path.join(t, "INDEX.tsv")):
            return t
    return None


def read_expected(path):
    """tests/tools/gen_mime_expected.py's format: '@@ item\\tkind\\tlength\\n' + bytes."""
    with open(path, "rb") as f:
        data = f.read()
    out = []
    i = 0
    while i < len(data):
        eol = data.find(b"\n", i)
        if eol < 0:
            break
        line = data[i:eol]
        i = eol + 1
        if not line.startswith(b"@@ "):
            continue
        name, kind, length = line[3:].decode("latin-1").split("\t")
        n = 64 if kind == "sha256" else int(length)
        out.append((name, kind, int(length), data[i:i + n]))
        i += n + 1
    return out


def allowed_differences():
    out = {}
    with open(os.path.join(DATA, "mime-differences.tsv"), encoding="utf-8") as f:
        lines = f.read().splitlines()
    for line in lines:
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        msg, item, reason = line.split("\t")
        out[(msg, item)] = reason
    return out


def corpus(full):
    """[(key, message path, expectation path)] in a fixed order."""
    jobs = []
    own = os.path.join(DATA, "mime")
    for n in sorted(os.listdir(own)):
        if n.endswith(".eml"):
            exp = os.path.join(own, n[:-4] + ".expected")
            if os.path.exists(exp):
                jobs.append(("mime/" + n, os.path.join(own, n), exp))
    shared = shared_corpus()
    if shared:
        with open(os.path.join(shared, "INDEX.tsv"), encoding="utf-8") as f:
            rows = f.read().splitlines()[1:]
        for k, row in enumerate(rows):
            if not full and k % SHARED_STRIDE != 0:
                continue
            rel = row.split("\t")[0]
            exp = os.path.join(DATA, "mime-shared", rel + ".expected")
            if os.path.exists(exp):
                jobs.append(("shared:" + rel, os.path.join(shared, rel), exp))
    return jobs, shared


def request_for(name):
    """The FETCH item to send for an expectation's item name."""
    if name.startswith("BODY["):
        m = re.match(r"BODY\[(.*)\](?:<(\d+)>)?$", name)
        sec, origin = m.group(1), m.group(2)
        if origin is None:
            return "BODY.PEEK[%s]" % sec
        # The generator asks TEXT<4.20> and []<0.7> (gen_mime_expected.py).
        return "BODY.PEEK[%s]<%s.%d>" % (sec, origin, 7 if sec == "" else 20)
    if name.startswith("BINARY["):
        return "BINARY.PEEK" + name[len("BINARY"):]
    return name


def compare(name, kind, length, want, got, problems):
    """`got` is (value, raw, is_literal8) or ("NO", tagged line)."""
    if kind == "no":
        if "UNKNOWN-CTE" in want.decode("latin-1"):
            if got[0] != "NO" or b"[UNKNOWN-CTE]" not in got[1]:
                problems.append((name, "NO " + want.decode("latin-1"), "answered"))
        else:
            # Dovecot failed on broken data (NO [PARSE] or a disconnect);
            # Cairn decodes leniently: a listed difference (binary-lenient).
            problems.append((name, want.decode("latin-1"),
                             "answered" if got[0] != "NO" else got[1].decode("latin-1")))
        return
    if got[0] == "NO":
        problems.append((name, kind, got[1].decode("latin-1").strip()))
        return
    value, raw, _lit8 = got
    if kind == "imap":
        try:
            w = parse_imap(want)
        except (ProtocolError, ValueError, IndexError):
            w = ("unparsable", want)
        if w != value:
            problems.append((name, show(w) if not isinstance(w, tuple) or w[0] != "unparsable" else repr(want),
                             show(value)))
    elif kind == "nil":
        if value is not None:
            problems.append((name, "NIL", show(value)))
    elif kind == "data":
        if value != want:
            problems.append((name, show(want), show(value)))
    elif kind == "sha256":
        if not isinstance(value, bytes) or len(value) != length or sha256_hex(value) != want.decode():
            problems.append((name, "sha256 %s len %d" % (want[:12].decode(), length),
                             "len %d %s" % (len(value) if isinstance(value, bytes) else -1, show(value, 80))))
    else:
        problems.append((name, "kind " + kind, "not understood by the test"))


def check_message(client, mailbox, key, path, exp_path):
    """APPENDs one message and compares every listed item; returns problems."""
    with open(path, "rb") as f:
        raw = f.read()
    uid = client.append(mailbox, raw)
    expected = read_expected(exp_path)
    problems = []
    answers = {}
    plain = [e for e in expected if not e[0].startswith(("BINARY[", "BINARY.SIZE["))]
    binary = [e for e in expected if e[0].startswith(("BINARY[", "BINARY.SIZE["))]

    def run(entries):
        req = " ".join(request_for(e[0]) for e in entries)
        untagged, tagged = client.command(b"UID FETCH %d (%s)" % (uid, req.encode("latin-1")))
        status = tagged.split(b" ", 2)[1]
        if status != b"OK":
            return tagged
        got = fetch_items(untagged)
        if len(got) != 1:
            raise AssertionError("%s: %d FETCH responses for one UID" % (key, len(got)))
        for name, rawv, v, lit8 in got[0][1]:
            if name == "FLAGS":
                problems.append((name, "no FLAGS (every item was a PEEK)", rawv.decode("latin-1")))
            answers[name] = (v, rawv, lit8)
        if "UID" not in answers or answers["UID"][0] != ("atom", b"%d" % uid):
            problems.append(("UID", "UID %d (RFC 9051 section 6.4.9)" % uid, repr(answers.get("UID"))))
        return None

    failed = run(plain)
    if failed is not None:
        raise AssertionError("%s: FETCH failed: %r" % (key, failed))
    # BINARY of a part Cairn cannot decode fails the whole command (NO
    # [UNKNOWN-CTE], RFC 3516 section 4.2): try all at once, then one by one.
    if binary and run(binary) is not None:
        for e in binary:
            failed = run([e])
            if failed is not None:
                answers[e[0]] = ("NO", failed)
    for name, kind, length, want in expected:
        if name not in answers:
            problems.append((name, kind, "missing from the FETCH response"))
            continue
        compare(name, kind, length, want, answers[name], problems)
    # Leave the message set small and each UID FETCH exact.
    return problems


class FetchCorpus(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = CairnServer(users={"corpus": "corpus-pw"})
        cls.srv.start()

    @classmethod
    def tearDownClass(cls):
        code = cls.srv.stop()
        log = cls.srv.log()
        cls.srv.cleanup()
        if code != 0:
            raise AssertionError("server exited with %s\n%s" % (code, log[-3000:]))
        for bad in ("AddressSanitizer", "runtime error:", "session crashed"):
            if bad in log:
                raise AssertionError("server log reports %s\n%s" % (bad, log[-6000:]))

    def test_every_answer_matches_dovecot(self):
        full = os.environ.get("CAIRN_FETCH_CORPUS", "all") != "subset"
        jobs, shared = corpus(full)
        self.assertGreaterEqual(len(jobs), 60, "corpus not found")
        allowed = allowed_differences()
        work = queue.Queue()
        for j in jobs:
            work.put(j)
        results = {}
        errors = []
        lock = threading.Lock()
        start = time.time()

        def worker(n):
            mailbox = b"corpus%d" % n
            c = Client(connect(self.srv.imap_port))
            try:
                c.login("corpus", "corpus-pw")
                # Some corpus messages have raw 8-bit header fields: with
                # UTF8=ACCEPT advertised, RFC 6855 section 4 lets a client
                # APPEND those only once it has enabled it. (FETCH answers
                # do not change: their strings are pre-rendered.)
                c.ok(b"ENABLE UTF8=ACCEPT")
                c.ok(b"CREATE " + mailbox)
                c.ok(b"SELECT " + mailbox)
                while True:
                    try:
                        job = work.get_nowait()
                    except queue.Empty:
                        return
                    try:
                        p = check_message(c, mailbox, *job)
                    except (AssertionError, ProtocolError, OSError, EOFError) as e:
                        with lock:
                            errors.append("%s: %s" % (job[0], e))
                        return
                    with lock:
                        results[job[0]] = p
            finally:
                c.logout()

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(WORKERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=600)
        self.assertFalse(any(t.is_alive() for t in threads), "a worker did not finish in 600 s")
        self.assertEqual(errors, [])
        self.assertEqual(len(results), len(jobs))

        unexpected, seen = [], set()
        items = 0
        for key, _p, exp in jobs:
            items += len(read_expected(exp))
            for name, want, got in results[key]:
                if (key, name) in allowed:
                    seen.add((key, name))
                    continue
                unexpected.append("%s\n  item %s\n  dovecot: %s\n  cairn:   %s" % (key, name, want, got))
        checked = {k for k, _p, _e in jobs}
        stale = [k for k in allowed if k[0] in checked and k not in seen]
        print("\nFETCH corpus: %d messages (%s), %d answers compared with Dovecot's, %d listed "
              "differences, %.1f s" % (len(jobs), "all" if full else "fast-tier subset", items, len(seen),
                                       time.time() - start), file=sys.stderr)
        self.assertEqual(unexpected, [], "\n".join(unexpected[:30]))
        self.assertEqual(stale, [], "listed differences that no longer occur end to end")


if __name__ == "__main__":
    unittest.main()
