#!/usr/bin/env python3
"""The integration tests in one command: every protocol transcript
(transcripts/*.t) and every unittest module (test_*.py) in this folder,
against the binary in $CAIRN_BIN (default build/cairn).

    tests/integration/run_all.py [-j N] [-k PATTERN] [-v]

Prints one line per test with its time, then a summary, and exits non-zero
if anything failed (a server log with a sanitizer report counts as a
failure: see cairnlib.CairnServer.log_problems). Tests run in up to N
processes side by side (default 2: the CI machine has 2 cores); each starts
its own servers on port 0 with its own data folder, so they never meet.

-k runs only the tests whose name contains PATTERN.
"""
import argparse
import glob
import io
import os
import sys
import time
import unittest
from concurrent.futures import ProcessPoolExecutor, as_completed

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)


def run_transcript(path):
    import transcript
    start = time.time()
    try:
        ok, why = transcript.run_file(path)
    except Exception as e:  # a bug in the runner or a server that cannot start
        ok, why = False, "%s: %r" % (path, e)
    return "transcripts/" + os.path.basename(path), ok, time.time() - start, why


def run_unittest(test_id):
    start = time.time()
    out = io.StringIO()
    suite = unittest.defaultTestLoader.loadTestsFromName(test_id)
    result = unittest.TextTestRunner(stream=out, verbosity=0).run(suite)
    ok = result.wasSuccessful() and result.testsRun > 0
    why = "" if ok else out.getvalue()
    if result.testsRun == 0:
        why = "no test ran\n" + out.getvalue()  # e.g. an error in setUpClass
    return test_id, ok, time.time() - start, why


def unittest_ids():
    """test_x.Class.method for every test in every test_*.py module; one
    class per job would serialise slow classes, one method per job would
    start a server per method where a class shares one: classes with a
    setUpClass run as a whole, others method by method."""
    ids = []
    for path in sorted(glob.glob(os.path.join(HERE, "test_*.py"))):
        module = os.path.basename(path)[:-3]
        suite = unittest.defaultTestLoader.loadTestsFromName(module)
        for cls_suite in suite:
            tests = list(cls_suite)
            if not tests:
                continue
            cls = type(tests[0])
            if "setUpClass" in cls.__dict__:
                ids.append("%s.%s" % (module, cls.__name__))
            else:
                ids.extend("%s.%s.%s" % (module, cls.__name__, t._testMethodName) for t in tests)
    return ids


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-j", "--jobs", type=int, default=int(os.environ.get("CAIRN_TEST_JOBS", "2")))
    ap.add_argument("-k", "--pattern", default="")
    ap.add_argument("-v", "--verbose", action="store_true", help="print failure details at once")
    args = ap.parse_args()

    binary = os.environ.get("CAIRN_BIN", os.path.join(ROOT, "build", "cairn"))
    if not os.access(binary, os.X_OK):
        print("no cairn binary at %s (build it, or set CAIRN_BIN)" % binary)
        return 2
    os.environ["CAIRN_BIN"] = binary
    print("cairn: %s" % binary, flush=True)

    jobs = [(run_transcript, p) for p in sorted(glob.glob(os.path.join(HERE, "transcripts", "*.t")))]
    jobs += [(run_unittest, t) for t in unittest_ids()]
    jobs = [j for j in jobs if args.pattern in (j[1] if j[0] is run_unittest else os.path.basename(j[1]))]
    # The slowest first, so that they do not end the run alone.
    slow = ("test_crash", "test_imaplib", "12-timeout", "test_cli", "test_mbsync", "48-idle")
    jobs.sort(key=lambda j: not any(s in j[1] for s in slow))

    start = time.time()
    failures = []
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(fn, arg) for fn, arg in jobs]
        for f in as_completed(futures):
            name, ok, secs, why = f.result()
            print("%-4s %-70s %6.1fs" % ("ok" if ok else "FAIL", name, secs), flush=True)
            if not ok:
                failures.append((name, why))
                if args.verbose:
                    print(why, flush=True)
    total = time.time() - start
    if failures and not args.verbose:
        for name, why in failures:
            print("\n===== %s\n%s" % (name, why.rstrip()))
    print("\n%d test(s), %d failed, %.1fs" % (len(jobs), len(failures), total))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
