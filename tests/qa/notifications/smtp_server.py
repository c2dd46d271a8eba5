"""A real SMTP server on 127.0.0.1 for the e-mail tests, on a port the system picks."""
from __future__ import annotations

import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Inbox:
    """aiosmtpd handler keeping each message it receives, parsed, with its envelope recipients."""

    def __init__(self):
        self.messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=policy.default)))
        return "250 Message accepted"


class LocalSmtpServer(Controller):
    """Listens on a socket bound before starting, so the ephemeral port is known without a race."""

    def __init__(self, credentials: tuple[str, str] | None = None):
        self.inbox = Inbox()
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        auth = {"authenticator": self._check_login, "auth_require_tls": False, "auth_required": True} \
            if credentials else {}
        self.credentials = credentials
        super().__init__(self.inbox, hostname="127.0.0.1", port=self.listener.getsockname()[1], **auth)

    def _create_server(self):
        return self.loop.create_server(self._factory_invoker, sock=self.listener)

    def _check_login(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        given = (auth_data.login.decode(), auth_data.password.decode())
        return AuthResult(success=given == self.credentials, handled=False)  # False: the server answers 535


def closed_port() -> int:
    """A port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
