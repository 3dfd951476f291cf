#!/usr/bin/env python3
"""A real client against a real server: Python's imaplib talks to `cairn
serve` over STARTTLS (port 143) and implicit TLS (port 993), logging in with
LOGIN and with AUTHENTICATE PLAIN; builds a folder tree with non-ASCII names
(imaplib sends names as given, so the test encodes them in modified UTF-7);
APPENDs messages with flags and dates and FETCHes them back byte for byte;
RENAMEs and DELETEs; two clients see each other's changes; a bad login is
refused; clients that vanish mid-response do not hurt the server.

    python3 tests/integration/test_imaplib.py [-v]
"""
import base64
import datetime
import imaplib
import os
import re
import select
import socket
import ssl
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cairnlib import CairnServer, tls_context  # noqa: E402

HOST = "127.0.0.1"


def mutf7_encode(name):
    """UTF-8 text to modified UTF-7 (RFC 3501 section 5.1.3), written here
    independently of the server's codec."""
    out, run = [], []

    def flush():
        if run:
            b = "".join(run).encode("utf-16-be")
            out.append("&" + base64.b64encode(b).decode().rstrip("=").replace("/", ",") + "-")
            run.clear()

    for ch in name:
        if 0x20 <= ord(ch) <= 0x7E:
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            run.append(ch)
    flush()
    return "".join(out)


def mutf7_decode(text):
    def run(m):
        if m.group(1) == "":
            return "&"
        b64 = m.group(1).replace(",", "/")
        b64 += "=" * (-len(b64) % 4)
        return base64.b64decode(b64).decode("utf-16-be")
    return re.sub(r"&([A-Za-z0-9+,]*)-", run, text)


def quoted(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def from_address(cls, source):
    """An imaplib client class whose connections come from `source` (its own
    loopback address, so that the login throttle of one test never delays
    another)."""
    class Client(cls):
        def _create_socket(self, timeout):
            sock = socket.create_connection((self.host, self.port), timeout, source_address=(source, 0))
            if cls is imaplib.IMAP4_SSL:
                return self.ssl_context.wrap_socket(sock, server_hostname=None)
            return sock
    return Client


def plain(user, password):
    return lambda _challenge: b"\0" + user.encode() + b"\0" + password.encode()


def parse_list_line(line):
    """b'(\\HasNoChildren) "/" name' -> (attributes, name as sent)."""
    m = re.match(rb'^\(([^)]*)\) "/" (.*)$', line)
    assert m, line
    name = m.group(2)
    if name.startswith(b'"'):
        name = name[1:-1].replace(b'\\"', b'"').replace(b"\\\\", b"\\")
    return m.group(1).decode().split(), name.decode("ascii")


class ImaplibTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = CairnServer(users={"alice": "secret", "bob": "pass word", "carol": "c4rol"})
        cls.srv.start()

    @classmethod
    def tearDownClass(cls):
        problem = cls.srv.log_problems()
        code = cls.srv.stop()
        cls.srv.cleanup()
        if problem:
            raise AssertionError("server log shows a problem:\n" + problem)
        if code != 0:
            raise AssertionError("server exited with %s on SIGTERM" % code)

    def starttls_client(self, source="127.0.0.1"):
        c = from_address(imaplib.IMAP4, source)(HOST, self.srv.imap_port, timeout=10)
        self.assertIn("STARTTLS", c.capabilities)
        typ, _ = c.starttls(ssl_context=tls_context())
        self.assertEqual(typ, "OK")
        return c

    def imaps_client(self, source="127.0.0.1"):
        return from_address(imaplib.IMAP4_SSL, source)(HOST, self.srv.imaps_port, ssl_context=tls_context(),
                                                        timeout=10)

    def logged_in(self, user="alice", password="secret"):
        c = self.imaps_client()
        c.login(user, password)
        return c

    # -- logging in -------------------------------------------------------
    def check_session(self, c, user):
        self.assertEqual(c.state, "AUTH")
        typ, data = c.capability()
        self.assertEqual(typ, "OK")
        caps = data[0].decode().split()
        self.assertIn("IMAP4rev1", caps)
        self.assertIn("NAMESPACE", caps)
        self.assertNotIn("STARTTLS", caps)
        typ, data = c.list('""', "INBOX")
        self.assertEqual(typ, "OK")
        self.assertEqual(parse_list_line(data[0])[1], "INBOX")
        typ, data = c.logout()
        self.assertEqual(typ, "BYE")

    def test_starttls_login(self):
        c = self.starttls_client()
        # After STARTTLS the capabilities drop STARTTLS (imaplib re-reads them).
        typ, data = c.capability()
        self.assertNotIn("STARTTLS", data[0].decode().split())
        self.assertIn("AUTH=PLAIN", data[0].decode().split())
        typ, data = c.login("alice", "secret")
        self.assertEqual(typ, "OK")
        self.check_session(c, "alice")

    def test_starttls_authenticate_plain(self):
        c = self.starttls_client()
        typ, _ = c.authenticate("PLAIN", plain("bob", "pass word"))
        self.assertEqual(typ, "OK")
        self.check_session(c, "bob")

    def test_imaps_login(self):
        c = self.imaps_client()
        self.assertNotIn("STARTTLS", c.capabilities)
        typ, _ = c.login("Alice", "secret")
        self.assertEqual(typ, "OK")
        self.check_session(c, "alice")

    def test_imaps_authenticate_plain(self):
        c = self.imaps_client()
        typ, _ = c.authenticate("PLAIN", plain("carol", "c4rol"))
        self.assertEqual(typ, "OK")
        self.check_session(c, "carol")

    def test_bad_login(self):
        for i, (user, password) in enumerate([("alice", "wrong"), ("nobody", "secret"), ("bob", "pass")]):
            c = self.imaps_client(source="127.0.0.%d" % (60 + i))
            with self.assertRaises(imaplib.IMAP4.error) as e:
                c.login(user, password)
            self.assertIn("[AUTHENTICATIONFAILED] Authentication failed.", str(e.exception))
            self.assertEqual(c.state, "NONAUTH")
            c.logout()
        c = self.starttls_client(source="127.0.0.63")
        with self.assertRaises(imaplib.IMAP4.error) as e:
            c.authenticate("PLAIN", plain("alice", "nope"))
        self.assertIn("AUTHENTICATIONFAILED", str(e.exception))
        c.logout()

    # -- folders -------------------------------------------------------------
    def test_folder_tree_with_non_ascii_names(self):
        tree = ["Entwürfe", "Projekte/Größe", "Projekte/日本語/台北", "Привет/мир", "naïve & cool",
                "emoji 😀/x"]
        c = self.logged_in("carol", "c4rol")
        for name in tree:
            typ, data = c.create(quoted(mutf7_encode(name)))
            self.assertEqual(typ, "OK", (name, data))
        typ, data = c.list('""', "*")
        self.assertEqual(typ, "OK")
        listed = {mutf7_decode(parse_list_line(line)[1]): parse_list_line(line)[0] for line in data}
        # Superiors were created; each name comes back as created.
        for name in tree + ["Projekte", "Projekte/日本語", "Привет", "emoji 😀"]:
            self.assertIn(name, listed)
        self.assertIn("\\HasChildren", listed["Projekte/日本語"])
        self.assertIn("\\HasNoChildren", listed["Projekte/日本語/台北"])
        # STATUS and SELECT by the encoded name.
        enc = quoted(mutf7_encode("Projekte/日本語/台北"))
        typ, data = c.status(enc, "(MESSAGES UIDNEXT)")
        self.assertEqual(typ, "OK")
        self.assertIn(b"(MESSAGES 0 UIDNEXT 1)", data[0])
        typ, data = c.select(enc)
        self.assertEqual((typ, data), ("OK", [b"0"]))
        c.close()
        # RENAME carries the children; DELETE removes one name only.
        typ, _ = c.rename(quoted(mutf7_encode("Projekte")), quoted(mutf7_encode("Проекты")))
        self.assertEqual(typ, "OK")
        typ, _ = c.delete(quoted(mutf7_encode("Entwürfe")))
        self.assertEqual(typ, "OK")
        typ, data = c.list('""', "*")
        names = {mutf7_decode(parse_list_line(line)[1]) for line in data}
        self.assertIn("Проекты/日本語/台北", names)
        self.assertIn("Проекты/Größe", names)
        self.assertNotIn("Projekte", names)
        self.assertNotIn("Entwürfe", names)
        self.assertIn("naïve & cool", names)
        typ, data = c.select(quoted(mutf7_encode("Entwürfe")))
        self.assertEqual(typ, "NO")
        typ, data = c.delete(quoted(mutf7_encode("Entwürfe")))
        self.assertEqual(typ, "NO")
        self.assertIn(b"[NONEXISTENT]", data[0])
        c.logout()

    # -- messages ------------------------------------------------------------
    def test_append_and_fetch_byte_for_byte(self):
        tz = datetime.timezone(datetime.timedelta(hours=5, minutes=30))
        messages = [
            (r"(\Seen)", datetime.datetime(2021, 3, 4, 5, 6, 7, tzinfo=tz),
             b"From: a@example.org\r\nSubject: plain\r\n\r\nHello.\r\n"),
            (r"(\Flagged $Label1)", datetime.datetime(1999, 12, 31, 23, 59, 59, tzinfo=datetime.timezone.utc),
             "Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
             "Grüße, 日本語 😀\r\n".encode("utf-8")),
            (None, None, b"Subject: eight bit\r\n\r\n" + bytes(range(0x80, 0x100)) + b"\r\n"),
            (r"(\Draft \Answered)", datetime.datetime(2030, 1, 1, 0, 0, 0,
                                                      tzinfo=datetime.timezone(-datetime.timedelta(hours=8))),
             b"Subject: big\r\n\r\n" + b"".join(b"line %06d " % i + b"x" * 60 + b"\r\n" for i in range(3000))),
        ]
        c = self.logged_in("bob", "pass word")
        c.create("Inbound")
        uids = []
        for flags, when, body in messages:
            typ, data = c.append("Inbound", flags, imaplib.Time2Internaldate(when) if when else None, body)
            self.assertEqual(typ, "OK", data)
            m = re.search(rb"\[APPENDUID (\d+) (\d+)\]", data[0])
            self.assertTrue(m, data)
            uids.append(int(m.group(2)))
        self.assertEqual(uids, [1, 2, 3, 4])
        typ, data = c.status("Inbound", "(MESSAGES UIDNEXT UNSEEN SIZE)")
        self.assertEqual(typ, "OK")
        size = sum(len(b) for _, _, b in messages)
        self.assertIn(b"(MESSAGES 4 UIDNEXT 5 UNSEEN 3 SIZE %d)" % size, data[0])
        typ, data = c.select("Inbound", readonly=True)
        self.assertEqual(data, [b"4"])
        for i, (flags, when, body) in enumerate(messages, 1):
            typ, data = c.fetch(str(i), "(UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[])")
            self.assertEqual(typ, "OK")
            head, literal = data[0]
            self.assertEqual(literal, body, "message %d differs" % i)
            self.assertIn(b"UID %d " % i, head)
            self.assertIn(b"RFC822.SIZE %d " % len(body), head)
            got_flags = set(re.search(rb"FLAGS \(([^)]*)\)", head).group(1).decode().split()) - {"\\Recent"}
            want = set(flags.strip("()").split()) if flags else set()
            self.assertEqual(got_flags, want)
            if when:
                got = imaplib.Internaldate2tuple(head)
                self.assertEqual(datetime.datetime(*got[:6], tzinfo=tz).timestamp() - got.tm_gmtoff +
                                 tz.utcoffset(None).total_seconds(), when.timestamp())
        # A partial fetch of the big one, then a non-PEEK fetch sets \Seen
        # (not in a read-only session: select it read-write).
        c.select("Inbound")
        typ, data = c.fetch("4", "(BODY[]<16.10>)")
        self.assertEqual(data[0][1], messages[3][2][16:26])
        typ, data = c.fetch("4", "(FLAGS)")
        self.assertIn(b"\\Seen", data[0])
        typ, data = c.uid("FETCH", "3", "(BODY.PEEK[])")
        self.assertEqual(data[0][1], messages[2][2])
        c.close()
        c.logout()

    def test_two_clients(self):
        a = self.logged_in()
        b = self.logged_in()
        a.create("Shared")
        typ, data = b.list('""', "Shared")
        self.assertEqual(len([d for d in data if d]), 1)
        a.select("Shared")
        b.append("Shared", None, None, b"Subject: from b\r\n\r\nhi\r\n")
        typ, data = b.status("Shared", "(MESSAGES)")
        self.assertIn(b"(MESSAGES 1)", data[0])
        # A hears of the new message at its next command.
        a.untagged_responses.clear()
        typ, _ = a.noop()
        self.assertEqual(a.untagged_responses.get("EXISTS"), [b"1"])
        typ, data = a.fetch("1", "(BODY.PEEK[])")
        self.assertEqual(data[0][1], b"Subject: from b\r\n\r\nhi\r\n")
        b.rename("Shared", "Shared2")
        typ, data = a.list('""', "Shared*")
        self.assertEqual([parse_list_line(d)[1] for d in data if d], ["Shared2"])
        a.logout()
        b.logout()

    # -- robustness ----------------------------------------------------------
    def test_tls_clients_that_vanish(self):
        # Regression: a TLS client that closed its connection with an answer
        # still unread (the kernel then resets the connection) made the
        # server read ECONNRESET, then write its TLS close_notify, and die of
        # SIGPIPE, taking every session with it. Before login, too.
        for login in (False, True):
            for _ in range(3):
                s = tls_context().wrap_socket(socket.create_connection((HOST, self.srv.imaps_port), 10))
                s.recv(1000)
                s.sendall(b"a LOGIN carol c4rol\r\nb NOOP\r\n" if login else b"a NOOP\r\n")
                select.select([s], [], [], 10)  # the answer is there: leave it unread
                s.close()
                # The server is still there for the next client.
                c = self.imaps_client()
                self.assertEqual(c.noop()[0], "OK")
                c.logout()
        # And it still serves a big FETCH to a client that resets halfway.
        c = self.logged_in("carol", "c4rol")
        c.create("Big")
        c.append("Big", None, None, b"Subject: big\r\n\r\n" + b"y" * 2_000_000 + b"\r\n")
        c.logout()
        for _ in range(3):
            s = tls_context().wrap_socket(socket.create_connection((HOST, self.srv.imaps_port), 10))
            s.recv(1000)
            s.sendall(b"a LOGIN carol c4rol\r\nb SELECT Big\r\nc FETCH 1 BODY.PEEK[]\r\n")
            s.recv(100)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            s.close()
        c = self.logged_in("carol", "c4rol")
        typ, data = c.status("Big", "(MESSAGES)")
        self.assertIn(b"(MESSAGES 1)", data[0])
        c.logout()
        self.assertIsNone(self.srv.proc.poll(), "the server died:\n" + self.srv.log()[-3000:])


if __name__ == "__main__":
    unittest.main()
