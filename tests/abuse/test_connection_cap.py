#!/usr/bin/env python3
"""limits.connections_per_ip (issue 11): when an operator sets it, it counts
every connection from the address from the start, logged in or not, TLS
or not. Past it a new connection gets "* BYE" at once (before any TLS
handshake on 993), with a log line; other addresses are not affected;
places come back as connections close; a SIGHUP changes the cap for new
connections.
"""
import os
import re
import signal
import unittest

from abuselib import CairnServer, Line, closed_by_peer, connect, log_size, recv_until, wait_log

CAP = 20


class ConnectionCap(unittest.TestCase):
    def test_cap_per_address_from_connect(self):
        srv = CairnServer(users={"alice": "secret"}, config="[limits]\nconnections_per_ip = %d\n" % CAP)
        srv.start()
        self.addCleanup(srv.cleanup)
        since = log_size(srv)
        held = [connect(srv.imap_port, "127.0.0.80") for _ in range(CAP - 2)]
        held += [connect(srv.imaps_port, "127.0.0.80") for _ in range(2)]  # TLS ones count too
        for s in held[:CAP - 2]:
            self.assertTrue(recv_until(s, re.compile(rb"\r\n")).startswith(b"* OK"))
        # One more: refused at once, plain and TLS.
        extra = connect(srv.imap_port, "127.0.0.80")
        self.assertTrue(recv_until(extra, re.compile(rb"\r\n")).startswith(b"* BYE Too many connections"))
        self.assertTrue(closed_by_peer(extra))
        extra.close()
        extra = connect(srv.imaps_port, "127.0.0.80")
        self.assertTrue(closed_by_peer(extra))
        extra.close()
        self.assertEqual(len(wait_log(srv, r"event=limit [^\n]*peer=127\.0\.0\.80 [^\n]*what=connections_per_ip",
                                      count=2, since=since)), 2)
        # Another address is served.
        c = Line(srv.imap_port, "127.0.0.81")
        c.login("alice")
        c.close()
        # A place comes back when a connection closes.
        held.pop().close()
        for _ in range(200):  # until the server has seen the close (bounded)
            s = connect(srv.imap_port, "127.0.0.80")
            line = recv_until(s, re.compile(rb"\r\n"))
            if line.startswith(b"* OK"):
                held.append(s)
                break
            s.close()
        else:
            self.fail("the closed connection's place never came back")
        # SIGHUP: a larger cap applies to new connections.
        with open(srv.config_path) as f:
            text = f.read()
        text = text.replace("connections_per_ip = %d" % CAP, "connections_per_ip = %d" % (CAP + 5))
        with open(srv.config_path, "w") as f:
            f.write(text)
        mark = log_size(srv)
        os.kill(srv.proc.pid, signal.SIGHUP)
        self.assertTrue(wait_log(srv, r"event=\"configuration reloaded\"", since=mark))
        more = [connect(srv.imap_port, "127.0.0.80") for _ in range(5)]
        for s in more:
            self.assertTrue(recv_until(s, re.compile(rb"\r\n")).startswith(b"* OK"))
        s = connect(srv.imap_port, "127.0.0.80")
        self.assertTrue(recv_until(s, re.compile(rb"\r\n")).startswith(b"* BYE"))
        for s in held + more + [s]:
            s.close()


if __name__ == "__main__":
    unittest.main()
