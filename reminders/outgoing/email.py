"""E-mail to staff over SMTP: the one seam to the mail server (SMTP_URL).

`smtp://host:port` talks plain SMTP, upgraded with STARTTLS when the server offers it, and logs in
when the URL carries a user; `smtps://user:pass@host:port` is SMTP over TLS (port 465 by default).
Tests run a real local server (aiosmtpd).
"""

from __future__ import annotations

import smtplib
import ssl
from contextlib import contextmanager
from email.message import EmailMessage
from typing import Iterator
from urllib.parse import unquote, urlparse

from reminders.core.config import Config

TIMEOUT = 10.0  # seconds: a mail server that hangs must not hold up the clock's tick


class EmailError(Exception):
    """The mail server could not be reached or refused the message; the words say which."""


class Mailer:
    """One connection to the mail server, for as many messages as a tick has."""

    def __init__(self, smtp: smtplib.SMTP, sender: str):
        self.smtp, self.sender = smtp, sender

    def send(self, to: str, subject: str, body: str) -> None:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.sender, to, subject
        message.set_content(body)
        try:
            self.smtp.send_message(message)
        except (smtplib.SMTPException, OSError) as error:
            raise EmailError(_words(error)) from None


@contextmanager
def connect(config: Config, timeout: float = TIMEOUT) -> Iterator[Mailer]:
    """A Mailer on SMTP_URL; EmailError when SMTP_URL is unset or the server cannot be reached."""
    if not config.smtp_url:
        raise EmailError("SMTP_URL is not set")
    url = urlparse(config.smtp_url)
    try:
        smtp = _open(url, timeout)
    except (smtplib.SMTPException, OSError) as error:
        raise EmailError(f"cannot reach {url.hostname}:{url.port or 'default port'}: {_words(error)}") from None
    try:
        yield Mailer(smtp, config.smtp_from)
    finally:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


def _open(url, timeout: float) -> smtplib.SMTP:
    context = ssl.create_default_context()
    if url.scheme == "smtps":
        smtp = smtplib.SMTP_SSL(url.hostname, url.port or 465, timeout=timeout, context=context)
    else:
        smtp = smtplib.SMTP(url.hostname, url.port or 25, timeout=timeout)
        smtp.ehlo()
        if smtp.has_extn("starttls"):
            smtp.starttls(context=context)
            smtp.ehlo()
    if url.username:
        smtp.login(unquote(url.username), unquote(url.password or ""))
    return smtp


def check(config: Config) -> str:
    """Connect and log in, send nothing: what `reminders doctor` reports. Raises EmailError."""
    with connect(config) as mailer:
        mailer.smtp.noop()
    return f"{urlparse(config.smtp_url).hostname} answers"


def _words(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else str(error.smtp_error)
        return f"{error.smtp_code} {text}".strip()
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "recipient refused: " + ", ".join(error.recipients)
    return str(error) or type(error).__name__
