#!/usr/bin/env python3
"""The abuse tests in one command (tests/abuse/README.md): every test_*.py
here, against $CAIRN_BIN (default build/cairn). Prints each test with its
time, the figures the tests measured (memory, bytes, counts), and exits
non-zero if anything failed.

    tests/abuse/run.py [-k PATTERN]
    CAIRN_ABUSE_SCALE=full tests/abuse/run.py     # the long tier's sizes
"""
import argparse
import os
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)


class Timed(unittest.TextTestResult):
    def startTest(self, test):
        self._t = time.time()
        super().startTest(test)

    def addSuccess(self, test):
        super().addSuccess(test)
        self.stream.write("ok   %-70s %6.1fs\n" % (test.id(), time.time() - self._t))

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.stream.write("FAIL %-70s %6.1fs\n" % (test.id(), time.time() - self._t))

    def addError(self, test, err):
        super().addError(test, err)
        self.stream.write("FAIL %-70s %6.1fs\n" % (test.id(), time.time() - self._t))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self.stream.write("skip %-70s (%s)\n" % (test.id(), reason))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-k", "--pattern", default="")
    args = ap.parse_args()
    binary = os.environ.get("CAIRN_BIN", os.path.join(ROOT, "build", "cairn"))
    if not os.access(binary, os.X_OK):
        print("no cairn binary at %s (build it, or set CAIRN_BIN)" % binary)
        return 2
    os.environ["CAIRN_BIN"] = binary
    report = tempfile.NamedTemporaryFile(prefix="cairn-abuse-report-", delete=False)
    report.close()
    os.environ["CAIRN_ABUSE_REPORT"] = report.name
    loader = unittest.TestLoader()
    if args.pattern:
        loader.testNamePatterns = ["*%s*" % args.pattern]
    suite = loader.discover(HERE, pattern="test_*.py", top_level_dir=HERE)
    start = time.time()
    result = unittest.TextTestRunner(stream=sys.stdout, verbosity=0, resultclass=Timed).run(suite)
    with open(report.name) as f:
        figures = f.read()
    os.unlink(report.name)
    if figures:
        print("\nfigures:\n" + "".join("  " + line for line in figures.splitlines(True)))
    print("%d test(s), %d failed, %.1fs" % (result.testsRun, len(result.failures) + len(result.errors),
                                              time.time() - start))
    return 0 if result.wasSuccessful() and result.testsRun > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
