"""A tiny SMTP server for tests: it accepts every message and writes down its Message-ID the
moment it accepts it (just before answering 250), and which SMTP session it came in.

Senders use Django's real SMTP backend against it (`EMAIL_URL=smtp://127.0.0.1:<port>`), so
what a test counts is what an SMTP server accepted, in the order it did. A session that ends
without QUIT was cut off: its sender died.
"""

from __future__ import annotations

import contextlib
import email
import itertools
import socketserver
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Accepted:
    message_id: str
    session: int


@dataclass
class SmtpSink:
    # Seconds the server takes over each message before accepting it: a slow SMTP server.
    delay: float = 0.0
    port: int = 0
    accepted: list[Accepted] = field(default_factory=list)
    # Sessions that ended without QUIT.
    cut_off: set[int] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)
    sessions: Iterator[int] = field(default_factory=itertools.count)

    def accept(self, message_id: str, session: int) -> None:
        with self.lock:
            self.accepted.append(Accepted(message_id, session))

    def count(self) -> int:
        with self.lock:
            return len(self.accepted)

    def has_accepted(self, count: int) -> bool:
        return self.count() >= count

    def times_accepted(self) -> Counter[str]:
        with self.lock:
            return Counter(found.message_id for found in self.accepted)

    def in_flight_when_cut_off(self) -> Counter[str]:
        """The last message each cut-off session had accepted: a sender that died right after
        the server accepted it could not write down that it was sent."""
        with self.lock:
            last = {found.session: found.message_id for found in self.accepted}
            return Counter(last[session] for session in self.cut_off if session in last)


class _Session(socketserver.StreamRequestHandler):
    server: _Server
    quit = False

    def say(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        sink = self.server.sink
        session = next(sink.sessions)
        with contextlib.suppress(OSError):  # the sender is gone
            self.converse(sink, session)
        with sink.lock:
            if not self.quit:
                sink.cut_off.add(session)

    def converse(self, sink: SmtpSink, session: int) -> None:
        self.say("220 sink ESMTP")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"QUIT":
                self.quit = True
                self.say("221 bye")
                return
            if verb != b"DATA":
                self.say("250 ok")  # EHLO, HELO, MAIL, RCPT, RSET, NOOP
                continue
            self.say("354 end with <CRLF>.<CRLF>")
            lines = []
            while (part := self.rfile.readline()) != b".\r\n":
                if not part:
                    return  # cut off in the middle of the message: not accepted
                lines.append(part)
            time.sleep(sink.delay)
            message = email.message_from_bytes(b"".join(lines))
            sink.accept(str(message["Message-ID"]), session)
            self.say("250 accepted")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    sink: SmtpSink


@contextmanager
def smtp_sink(delay: float = 0.0) -> Iterator[SmtpSink]:
    server = _Server(("127.0.0.1", 0), _Session)
    server.sink = SmtpSink(delay=delay, port=server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.sink
    finally:
        server.shutdown()
        server.server_close()
