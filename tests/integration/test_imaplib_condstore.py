"""Python's imaplib in a CONDSTORE/QRESYNC session (RFC 7162), checked line
by line (issue 7): every line imaplib sent and received is recorded and
compared with the expected session, and what imaplib made of it (its
return values and response codes) is checked too. A second imaplib session
makes the changes the first one must hear of.

imaplib passes its arguments through, so SELECT parameters, FETCH and STORE
modifiers go in as text: `select('INBOX (QRESYNC (...))')`,
`store(set, '(UNCHANGEDSINCE n) +FLAGS.SILENT', flags)`.
"""
import imaplib
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cairnlib import CairnServer, tls_context  # noqa: E402


class Recording(imaplib.IMAP4_SSL):
    """imaplib over TLS, keeping every line both ways (tags made neutral:
    imaplib's tags are random)."""

    def __init__(self, *a, **k):
        self.lines = []
        super().__init__(*a, **k)

    def _neutral(self, line):
        return re.sub(r"^(\* )?" + re.escape(self.tagpre.decode()) + r"\d+", "T", line) if self.tagpre else line

    def _get_line(self):
        line = super()._get_line()
        self.lines.append("S: " + self._neutral(line.decode()))
        return line

    def send(self, data):
        for piece in data.split(b"\r\n"):
            if piece:
                self.lines.append("C: " + self._neutral(piece.decode()))
        return super().send(data)

    def take(self):
        out, self.lines = self.lines, []
        return out


def message(n):
    return b"Subject: %d\r\nMessage-ID: <%d@example.org>\r\n\r\nbody %d\r\n" % (n, n, n)


class ImaplibCondstore(unittest.TestCase):
    def setUp(self):
        self.srv = CairnServer(users={"alice": "secret"})
        self.srv.start()
        self.addCleanup(self.srv.cleanup)

    def connect(self):
        c = Recording("127.0.0.1", self.srv.imaps_port, ssl_context=tls_context(), timeout=30)
        c.login("alice", "secret")
        c.take()
        self.addCleanup(self._close, c)
        return c

    @staticmethod
    def _close(c):
        try:
            c.logout()
        except (imaplib.IMAP4.error, OSError):
            pass

    def expect(self, c, lines, **values):
        want = [l.format(**values) for l in lines]
        self.assertEqual(c.take(), want)

    def test_session(self):
        a, b = self.connect(), self.connect()
        self.assertEqual(a.enable("QRESYNC"), ("OK", [b"ENABLE completed"]))
        self.expect(a, ["C: T ENABLE QRESYNC", "S: * ENABLED QRESYNC", "S: T OK ENABLE completed"])
        self.assertEqual(a.untagged_responses.pop("ENABLED"), [b"QRESYNC"])
        for n in range(1, 5):  # MODSEQ 2 to 5
            b.append("INBOX", None, None, message(n))

        typ, data = a.select("INBOX")
        self.assertEqual((typ, data), ("OK", [b"4"]))
        uv = a.untagged_responses["UIDVALIDITY"][0].decode()
        self.assertEqual(a.untagged_responses["HIGHESTMODSEQ"], [b"5"])
        self.expect(a, [
            "C: T SELECT INBOX",
            "S: * 4 EXISTS", "S: * 4 RECENT", "S: * OK [UNSEEN 1] First unseen",
            "S: * OK [UIDVALIDITY {uv}] UIDs valid", "S: * OK [UIDNEXT 5] Predicted next UID",
            "S: * OK [HIGHESTMODSEQ 5] Highest",
            "S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)",
            "S: * OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted",
            "S: T OK [READ-WRITE] SELECT completed"], uv=uv)

        typ, data = a.uid("FETCH", "1:*", "(UID FLAGS MODSEQ)")
        self.assertEqual(typ, "OK")
        self.assertEqual(data, [b"%d (UID %d FLAGS (\\Recent) MODSEQ (%d))" % (n, n, n + 1) for n in range(1, 5)])
        a.take()

        # STORE (UNCHANGEDSINCE): .SILENT still answers with UID and MODSEQ.
        typ, data = a.store("1:2", "(UNCHANGEDSINCE 5) +FLAGS.SILENT", "(\\Seen)")
        self.assertEqual((typ, data), ("OK", [b"1 (UID 1 MODSEQ (6))", b"2 (UID 2 MODSEQ (6))"]))
        self.expect(a, ["C: T STORE 1:2 (UNCHANGEDSINCE 5) +FLAGS.SILENT (\\Seen)",
                        "S: * 1 FETCH (UID 1 MODSEQ (6))", "S: * 2 FETCH (UID 2 MODSEQ (6))",
                        "S: T OK STORE completed"])

        # B changes message 2 (MODSEQ 7): A's conditional store over it fails
        # for 2 only, which is reported with its flags and MODSEQ.
        b.select("INBOX")
        b.store("2", "+FLAGS", "($Label1)")
        typ, data = a.store("1:3", "(UNCHANGEDSINCE 6) +FLAGS.SILENT", "(\\Flagged)")
        self.assertEqual(typ, "OK")
        self.assertEqual(a.untagged_responses.pop("MODIFIED"), [b"2"])
        self.expect(a, [
            "C: T STORE 1:3 (UNCHANGEDSINCE 6) +FLAGS.SILENT (\\Flagged)",
            "S: * 1 FETCH (UID 1 MODSEQ (8))", "S: * 3 FETCH (UID 3 MODSEQ (8))",
            "S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Label1)",
            "S: * OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Label1 \\*)] Flags permitted",
            "S: * 2 FETCH (UID 2 FLAGS (\\Recent \\Seen $Label1) MODSEQ (7))",
            "S: T OK [MODIFIED 2] Conditional STORE failed"])

        # B expunges message 4 (MODSEQ 9 and 10). A's FETCH by sequence
        # number holds the VANISHED back and says HIGHESTMODSEQ 8; NOOP sends
        # it, with the true HIGHESTMODSEQ.
        b.store("4", "+FLAGS.SILENT", "(\\Deleted)")
        b.expunge()
        a.untagged_responses.clear()
        typ, data = a.fetch("4", "(UID FLAGS)")
        self.assertEqual((typ, data), ("OK", [b"4 (UID 4 FLAGS (\\Recent \\Deleted))"]))
        self.assertEqual(a.untagged_responses.get("HIGHESTMODSEQ"), [b"8"])
        self.expect(a, ["C: T FETCH 4 (UID FLAGS)", "S: * 4 FETCH (UID 4 FLAGS (\\Recent \\Deleted))",
                        "S: T OK [HIGHESTMODSEQ 8] FETCH completed"])
        typ, data = a.noop()
        self.assertEqual(a.untagged_responses.get("VANISHED"), [b"4"])
        self.expect(a, ["C: T NOOP", "S: * VANISHED 4", "S: T OK [HIGHESTMODSEQ 10] NOOP completed"])
        self.assertEqual(a.status("INBOX", "(HIGHESTMODSEQ MESSAGES)"),
                         ("OK", [b"INBOX (HIGHESTMODSEQ 10 MESSAGES 3)"]))
        a.logout()

        # While A is away: 1 loses \Seen (11), 2 is expunged (12, 13), a
        # new message arrives (14).
        b.store("1", "-FLAGS", "(\\Seen)")
        b.store("2", "+FLAGS.SILENT", "(\\Deleted)")
        b.expunge()
        b.unselect()
        b.append("INBOX", None, None, message(5))

        # A comes back with what it knew: UIDVALIDITY and MODSEQ 10.
        a = self.connect()
        a.enable("QRESYNC")
        a.take()
        typ, data = a.select("INBOX (QRESYNC (%s 10 1:4))" % uv)
        self.assertEqual((typ, data), ("OK", [b"3"]))
        self.assertEqual(a.untagged_responses["VANISHED"], [b"(EARLIER) 2"])
        self.expect(a, [
            "C: T SELECT INBOX (QRESYNC ({uv} 10 1:4))",
            "S: * 3 EXISTS", "S: * 1 RECENT", "S: * OK [UNSEEN 1] First unseen",
            "S: * OK [UIDVALIDITY {uv}] UIDs valid", "S: * OK [UIDNEXT 6] Predicted next UID",
            "S: * OK [HIGHESTMODSEQ 14] Highest",
            "S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Label1)",
            "S: * OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Label1 \\*)] Flags permitted",
            "S: * VANISHED (EARLIER) 2",
            "S: * 1 FETCH (UID 1 FLAGS (\\Flagged) MODSEQ (11))",
            "S: T OK [READ-WRITE] SELECT completed"], uv=uv)

        # UID FETCH (CHANGEDSINCE 10 VANISHED): the same story, and the new
        # message.
        a.untagged_responses.clear()
        typ, data = a.uid("FETCH", "1:*", "(FLAGS) (CHANGEDSINCE 10 VANISHED)")
        self.assertEqual(typ, "OK")
        self.assertEqual(data, [b"1 (FLAGS (\\Flagged) UID 1 MODSEQ (11))",
                                b"3 (FLAGS (\\Recent) UID 5 MODSEQ (14))"])
        self.assertEqual(a.untagged_responses.get("VANISHED"), [b"(EARLIER) 2"])
        self.expect(a, ["C: T UID FETCH 1:* (FLAGS) (CHANGEDSINCE 10 VANISHED)",
                        "S: * VANISHED (EARLIER) 2",
                        "S: * 1 FETCH (FLAGS (\\Flagged) UID 1 MODSEQ (11))",
                        "S: * 3 FETCH (FLAGS (\\Recent) UID 5 MODSEQ (14))",
                        "S: T OK FETCH completed"])

        # UID EXPUNGE answered with VANISHED and HIGHESTMODSEQ; CLOSE sends
        # no HIGHESTMODSEQ; errors are BAD and imaplib raises.
        a.uid("STORE", "3", "+FLAGS.SILENT", "(\\Deleted)")
        typ, data = a.uid("EXPUNGE", "3")
        self.assertEqual(typ, "OK")
        self.expect(a, ["C: T UID STORE 3 +FLAGS.SILENT (\\Deleted)",
                        "S: * 2 FETCH (UID 3 MODSEQ (15))", "S: T OK STORE completed",
                        "C: T UID EXPUNGE 3", "S: * VANISHED 3",
                        "S: T OK [HIGHESTMODSEQ 16] EXPUNGE completed"])
        with self.assertRaises(imaplib.IMAP4.error):
            a.fetch("1", "(FLAGS) (CHANGEDSINCE 1 VANISHED)")
        with self.assertRaises(imaplib.IMAP4.error):
            a.uid("FETCH", "1", "(FLAGS) (VANISHED)")
        self.assertEqual(a.close(), ("OK", [b"CLOSE completed"]))
        self.expect(a, ["C: T FETCH 1 (FLAGS) (CHANGEDSINCE 1 VANISHED)",
                        "S: T BAD VANISHED is allowed with UID FETCH only",
                        "C: T UID FETCH 1 (FLAGS) (VANISHED)",
                        "S: T BAD VANISHED requires CHANGEDSINCE",
                        "C: T CLOSE", "S: T OK CLOSE completed"])
        self.assertIsNone(self.srv.log_problems())


if __name__ == "__main__":
    unittest.main()
