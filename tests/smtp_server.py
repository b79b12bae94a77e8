"""A real SMTP server on 127.0.0.1 for the e-mail tests: aiosmtpd, keeping every message it gets.

Registered in tests/conftest.py (pytest_plugins) as the `smtp_server` fixture:

    def test_mail(smtp_server):
        config = config.with_overrides(smtp_url=smtp_server.url)
        ...
        [mail] = smtp_server.wait_for(1)
        assert mail.to == ["oncall@north.example"]
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass
from email import message_from_bytes
from email.policy import default

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


@dataclass(frozen=True)
class Mail:
    sender: str
    to: list[str]
    subject: str
    body: str


class Inbox:
    """aiosmtpd's handler: stores each message; `refuse` makes it answer 550 instead."""

    def __init__(self):
        self.mails: list[Mail] = []
        self.lock = threading.Lock()
        self.refuse = False

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "550 mailbox unavailable"
        message = message_from_bytes(envelope.original_content or envelope.content, policy=default)
        with self.lock:
            self.mails.append(Mail(envelope.mail_from, list(envelope.rcpt_tos), str(message["Subject"]),
                                   message.get_content()))
        return "250 OK"


class SmtpServer:
    def __init__(self, user: str | None = None, password: str | None = None):
        self.inbox = Inbox()
        self.port = _free_port()
        auth = {}
        if user:
            def authenticate(server, session, envelope, mechanism, data):
                ok = isinstance(data, LoginPassword) and (data.login, data.password) == (user.encode(), password.encode())
                return AuthResult(success=ok)

            auth = {"authenticator": authenticate, "auth_required": True, "auth_require_tls": False}
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port, **auth)
        credentials = f"{user}:{password}@" if user else ""
        self.url = f"smtp://{credentials}127.0.0.1:{self.port}"

    @property
    def mails(self) -> list[Mail]:
        with self.inbox.lock:
            return list(self.inbox.mails)

    def wait_for(self, count: int, timeout: float = 20) -> list[Mail]:
        deadline = time.monotonic() + timeout
        while len(self.mails) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"gave up after {timeout:.0f}s waiting for {count} e-mail(s); got {self.mails}")
            time.sleep(0.05)
        return self.mails

    def __enter__(self) -> "SmtpServer":
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    with SmtpServer() as server:
        yield server
