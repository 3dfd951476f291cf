"""`cairn check [--repair]` on a data folder damaged on purpose (issue 11):
it must find each kind of damage, repair what can be repaired, and never
delete a message that is still referenced."""
import glob
import imaplib
import os
import sqlite3
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cairnlib import CAIRN, CairnServer  # noqa: E402


def check(srv, *extra):
    r = subprocess.run([CAIRN, "check", "--data", srv.data_dir, "--config", srv.config_path, *extra],
                       capture_output=True, text=True, timeout=120)
    return r.returncode, r.stdout


class CheckTest(unittest.TestCase):
    def setUp(self):
        self.srv = CairnServer(users={"alice": "secret"})
        self.srv.start()
        m = imaplib.IMAP4("127.0.0.1", self.srv.imap_port)
        m.login("alice", "secret")
        for i in range(3):
            m.append("INBOX", None, None, b"Subject: %d\r\n\r\nbody %d\r\n" % (i, i))
        m.copy("1", "Archive") if m.select("INBOX")[0] == "OK" else None
        self.account = glob.glob(os.path.join(self.srv.data_dir, "accounts", "*"))[0]
        self.db = os.path.join(self.account, "mail.db")
        # The server indexes new mail's text a moment after it arrives
        # (store/sqlite/indexer.hpp): wait for it (bounded), with the
        # session still open, so that the index is there to damage.
        self.srv.wait_indexed()
        m.logout()
        self.srv.stop()

    def tearDown(self):
        self.srv.cleanup()

    def blob_files(self):
        return sorted(p for p in glob.glob(os.path.join(self.account, "blobs", "*", "*"))
                      if not os.path.basename(p).startswith("tmp."))

    def test_clean_folder_is_clean(self):
        code, out = check(self.srv)
        self.assertEqual(code, 0, out)
        self.assertIn("1 account(s)", out)
        self.assertIn("4 message(s), 3 blob(s): clean", out)

    def test_finds_and_repairs(self):
        old = time.time() - 7200
        # 1. A crash leftover and an unreferenced blob file, both old.
        sub = os.path.dirname(self.blob_files()[0])
        tmp = os.path.join(sub, "tmp.123")
        orphan = os.path.join(sub, "f" * 62)
        for p in (tmp, orphan):
            with open(p, "w") as f:
                f.write("x")
            os.utime(p, (old, old))
        # 2. A fresh unreferenced file: could be a running server's APPEND
        #    between its fsync and its commit: must be left alone.
        fresh = os.path.join(sub, "e" * 62)
        with open(fresh, "w") as f:
            f.write("y")
        # 3. A wrong reference count.
        with sqlite3.connect(self.db) as c:
            c.execute("UPDATE blobs SET refcount = refcount + 5 WHERE rowid = (SELECT min(rowid) FROM blobs)")
        # 4. A structure that does not decode.
        with sqlite3.connect(self.db) as c:
            c.execute("UPDATE blobs SET parsed = x'00' WHERE rowid = (SELECT max(rowid) FROM blobs)")

        code, out = check(self.srv)
        self.assertEqual(code, 1, out)
        self.assertIn("refcount should be", out)
        self.assertIn("unreferenced file " + tmp, out)
        self.assertIn("unreferenced file " + orphan, out)
        self.assertNotIn(fresh, out)
        self.assertIn("does not decode", out)

        code, out = check(self.srv, "--repair")
        self.assertEqual(code, 0, out)
        self.assertIn("refcount set to", out)
        self.assertFalse(os.path.exists(tmp))
        self.assertFalse(os.path.exists(orphan))
        self.assertTrue(os.path.exists(fresh), "a fresh file must never be taken for an orphan")
        self.assertIn("parsed again", out)

        code, out = check(self.srv)
        self.assertEqual(code, 0, out)
        self.assertIn("clean", out)

        # Every message is still there, byte for byte.
        self.srv.users = {}
        self.srv.start()
        m = imaplib.IMAP4("127.0.0.1", self.srv.imap_port)
        m.login("alice", "secret")
        m.select("INBOX")
        typ, data = m.fetch("1:*", "(BODY.PEEK[] BODYSTRUCTURE)")
        self.assertEqual(typ, "OK")
        bodies = [d[1] for d in data if isinstance(d, tuple)]
        self.assertEqual(bodies, [b"Subject: %d\r\n\r\nbody %d\r\n" % (i, i) for i in range(3)])
        m.logout()

    def test_missing_message_data_is_reported_not_deleted(self):
        victim = self.blob_files()[0]
        os.remove(victim)
        code, out = check(self.srv, "--repair")
        self.assertEqual(code, 1, out)
        self.assertIn("is missing", out)
        self.assertIn("restore from a backup", out)
        with sqlite3.connect(self.db) as c:
            self.assertEqual(c.execute("SELECT count(*) FROM messages").fetchone()[0], 4)

    def test_deep_finds_damaged_content(self):
        victim = self.blob_files()[0]
        size = os.path.getsize(victim)
        with open(victim, "r+b") as f:
            f.write(b"#" * size)  # same size, other bytes
        code, out = check(self.srv)
        self.assertEqual(code, 0, out)  # sizes match: only --deep reads the content
        code, out = check(self.srv, "--deep")
        self.assertEqual(code, 1, out)
        self.assertIn("does not match its hash", out)

    def search_docs(self):
        with sqlite3.connect(self.db) as c:
            return c.execute("SELECT d.blob_id, d.fts, d.doc, d.text_hash FROM search_docs d "
                             "JOIN blobs b ON b.id = d.blob_id ORDER BY d.blob_id").fetchall()

    def search_after_restart(self):
        """Starts the server, waits (bounded) until its indexer has indexed
        every message again, and returns what BODY searches answer."""
        self.srv.users = {}
        self.srv.start()
        m = imaplib.IMAP4("127.0.0.1", self.srv.imap_port)
        m.login("alice", "secret")
        m.select("INBOX")
        for _ in range(300):
            rows = self.search_docs()
            if rows and all(fts == 1 for _b, fts, _d, _h in rows):
                break
            time.sleep(0.1)
        else:
            self.fail("the indexer did not index every message again: %r" % (rows,))
        found = [m.search(None, "BODY", '"body %d"' % i)[1][0] for i in range(3)]
        m.logout()
        self.srv.stop()
        return found

    def test_search_index_found_and_repaired(self):
        rows = self.search_docs()
        self.assertEqual(len(rows), 3, rows)
        self.assertTrue(all(fts == 1 for _b, fts, _d, _h in rows), rows)  # indexed by the server
        (b0, _f0, _d0, _h0), (b1, _f1, _d1, _h1), (b2, _f2, d2, _h2) = rows
        with sqlite3.connect(self.db) as c:
            # 1. A blob loses its row: BODY searches the index answers would miss it.
            c.execute("DELETE FROM search_docs WHERE blob_id = ?", (b0,))
            # 2. A row whose text hash no longer matches the message's text.
            c.execute("UPDATE search_docs SET text_hash = text_hash + 1 WHERE blob_id = ?", (b1,))
            # 3. A row naming a document the index does not hold, above the
            #    next document number (a later message would share it).
            c.execute("UPDATE search_docs SET doc = ? WHERE blob_id = ?", (d2 + 1000, b2))
        code, out = check(self.srv)
        self.assertEqual(code, 1, out)
        self.assertIn("has no row in the search index", out)
        self.assertIn("next document number", out)
        self.assertNotIn("does not match message data", out)  # reading the texts is --deep's
        code, out = check(self.srv, "--deep")
        self.assertEqual(code, 1, out)
        self.assertIn("the full-text index does not match message data", out)
        self.assertIn("the full-text index does not hold the text of message data", out)

        code, out = check(self.srv, "--repair", "--deep")
        self.assertEqual(code, 0, out)
        self.assertIn("added (indexed again)", out)
        self.assertEqual(out.count("did not match: indexed again"), 2, out)
        self.assertIn("next document number set above %d" % (d2 + 1000), out)
        code, out = check(self.srv, "--deep")
        self.assertEqual((code, "clean" in out), (0, True), out)
        with sqlite3.connect(self.db) as c:
            self.assertEqual(c.execute("SELECT count(*) FROM messages").fetchone()[0], 4)
            self.assertGreater(c.execute("SELECT value FROM meta WHERE key = 'search_next_doc'").fetchone()[0],
                               d2 + 1000)

        # The server indexes the three again, and the index answers.
        self.assertEqual(self.search_after_restart(), [b"1", b"2", b"3"])
        code, out = check(self.srv, "--deep")
        self.assertEqual((code, "clean" in out), (0, True), out)

    def test_damaged_index_structure_is_rebuilt(self):
        with sqlite3.connect(self.db) as c:
            c.execute("UPDATE search_fts_data SET block = substr(block, 1, length(block) / 2) WHERE id > 10")
        code, out = check(self.srv)
        self.assertEqual(code, 1, out)
        self.assertIn("the full-text index is damaged", out)
        code, out = check(self.srv, "--repair")
        self.assertEqual(code, 0, out)
        self.assertIn("damaged full-text index was emptied", out)
        self.assertTrue(all(fts == 0 for _b, fts, _d, _h in self.search_docs()))
        code, out = check(self.srv, "--deep")
        self.assertEqual((code, "clean" in out), (0, True), out)
        self.assertEqual(self.search_after_restart(), [b"1", b"2", b"3"])
        code, out = check(self.srv, "--deep")
        self.assertEqual((code, "clean" in out), (0, True), out)


if __name__ == "__main__":
    unittest.main()
