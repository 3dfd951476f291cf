"""imapflow (npm), a real client, against Cairn over TLS (issue 7): QRESYNC,
IDLE hearing another session's EXISTS, flag changes and expunges, a
reconnect that resyncs with SELECT (QRESYNC) and CHANGEDSINCE, and MOVE,
every answer's data checked by tests/clients/imapflow_sync.mjs.

Needs Node.js 20 and tests/clients/node_modules (`npm ci` in tests/clients,
which scripts/install-deps.sh --test runs).
"""
import os
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cairnlib import ROOT, CairnServer  # noqa: E402

CLIENTS = os.path.join(ROOT, "tests", "clients")
WAIT_MS = 20000 if os.environ.get("CAIRN_SANITIZED") else 5000


class ImapFlow(unittest.TestCase):
    def test_imapflow_sync(self):
        node = shutil.which("node")
        self.assertIsNotNone(node, "no node: scripts/install-deps.sh --test installs it")
        self.assertTrue(os.path.isdir(os.path.join(CLIENTS, "node_modules", "imapflow")),
                        "imapflow is not installed: run `npm ci` in tests/clients "
                        "(scripts/install-deps.sh --test does)")
        with CairnServer(users={"alice": "secret"}) as srv:
            env = dict(os.environ, CAIRN_HOST="127.0.0.1", CAIRN_IMAPS_PORT=str(srv.imaps_port),
                       CAIRN_USER="alice", CAIRN_PASS="secret", CAIRN_WAIT_MS=str(WAIT_MS))
            r = subprocess.run([node, os.path.join(CLIENTS, "imapflow_sync.mjs")], env=env, cwd=CLIENTS,
                               capture_output=True, text=True, timeout=300)
            self.assertEqual(r.returncode, 0, "imapflow_sync.mjs failed:\n%s%s\nserver log:\n%s" % (
                r.stdout, r.stderr, "\n".join(srv.log().splitlines()[-30:])))
            self.assertIn("every answer as expected", r.stdout)
            self.assertIsNone(srv.log_problems())


if __name__ == "__main__":
    unittest.main()
