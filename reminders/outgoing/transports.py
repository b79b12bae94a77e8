"""The SMS seam: one class per way of sending, each behind `send(to, body)`.

The outbox decides what to send and when; a transport only hands one text to
the outside world and reports what happened, as a `Sent` or a `TransportError`
that says whether trying again could help.
"""

from __future__ import annotations

import sys
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Protocol

import requests
from twilio.base.exceptions import TwilioException

from reminders.core.config import Config
from reminders.core.phones import masked

# Twilio error codes that no retry can fix.
OPTED_OUT_CODES = {21610}  # the recipient replied STOP to this sender
BAD_NUMBER_CODES = {21211, 21612, 21614, 21635}  # invalid, unreachable, landline, not mobile
# Twilio error codes worth retrying later: rate limits and a full queue.
RETRY_CODES = {20429, 14107, 21611, 30001}

# The look-up after an ambiguous send (TwilioTransport.find_sent): how far it reads.
LOOKUP_PAGE_SIZE = 50
LOOKUP_PAGES = 4  # texts to one number since its row was queued: a patient gets a few a day
CLOCK_SKEW = timedelta(seconds=30)  # Twilio's clock against ours; its times have whole seconds


class TransportError(Exception):
    def __init__(
        self,
        message: str,
        *,
        code: int | None = None,
        permanent: bool = False,
        ambiguous: bool = False,
        retry_after: float | None = None,
    ):
        super().__init__(message)
        self.code = code
        self.permanent = permanent
        # The request may have reached Twilio (a read timeout): a retry could
        # text the patient twice, so the outbox checks before resending.
        self.ambiguous = ambiguous
        self.retry_after = retry_after

    @property
    def opted_out(self) -> bool:
        return self.code in OPTED_OUT_CODES

    @property
    def bad_number(self) -> bool:
        return self.code in BAD_NUMBER_CODES


@dataclass(frozen=True)
class Sent:
    sid: str
    status: str  # the first status the provider reports (queued, sent...)
    segments: int | None = None


class Transport(Protocol):
    name: str

    def send(self, to: str, body: str, ref: int | None = None) -> Sent: ...


class ConsoleTransport:
    """Development and demo: prints the text; nothing leaves the machine."""

    name = "console"

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout
        self.lock = threading.Lock()  # senders run in threads: keep each text on its own line

    def send(self, to: str, body: str, ref: int | None = None) -> Sent:
        with self.lock:
            shown = body.replace("\n", "\n    ")  # continuation lines indented under the text
            self.stream.write(f"[sms to {to}] {shown}\n")
            self.stream.flush()
        return Sent(sid=f"CN{uuid.uuid4().hex}", status="sent")


class TwilioTransport:
    """The official SDK, with a timeout, a status callback and a validity period."""

    name = "twilio"

    def __init__(self, config: Config):
        from reminders.outgoing.twilio_client import make_client

        self.config = config
        self.client = make_client(
            config.twilio_account_sid,
            config.twilio_auth_token,
            config.twilio_api_url,
            timeout=config.http_timeout,
        )
        base = (config.public_base_url or "").rstrip("/")
        self.status_callback = f"{base}/webhooks/twilio/status" if base else None

    def send(self, to: str, body: str, ref: int | None = None) -> Sent:
        """`ref` (the outbox row) goes in the status callback URL: ?m=ref."""
        sender = {"messaging_service_sid": self.config.twilio_messaging_service_sid}
        if not self.config.twilio_messaging_service_sid:
            sender = {"from_": self.config.twilio_from_number}
        try:
            message = self.client.messages.create(
                to=to,
                body=body,
                status_callback=self._callback_url(ref),
                validity_period=self.config.validity_period,
                **sender,
            )
        except TwilioException as error:
            raise _from_twilio(error, to) from error
        except requests.exceptions.ConnectionError as error:
            # Includes ConnectTimeout: the request never reached Twilio.
            if isinstance(error, requests.exceptions.ConnectTimeout) or not _maybe_sent(error):
                raise TransportError(f"cannot reach Twilio: {type(error).__name__}") from error
            raise TransportError("connection lost mid-request", ambiguous=True) from error
        except requests.exceptions.Timeout as error:
            raise TransportError("Twilio did not answer in time", ambiguous=True) from error
        # A Messaging Service message counts "0" segments until the service picks a sender.
        segments = int(message.num_segments or 0) or None
        return Sent(sid=message.sid, status=message.status or "queued", segments=segments)

    def _callback_url(self, ref: int | None) -> str | None:
        if self.status_callback and ref is not None:
            return f"{self.status_callback}?m={ref}"
        return self.status_callback

    def find_sent(self, to: str, body: str, since: datetime) -> Sent | None:
        """After an ambiguous send: the message Twilio did create, if it did.

        Twilio gives a message no DateSent while it waits in the queue (queued,
        accepted, sending), so a DateSent filter misses exactly the texts most
        likely to be there. Messages have no creation-time filter: this asks for
        the texts to `to` (from our number, when we send from one), newest first,
        and reads them back to `since` (less CLOCK_SKEW), at most LOOKUP_PAGES
        pages; the oldest whose sender, direction and body are ours is the one.
        None if there is none, or if Twilio cannot be asked (the caller resends).
        """
        since = since.replace(tzinfo=since.tzinfo or timezone.utc) - CLOCK_SKEW
        service = self.config.twilio_messaging_service_sid
        sender = {} if service else {"from_": self.config.twilio_from_number}
        found = None
        try:
            for message in self.client.messages.stream(to=to, page_size=LOOKUP_PAGE_SIZE,
                                                       limit=LOOKUP_PAGE_SIZE * LOOKUP_PAGES, **sender):
                if message.date_created is None or message.date_created < since:
                    break  # newest first: the rest is older still
                if _ours(message, body, service):
                    found = message
        except (TwilioException, requests.exceptions.RequestException):
            return None
        return Sent(sid=found.sid, status=found.status or "queued") if found else None


def _ours(message, body: str, service: str | None) -> bool:
    """Whether a listed message is a text we sent with this body (and this Messaging Service)."""
    if message.direction != "outbound-api" or message.body != body:
        return False
    return not service or message.messaging_service_sid == service


def _maybe_sent(error: requests.exceptions.ConnectionError) -> bool:
    text = str(error).lower()
    return "reset" in text or "aborted" in text or "remote end closed" in text


def _from_twilio(error: TwilioException, to: str) -> TransportError:
    code = getattr(error, "code", None)
    status = getattr(error, "status", None)
    message = f"Twilio refused the text to {masked(to)}: {code or status or error}"
    if code in OPTED_OUT_CODES or code in BAD_NUMBER_CODES:
        return TransportError(message, code=code, permanent=True)
    retryable = code in RETRY_CODES or status == 429 or (status or 0) >= 500
    return TransportError(message, code=code or status, permanent=not retryable)


def make_transport(config: Config) -> Transport:
    if config.sms_transport == "twilio":
        return TwilioTransport(config)
    return ConsoleTransport()
