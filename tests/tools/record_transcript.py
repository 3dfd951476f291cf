#!/usr/bin/env python3
"""Drafts a protocol transcript: plays the client side of a .t file (its
@config, @user, @conn, @use, @close, > and >> lines; < lines are ignored)
against a real `cairn serve` and prints the file again with the server's
lines as `<` lines, in the order they arrived on each connection.

    record_transcript.py DRAFT.t > tests/integration/transcripts/NN-name.t
    record_transcript.py --port P DRAFT.t    (another server, e.g. the
                                              reference Dovecot of
                                              tests/tools/refdovecot.py,
                                              whose accounts exist already)

A draft is not a test: read every recorded line against the RFC before
committing it, and replace what the server chooses (UIDVALIDITY, sizes of
the moment) with patterns. The first UIDVALIDITY seen becomes {{N:uv}} and
later ones {{=uv}}; the greeting's capability list becomes {{*}}.

After each command the recorder reads until that command's tagged reply
(or a continuation request); on @use it first collects what arrived
unprompted on the connection it switches to (0.3 s of quiet). @wait S
(recorder only) sleeps S seconds and is dropped from the output.
"""
import os
import re
import socket
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
import transcript  # noqa: E402
from cairnlib import CairnServer  # noqa: E402


def read_available(conn, quiet=0.3):
    lines = []
    while True:
        try:
            lines.append(conn.read_line(time.time() + quiet))
        except transcript.Mismatch:
            return lines
        except EOFError:
            lines.append(None)
            return lines


def read_until(conn, tag, limit=10.0):
    lines = []
    deadline = time.time() + limit
    while True:
        try:
            line = conn.read_line(deadline)
        except transcript.Mismatch:
            return lines
        except EOFError:
            lines.append(None)
            return lines
        lines.append(line)
        if line.startswith(b"+ ") or line == b"+" or (tag and line.startswith(tag + b" ")):
            return lines


class Elsewhere:
    """A server this tool did not start."""

    def __init__(self, port):
        self.port = port

    def connect(self):
        return socket.create_connection(("127.0.0.1", self.port), timeout=10)

    def cleanup(self):
        pass


def main(path, port=None):
    text = open(path, encoding="utf-8").read().split("\n")
    config, users, steps = transcript.parse(path)
    if port:
        srv = Elsewhere(port)
    else:
        srv = CairnServer(users=users, config=config)
        srv.start()
    out = []
    conns, current = {}, None
    uv = []
    pending_tag = {}

    def emit(lines):
        for l in lines:
            if l is None:
                out.append("@closed")
                continue
            s = transcript.escape(l)
            if s.startswith("* OK [CAPABILITY ") and s.endswith("ready."):
                s = "* OK {{*}} Cairn ready."
            s = re.sub(r"\[CAPABILITY [^\]]*\] Logged in$", "[CAPABILITY {{*}}] Logged in", s)
            # Flags read better with one backslash (the runner reads \S as \S).
            s = re.sub(r"\\\\(?=[A-Z*])", r"\\", s)
            for m in re.finditer(r"(UIDVALIDITY |APPENDUID |COPYUID )(\d+)", s):
                if not uv:
                    uv.append(m.group(2))
            if uv:
                first = [True]

                def sub(m):
                    if m.group(2) != uv[0]:
                        return m.group(0)
                    if first[0] and not getattr(emit, "seen", False):
                        first[0] = False
                        emit.seen = True
                        return m.group(1) + "{{N:uv}}"
                    return m.group(1) + "{{=uv}}"
                s = re.sub(r"(UIDVALIDITY |APPENDUID |COPYUID )(\d+)", sub, s)
            out.append("< " + s)

    try:
        # Keep the file's comments and header lines, in place.
        i = 0
        step_at = {ln: st for ln, st in steps}
        in_config = False
        for ln, raw in enumerate(text, 1):
            if raw.startswith("@config"):
                in_config = True
            if in_config:
                out.append(raw)
                if raw.startswith("@end"):
                    in_config = False
                continue
            if ln not in step_at:
                if not raw.startswith("< "):
                    out.append(raw)
                continue
            st = step_at[ln]
            if st.startswith("< "):
                continue
            if st.startswith("@wait "):
                time.sleep(float(st.split()[1]))
                continue
            if st.startswith("@conn "):
                name = st.split()[1]
                conns[name] = transcript.Connection(srv.connect())
                current = conns[name]
                out.append(st)
                emit(read_until(current, None, 1.0)[:1])
                continue
            if st.startswith("@use "):
                current = conns[st.split()[1]]
                out.append(st)
                emit(read_available(current))
                continue
            out.append(st)
            if st == "@close":
                current.sock.close()
                continue
            if st.startswith("@"):
                continue
            if st.startswith(">> "):
                data = transcript.unescape(st[3:])
                current.send(data)
                if data.endswith(b"\r\n"):
                    emit(read_available(current, 0.5))
                continue
            st_sent = st
            if uv:
                st_sent = st.replace("{{=uv}}", uv[0])
            line = transcript.unescape(st_sent[2:] if st_sent.startswith("> ") else "")
            current.send(line + b"\r\n")
            words = line.split(b" ")
            tag = words[0] if len(words) > 1 and re.match(rb"^[A-Za-z0-9.]+$", words[0]) else None
            if pending_tag.get(id(current)):
                tag = pending_tag.pop(id(current))
            if re.search(rb"\{\d+\+?\}$", line):
                pending_tag[id(current)] = tag
                emit(read_available(current, 0.2))
            elif line.upper() == b"DONE":
                emit(read_available(current, 0.5))
            else:
                emit(read_until(current, tag))
    finally:
        for c in conns.values():
            try:
                c.sock.close()
            except OSError:
                pass
        srv.cleanup()
    print("\n".join(out).rstrip("\n"))


if __name__ == "__main__":
    if sys.argv[1] == "--port":
        main(sys.argv[3], int(sys.argv[2]))
    else:
        main(sys.argv[1])
