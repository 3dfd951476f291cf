"""A real Postfix (Debian's package, a private instance: postfixlib.py)
delivering to Cairn over LMTP on Cairn's Unix socket, as an operator would
set it up (docs/delivery.md):

- mail sent with Python's smtplib reaches the accounts, found over IMAP,
  intact (8-bit text, lines that begin with dots, a long line), with the
  Return-Path and Delivered-To fields Cairn adds;
- an unknown recipient is refused during the SMTP dialogue (Postfix asks
  Cairn first: an address verification probe over LMTP, answered 550 5.1.1);
- an over-quota recipient is bounced with 5.2.2: the sender (a Cairn
  account too) receives Postfix's delivery status notification;
- a pipe(8) transport running `cairn deliver` as the server's user (the
  README's second way) delivers too, and its exit codes become Postfix's
  answers (73 over quota: a bounce).
"""
import email
import imaplib
import os
import re
import smtplib
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from cairnlib import CairnServer  # noqa: E402
from test_lmtp import BAD_LOG_SIGNS  # noqa: E402
import postfixlib  # noqa: E402

WAIT = 30.0


def wait_for(predicate, what, timeout=WAIT):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out waiting for " + what)


def mailbox_messages(srv, user, password, mailbox="INBOX"):
    m = imaplib.IMAP4("127.0.0.1", srv.imap_port)
    try:
        m.login(user, password)
        typ, count = m.select(mailbox, readonly=True)
        if int(count[0]) == 0:
            return []
        typ, data = m.fetch("1:*", "(BODY.PEEK[])")
        return [part[1] for part in data if isinstance(part, tuple)]
    finally:
        m.logout()


class PostfixDelivers(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        why = postfixlib.available()
        if why:
            raise unittest.SkipTest(why)
        cls.srv = CairnServer(
            users={"alice": "a", "sender": "s", "full@example.org": "f"},
            config='[lmtp]\nsocket = "%s"\nsocket_group = "postfix"\nsocket_mode = 0o660\n'
                   '[delivery]\nlocal_domains = ["example.org", "pipe.example"]\n')
        cls.sock = os.path.join(cls.srv.tmp, "cairn-lmtp.sock")
        cls.srv.config = cls.srv.config % cls.sock
        cls.pf = None
        try:
            cls.srv.start()
            cls.srv.cli("user", "quota", "full@example.org", "--storage", "1K")
            argv = "%s deliver --data %s --config %s -f ${sender} ${recipient}" % (
                cls.srv.binary, cls.srv.data_dir, cls.srv.config_path)
            cls.pf = postfixlib.Postfix(os.path.join(cls.srv.tmp, "postfix"), lmtp_socket=cls.sock,
                                        pipe_domain="pipe.example", pipe_argv=argv).start()
        except Exception:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        if cls.pf:
            cls.pf.stop()
        code = cls.srv.stop()
        log = cls.srv.log()
        cls.srv.cleanup()
        for bad in BAD_LOG_SIGNS:
            assert bad not in log, log[-4000:]
        assert code in (0, None), log[-2000:]

    def smtp(self):
        s = smtplib.SMTP("127.0.0.1", self.pf.smtp_port, timeout=WAIT)
        s.ehlo("client.test")
        return s

    def test_socket_is_group_accessible(self):
        st = os.stat(self.sock)
        self.assertEqual(st.st_mode & 0o777, 0o660)
        import grp
        self.assertEqual(grp.getgrgid(st.st_gid).gr_name, "postfix")

    def test_delivery_intact(self):
        body = ("Grüße aus Köln\r\n"
                ".a line that begins with a dot\r\n"
                "..and one with two\r\n"
                + "x" * 900 + "\r\n"
                "last line\r\n").encode("utf-8")
        msg = (b"From: Bob <bob@elsewhere.test>\r\n"
               b"To: Alice <alice@example.org>\r\n"
               b"Subject: through postfix\r\n"
               b"Message-ID: <postfix-test-1@elsewhere.test>\r\n"
               b"Date: Thu, 26 Nov 2026 10:00:00 +0000\r\n"
               b"MIME-Version: 1.0\r\n"
               b"Content-Type: text/plain; charset=utf-8\r\n"
               b"Content-Transfer-Encoding: 8bit\r\n\r\n" + body)
        s = self.smtp()
        refused = s.sendmail("bob@elsewhere.test", ["alice@example.org"], msg)
        s.quit()
        self.assertEqual(refused, {})
        msgs = wait_for(lambda: [m for m in mailbox_messages(self.srv, "alice", "a")
                                 if b"postfix-test-1" in m], "the message in alice's INBOX")
        got = msgs[0]
        # Intact: everything Bob wrote, byte for byte, after the fields the
        # MTA and Cairn put in front.
        self.assertTrue(got.endswith(msg), got[:600])
        header = got[:len(got) - len(msg)]
        self.assertTrue(header.startswith(b"Return-Path: <bob@elsewhere.test>\r\n"
                                          b"Delivered-To: alice@example.org\r\n"), header)
        self.assertIn(b"with LMTP", header)    # Cairn's Received
        self.assertIn(b"with ESMTP", header)   # Postfix's Received

    def test_unknown_recipient_refused(self):
        s = self.smtp()
        s.mail("bob@elsewhere.test")
        code, text = s.rcpt("nobody@example.org")
        self.assertEqual(code, 550, text)
        self.assertIn(b"5.1.1", text)
        self.assertIn(b"doesn't exist", text)   # Cairn's words, relayed by Postfix
        code, text = s.rcpt("alice@example.org")
        self.assertEqual(code, 250, text)
        s.rset()
        s.quit()
        # Postfix asked Cairn: an LMTP probe that Cairn refused at RCPT.
        self.assertRegex(self.srv.log(), r'event="lmtp unknown recipient" .*to=nobody@example\.org')

    def test_over_quota_bounced(self):
        big = b"Subject: too big for full\r\nMessage-ID: <postfix-test-quota@example.org>\r\n\r\n" + \
              (b"y" * 78 + b"\r\n") * 40
        s = self.smtp()
        refused = s.sendmail("sender@example.org", ["full@example.org"], big)
        s.quit()
        self.assertEqual(refused, {})   # accepted: the probe only checks that the account exists
        # Postfix got 552 5.2.2 at the end of DATA and bounced the message:
        # the sender finds the delivery status notification in its INBOX.
        dsn = wait_for(lambda: [m for m in mailbox_messages(self.srv, "sender", "s")
                                if b"postfix-test-quota" in m and b"delivery-status" in m.lower()],
                       "the bounce in the sender's INBOX")[0]
        report = email.message_from_bytes(dsn)
        status = None
        for part in report.walk():
            if part.get_content_type() == "message/delivery-status":
                text = part.as_string()
                status = re.search(r"Status:\s*(\S+)", text).group(1)
                self.assertIn("552 5.2.2", text)
                self.assertIn("full@example.org", text)
        self.assertEqual(status, "5.2.2")
        self.assertRegex(self.pf.log(), r"to=<full@example\.org>.*status=bounced \(host .* said: 552 5\.2\.2")
        self.assertEqual(mailbox_messages(self.srv, "full@example.org", "f"), [])


    def test_pipe_transport_runs_cairn_deliver(self):
        # With From and Date present, Postfix adds nothing to the header but
        # its Received field.
        msg = (b"From: bob@elsewhere.test\r\nDate: Thu, 26 Nov 2026 10:00:00 +0000\r\n"
               b"Subject: through the pipe\r\nMessage-ID: <postfix-test-pipe@elsewhere.test>\r\n\r\n"
               b"via cairn deliver\r\n")
        s = self.smtp()
        self.assertEqual(s.sendmail("bob@elsewhere.test", ["alice@pipe.example", "full@pipe.example"], msg), {})
        s.quit()
        got = wait_for(lambda: [m for m in mailbox_messages(self.srv, "alice", "a") if b"postfix-test-pipe" in m],
                       "the piped message in alice's INBOX")[0]
        self.assertTrue(got.startswith(b"Return-Path: <bob@elsewhere.test>\r\nDelivered-To: alice@pipe.example\r\n"),
                        got[:300])
        self.assertTrue(got.endswith(msg), got)
        # full@... has no account under pipe.example's local part "full":
        # cairn deliver exits 67 and Postfix bounces it as an unknown user.
        wait_for(lambda: re.search(r"to=<full@pipe\.example>, relay=cairn.*status=bounced", self.pf.log()),
                 "the bounce of full@pipe.example in Postfix's log")


if __name__ == "__main__":
    unittest.main()
