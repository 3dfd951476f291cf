#!/usr/bin/env python3
"""Transcripts that mix LMTP and IMAP (issue 10): delivery, quotas, the
delivery command. The format is transcript.py's (its escapes, patterns and
@config / @user / @use / @close / @closed / > / >> / < directives), with:

    @conn NAME [lmtp|unix]  open an IMAP connection (default), an LMTP one on
                            the server's TCP LMTP listener ("lmtp"), or an
                            LMTP one on the Unix socket in the data folder
                            ("unix")
    @env VAR=VALUE          environment of the server and of @run / @deliver
                            (e.g. CAIRN_TEST_DELIVERY_FAULT)
    @run CODE ARGS...       run `cairn ARGS --data DIR --config FILE`; its
                            exit code must be CODE
    @deliver CODE USER TEXT `cairn deliver USER` with TEXT (escapes as in >>)
                            on standard input; exit code CODE. USER may
                            carry options after "|": alice|--folder|Work
    <* PATTERN              skip server lines until one matches PATTERN (for
                            responses whose other lines are not the point,
                            such as the untagged part of SELECT)
    @pending REASON         the file waits for work not yet on main: it is
                            reported as pending (not run, not passed)
    @requires-imap-command NAME
                            skip the file (it passes, saying so) when the
                            server answers NAME with "Unknown command" (for
                            commands another branch adds)

    tests/integration/lmtp_transcript.py [FILE.t ...]   (default: lmtp/*.t)

The server gets an LMTP listener on 127.0.0.1:0 and its default Unix socket.
"""
import glob
import os
import re
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from cairnlib import CairnServer, ServerError  # noqa: E402
from transcript import Connection, Mismatch, escape, parse, pattern_regex, unescape  # noqa: E402

TIMEOUT = 10.0
LMTP_CONFIG = '[lmtp]\nlisten = "127.0.0.1:0"\nhostname = "lmtp.test"\n'


def lmtp_port(srv):
    m = re.search(r'event=started .*lmtp="127\.0\.0\.1:(\d+)', srv.log())
    if not m:
        raise Mismatch("no LMTP listener in the start-up line")
    return int(m.group(1))


def unix_socket(srv):
    return os.path.join(srv.data_dir, "lmtp.sock")


def split_env(steps):
    env, rest = {}, []
    for lineno, step in steps:
        if step.startswith("@env "):
            k, v = step[5:].split("=", 1)
            env[k.strip()] = v.strip()
        else:
            rest.append((lineno, step))
    return env, rest


def imap_command_exists(srv, users, name):
    """Logs in as the first user and sends NAME alone: an unknown command is
    answered "Unknown command NAME", a known one anything else."""
    user, pw = next(iter(users.items()))
    s = srv.connect()
    c = Connection(s)
    try:
        deadline = time.time() + TIMEOUT
        c.read_line(deadline)
        s.sendall(("p1 LOGIN %s %s\r\n" % (user, pw)).encode())
        while not c.read_line(deadline).startswith(b"p1 "):
            pass
        s.sendall(("p2 %s\r\n" % name).encode())
        while True:
            line = c.read_line(deadline)
            if line.startswith(b"p2 "):
                return b"Unknown command" not in line
    finally:
        s.close()


def run_file(path):
    config, users, steps = parse(path)
    env, steps = split_env(steps)
    variables, conns, received = {}, {}, []
    current = None
    srv = CairnServer(users=users, config=LMTP_CONFIG + config, env=env)
    try:
        try:
            srv.start()
        except ServerError as e:
            return False, "%s: the server did not start: %s" % (os.path.relpath(path), e)
        for lineno, step in steps:
            deadline = time.time() + TIMEOUT
            try:
                if step.startswith("@pending"):
                    return True, "PENDING: " + step[len("@pending"):].strip()
                if step.startswith("@requires-imap-command "):
                    name = step.split()[1]
                    if not imap_command_exists(srv, users, name):
                        return True, "skipped: %s is not implemented yet" % name
                elif step.startswith("@conn "):
                    words = step.split()[1:]
                    name, opts = words[0], words[1:]
                    if "lmtp" in opts:
                        sock = socket.create_connection(("127.0.0.1", lmtp_port(srv)), timeout=TIMEOUT)
                    elif "unix" in opts:
                        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                        sock.settimeout(TIMEOUT)
                        sock.connect(unix_socket(srv))
                    else:
                        sock = srv.connect()
                    conns[name] = Connection(sock)
                    current = conns[name]
                elif step.startswith("@use "):
                    current = conns[step.split()[1]]
                elif step == "@close":
                    current.sock.close()
                elif step == "@closed":
                    current.expect_eof(deadline)
                elif step.startswith("@run "):
                    words = step.split()[1:]
                    r = subprocess.run([srv.binary, *words[1:], "--data", srv.data_dir, "--config",
                                        srv.config_path], stdin=subprocess.DEVNULL, capture_output=True,
                                       text=True, timeout=60, env=srv.env)
                    if r.returncode != int(words[0]):
                        raise Mismatch("cairn %s exited %d, not %s: %s%s" % (
                            " ".join(words[1:]), r.returncode, words[0], r.stdout, r.stderr))
                elif step.startswith("@deliver "):
                    _, code, user, text = step.split(" ", 3)
                    r = subprocess.run([srv.binary, "deliver", *user.split("|"), "--data", srv.data_dir,
                                        "--config", srv.config_path], input=unescape(text),
                                       capture_output=True, timeout=60, env=srv.env)
                    if r.returncode != int(code):
                        raise Mismatch("cairn deliver %s exited %d, not %s: %s" % (
                            user, r.returncode, code, r.stderr.decode("utf-8", "replace")))
                elif step.startswith(">> "):
                    current.send(unescape(step[3:]))
                elif step.startswith("> ") or step == ">":
                    current.send(unescape(step[2:]) + b"\r\n")
                elif step.startswith("<* "):
                    rx = pattern_regex(step[3:], variables)
                    while True:
                        try:
                            got = current.read_line(deadline)
                        except EOFError:
                            raise Mismatch("the server closed the connection")
                        text = escape(got)
                        received.append(text)
                        m = re.match(rx, text, re.S)
                        if m:
                            variables.update({k: v for k, v in m.groupdict().items() if v is not None})
                            break
                elif step.startswith("< "):
                    try:
                        got = current.read_line(deadline)
                    except EOFError:
                        raise Mismatch("the server closed the connection")
                    text = escape(got)
                    received.append(text)
                    m = re.match(pattern_regex(step[2:], variables), text, re.S)
                    if not m:
                        raise Mismatch("expected: %s\n     got: %s" % (step[2:], text))
                    variables.update({k: v for k, v in m.groupdict().items() if v is not None})
                else:
                    raise Mismatch("unknown directive: " + step)
            except (Mismatch, OSError, EOFError) as e:
                tail = "\n".join("    " + l for l in srv.log().splitlines()[-15:])
                return False, "%s:%d: %s\n  last lines received:\n%s\n  server log:\n%s" % (
                    os.path.relpath(path), lineno, e, "\n".join("    " + r for r in received[-5:]), tail)
        for c in conns.values():
            try:
                c.sock.close()
            except OSError:
                pass
        code = srv.stop()
        if code != 0:
            return False, "%s: server exited with %s on SIGTERM\n%s" % (os.path.relpath(path), code, srv.log()[-3000:])
        for bad in ("AddressSanitizer", "runtime error:", "LeakSanitizer", "session crashed"):
            if bad in srv.log():
                return False, "%s: server log reports %s\n%s" % (os.path.relpath(path), bad, srv.log()[-6000:])
        if os.path.exists(unix_socket(srv)):
            return False, "%s: the LMTP socket is still there after the server stopped" % os.path.relpath(path)
        return True, ""
    finally:
        srv.cleanup()


def main(argv):
    files = argv[1:] or sorted(glob.glob(os.path.join(HERE, "lmtp", "*.t")))
    failed = 0
    for f in files:
        start = time.time()
        ok, why = run_file(f)
        status = "FAIL" if not ok else "pend" if why.startswith("PENDING") else "skip" if why else "ok"
        print("%-4s %s (%.1fs)%s" % (status, os.path.relpath(f), time.time() - start,
                                     " " + why if ok and why else ""), flush=True)
        if not ok:
            failed += 1
            print(why, flush=True)
    print("%d transcript(s), %d failed" % (len(files), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
