"""A local Twilio-compatible HTTP server for tests and benchmarks.

The real `twilio` SDK talks to it (see reminders/outgoing/twilio_client.py `make_client`):
it answers the Messages resource as Twilio does, records everything it was sent,
fails on demand, and can post signed status callbacks.

In process (tests; the pytest fixture is in tests/twilio_fixtures.py):

    with FakeTwilio() as server:                  # 127.0.0.1, port chosen by the OS
        client = make_client(server.account_sid, server.auth_token, server.url, timeout=2)
        server.script(queue=["http503", "ok"], recipients={"+15550100": "21610"})
        ...
        server.messages, server.requests, server.callbacks, server.message(sid)
        server.wait_for_callbacks(2)

As a subprocess (end-to-end tests, benchmarks):

    python -m tests.twilio_server --port 0 [--account-sid AC.. --auth-token ..] [--callbacks]
                                  [--hold SECONDS --step SECONDS]

prints `listening http://127.0.0.1:PORT` as its first stdout line, then serves until
killed. Its records and script are reached over HTTP (no auth):
`GET /_fake/messages`, `GET /_fake/requests`, `GET /_fake/callbacks` (JSON objects
with one list each), `GET /_fake/stats` (counts and the server's CPU seconds), `POST /_fake/reset`, `POST /_fake/script` (JSON body: the
keyword arguments of `FakeTwilio.script`). `server_process()` runs one and yields a
`RemoteTwilio` with the same `url`, records, `script(...)` and `reset()`.

Twilio endpoints (HTTP Basic auth with the account sid and auth token):
`POST /2010-04-01/Accounts/{sid}/Messages.json` (create),
`GET /2010-04-01/Accounts/{sid}/Messages/{MessageSid}.json` (fetch) and
`GET /2010-04-01/Accounts/{sid}/Messages.json` (list: newest first; filters To, From,
DateSent, DateSent< (on or before), DateSent> (on or after), a date YYYY-MM-DD or, after
< and >, a time YYYY-MM-DDThh:mm:ssZ; a message not sent yet has no DateSent and matches
no DateSent filter; pages: PageSize (default 50, at most 1000), Page, PageToken in
next_page_uri, which the SDK follows; Twilio has no filter on DateCreated or body).

A message's life, as Twilio's: created "queued" ("accepted" with a Messaging Service and
no From: no From and "0" segments until the service picks a sender), it stays so for
`hold` seconds (its sender's queue), then moves on every `step` seconds: (queued),
sending, sent (DateSent set), delivered; "failed" comes straight from the queue,
"undelivered" after "sent". `script(pace={"hold": .., "step": ..})` sets both for the
messages created from then on (default 0.05 s each; a long hold keeps texts queued).
Statuses move whether or not callbacks are on; fetch and list show them as they are.

Outcomes (strings; combine tokens with "+", e.g. "delay:2+http503"):

    ok               201 and a new message (the default)
    httpNNN, NNN     HTTP status NNN with Twilio's error JSON (code 20000+NNN); no message.
                     429 carries code 20429 and a Retry-After header.
    CODE, error:CODE a Twilio error code (5 digits): 400 (or the code's own status) with
                     {"code", "message", "more_info", "status"}; no message.
                     Note: Twilio reports 30xxx delivery errors such as 30001 (queue
                     overflow) after creation; "failed:30001" is the realistic form.
    problem:CODE     the same error in the newer RFC 9457 shape (the SDK raises
                     TwilioServiceException instead of TwilioRestException)
    failed:CODE      201 and a message that later fails with ErrorCode CODE
    undelivered:CODE 201 and a message that is sent, then undelivered with CODE
    delay:SECONDS    wait before handling (past the client's timeout: a ReadTimeout;
                     the message is still created once the wait is over)
    drop             ambiguous send: create the message, then answer 500
    drop:SECONDS     ambiguous send: create the message, answer 201 only SECONDS later
    late             create the message, answer 201 only once the app has answered every
                     status callback of its life (at most 60 s): callbacks before the
                     send returns, however slow the app is
    hangup           ambiguous send: create the message, close the connection unanswered

Which outcome a request gets: a rule for its To number, else the next entry of the
queue, else a random failure (rate and seed), else "ok".

Status callbacks (off by default): with `callbacks={"enabled": True}` each created
message with a StatusCallback URL gets the callbacks Twilio would send: one for each
status change of its life, when it happens (none for the initial status), failures
with ErrorCode. They are signed with X-Twilio-Signature like Twilio's, posted from a
background thread, and can be reordered ("order": "reverse" | "shuffle": all posted
once the last change has happened) and repeated ("duplicate": N copies of each).
"""

from __future__ import annotations

import argparse
import base64
import heapq
import hmac
import itertools
import json
import random
import secrets
import subprocess
import sys
import threading
import time
import uuid
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, parse_qsl, urlencode

import requests
from twilio.request_validator import RequestValidator

DEFAULT_ACCOUNT_SID = "ACb1200000000000000000000000000000"
DEFAULT_AUTH_TOKEN = "b12fake0auth0token000000000000000"
API_VERSION = "2010-04-01"
MESSAGES_PREFIX = f"/{API_VERSION}/Accounts/"
PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Twilio error code -> (HTTP status, message), as the REST API answers them.
ERRORS = {
    20003: (401, "Authenticate"),
    20404: (404, "The requested resource was not found"),
    20429: (429, "Too Many Requests"),
    20500: (500, "Internal Server Error"),
    20503: (503, "Service Unavailable"),
    21211: (400, "Invalid 'To' Phone Number"),
    21408: (400, "Permission to send an SMS has not been enabled for the region indicated by the 'To' number"),
    21602: (400, "Message body is required."),
    21603: (400, "A 'From' or 'MessagingServiceSid' parameter is required to send a message"),
    21604: (400, "A 'To' phone number is required."),
    21610: (400, "Attempt to send to unsubscribed recipient"),
    21611: (400, "This 'From' number has exceeded the maximum number of queued messages"),
    21612: (400, "The 'To' phone number is not currently reachable using the 'From' phone number via SMS."),
    21614: (400, "'To' number is not a valid mobile number"),
    21617: (400, "The concatenated message body exceeds the 1600 character limit."),
    21624: (400, "Invalid validity period value"),
    21635: (400, "'To' number cannot be a landline"),
    30001: (400, "Queue overflow"),
}

# GSM 03.38: the basic table, and the extension table (each costs 2 septets).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = frozenset("^{}\\[~]|€\f")


def num_segments(body: str) -> int:
    """SMS segments for `body`: GSM-7 160 / 153 septets, otherwise UCS-2 70 / 67 units."""
    if all(c in GSM7_BASIC or c in GSM7_EXTENDED for c in body):
        units = [2 if c in GSM7_EXTENDED else 1 for c in body]
        single, part = 160, 153
    else:
        units = [2 if ord(c) > 0xFFFF else 1 for c in body]  # UTF-16 surrogate pairs
        single, part = 70, 67
    if sum(units) <= single:
        return 1
    segments, used = 1, 0
    for size in units:  # an escape sequence or surrogate pair is never split
        if used + size > part:
            segments, used = segments + 1, 0
        used += size
    return segments


@dataclass(frozen=True)
class Outcome:
    """What the server does with one Messages request."""

    spec: str = "ok"
    before: float = 0.0  # seconds to wait before handling the request
    status: int = 201  # HTTP status of the answer
    code: int | None = None  # Twilio error code in the error body
    problem: bool = False  # error body in the RFC 9457 shape
    create: bool = True  # whether a message is created
    after: float = 0.0  # seconds to wait between creating and answering
    after_callbacks: bool = False  # answer only once the app has taken every status callback
    hangup: bool = False  # close the connection instead of answering
    fail: tuple[str, int] | None = None  # later delivery failure: (status, ErrorCode)


def parse_outcome(spec: str | Outcome) -> Outcome:
    """An Outcome from its string form (see the module docstring); ValueError if unknown."""
    if isinstance(spec, Outcome):
        return spec
    fields: dict = {"spec": spec}
    for token in str(spec).strip().split("+"):
        fields.update(_parse_token(token.strip().lower()))
    return Outcome(**fields)


def _parse_token(token: str) -> dict:
    name, _, arg = token.partition(":")
    if token == "ok":
        return {}
    if name == "delay" and arg:
        return {"before": _seconds(token, arg)}
    if name == "drop":
        if arg:
            return {"after": _seconds(token, arg)}
        return {"status": 500, "code": 20500}
    if token == "hangup":
        return {"hangup": True}
    if token == "late":
        return {"after_callbacks": True}
    if name in ("failed", "undelivered") and arg.isdigit():
        return {"fail": (name, int(arg))}
    if name in ("error", "problem") and arg.isdigit():
        return _error(int(arg)) | {"problem": name == "problem"}
    digits = token.removeprefix("http")
    if digits.isdigit() and len(digits) == 3 and 400 <= int(digits) <= 599:
        return {"status": int(digits), "code": 20000 + int(digits), "create": False}
    if token.isdigit() and len(token) == 5:
        return _error(int(token))
    raise ValueError(f"unknown outcome {token!r}")


def _error(code: int) -> dict:
    return {"status": ERRORS.get(code, (400, ""))[0], "code": code, "create": False}


def _seconds(token: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"bad seconds in outcome {token!r}") from None
    if value < 0:
        raise ValueError(f"negative seconds in outcome {token!r}")
    return value


def error_body(code: int, status: int, problem: bool = False, message: str | None = None) -> dict:
    message = message or ERRORS.get(code, (status, HTTPStatus(status).phrase))[1] or "Error"
    more_info = f"https://www.twilio.com/docs/errors/{code}"
    if problem:
        return {"type": more_info, "title": message, "status": status, "code": code, "detail": message}
    return {"code": code, "message": message, "more_info": more_info, "status": status}


@dataclass(frozen=True)
class CallbackPolicy:
    enabled: bool = False
    order: str = "natural"  # natural | reverse | shuffle
    duplicate: int = 1  # copies of each callback

    @classmethod
    def from_value(cls, value) -> "CallbackPolicy":
        if isinstance(value, CallbackPolicy):
            return value
        if isinstance(value, bool):
            return cls(enabled=value)
        policy = cls(**{"enabled": True, **dict(value)})
        if policy.order not in ("natural", "reverse", "shuffle"):
            raise ValueError(f"callbacks order: natural, reverse or shuffle, got {policy.order!r}")
        if policy.duplicate < 1:
            raise ValueError("callbacks duplicate must be >= 1")
        return policy


@dataclass(frozen=True)
class Pace:
    """How fast a created message moves on: `hold` seconds in the status it was created
    with (waiting in its sender's queue: a long code sends about one segment a second),
    then `step` seconds between each later status."""

    hold: float = 0.05
    step: float = 0.05

    @classmethod
    def from_value(cls, value) -> "Pace":
        if isinstance(value, Pace):
            return value
        pace = cls(**dict(value))
        if pace.hold < 0 or pace.step < 0:
            raise ValueError("pace hold and step must be >= 0")
        return pace


def life_steps(initial: str, fail: tuple[str, int] | None) -> list[tuple[str, int | None]]:
    """The statuses a message moves through after `initial`, in Twilio's order: a Messaging
    Service message is "accepted" until it has a sender, then "queued"; then "sending",
    "sent" (DateSent is set), "delivered". A failure ends it early ("failed" straight from
    the queue) or late ("undelivered" after "sent")."""
    steps: list[tuple[str, int | None]] = [("queued", None)] if initial == "accepted" else []
    if fail and fail[0] == "failed":
        return steps + [fail]
    return steps + [("sending", None), ("sent", None), fail or ("delivered", None)]


@dataclass
class _Life:
    """A message's planned status changes: (wall-clock time due, status, error code)."""

    steps: list[tuple[float, str, int | None]]
    done: int = 0


class FakeTwilio:
    """The server: start()/stop() (or `with`), `url`, records, `script(...)`, `reset()`."""

    def __init__(
        self,
        account_sid: str = DEFAULT_ACCOUNT_SID,
        auth_token: str = DEFAULT_AUTH_TOKEN,
        host: str = "127.0.0.1",
        port: int = 0,
    ):
        self.account_sid = account_sid
        self.auth_token = auth_token
        self._authorization = "Basic " + base64.b64encode(f"{account_sid}:{auth_token}".encode()).decode()
        self._validator = RequestValidator(auth_token)
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)  # notified when a callback is logged
        self._closing = threading.Event()
        self._serving = False
        self._httpd = ThreadingHTTPServer((host, port), _Handler)
        self._httpd.fake = self
        self._callbacks = _CallbackSender(self)
        self.url = f"http://{host}:{self._httpd.server_address[1]}"
        self.reset()

    # -- life cycle ----------------------------------------------------------

    def start(self) -> "FakeTwilio":
        """Serve from a daemon thread; returns at once."""
        self._serving = True
        # A short poll interval: stop() waits for it, and tests stop a server each.
        threading.Thread(target=self._httpd.serve_forever, args=(0.05,), name="fake-twilio", daemon=True).start()
        return self

    def serve_forever(self) -> None:
        """Serve from this thread until stop() is called from another one (or Ctrl-C)."""
        self._serving = True
        self._httpd.serve_forever()

    def stop(self) -> None:
        self._closing.set()  # wakes requests waiting on a scripted delay
        if self._serving:
            self._httpd.shutdown()  # waits for serve_forever to return; blocks if it never ran
            self._serving = False
        self._httpd.server_close()
        self._callbacks.stop()

    def __enter__(self) -> "FakeTwilio":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- records (copies, safe to read while requests arrive) -----------------

    @property
    def messages(self) -> list[dict]:
        """Every message created, oldest first, each as Twilio would show it now."""
        with self._lock:
            now = time.time()
            return [dict(self._settle(m, now)) for m in self._messages]

    @property
    def requests(self) -> list[dict]:
        """Each Messages create request: method, path, form, headers, time, outcome (the
        scripted spec), sid (of the message created, or None), status (HTTP status
        answered; None while still waiting, or after a hangup)."""
        with self._lock:
            return [dict(r) for r in self._requests]

    @property
    def callbacks(self) -> list[dict]:
        with self._lock:
            return list(self._callback_log)

    @property
    def stats(self) -> dict:
        """Counts, and the CPU time this process has used (benchmarks: server cost per message)."""
        with self._lock:
            return {"messages": len(self._messages), "requests": len(self._requests),
                    "callbacks": len(self._callback_log), "cpu_seconds": time.process_time()}

    def message(self, sid: str) -> dict:
        with self._lock:
            return dict(self._settle(self._by_sid[sid], time.time()))

    def wait_for_callbacks(self, count: int, timeout: float = 5.0) -> list[dict]:
        """The callback log once it holds `count` entries (TimeoutError if it never does)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self._callback_log) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{len(self._callback_log)} of {count} status callbacks arrived")
                self._changed.wait(left)
            return list(self._callback_log)

    # -- script --------------------------------------------------------------

    def script(
        self,
        queue: list | None = None,
        recipients: dict | None = None,
        failure_rate: float | None = None,
        seed: int | None = None,
        failure_outcomes: list | None = None,
        callbacks: bool | dict | CallbackPolicy | None = None,
        pace: dict | Pace | None = None,
    ) -> None:
        """Replace the parts of the script that are given; the rest stays.

        queue: outcomes for the next requests, one each, in order.
        recipients: {To number: outcome} for every request to it, or
            {To number: [outcomes]} for its next requests only.
        failure_rate, seed, failure_outcomes: each request not decided above fails
            with this probability, with an outcome drawn from failure_outcomes
            (default ["http500"]), reproducibly for a given seed.
        callbacks: True/False, or {"enabled", "order", "duplicate"}.
        pace: {"hold", "step"}: how fast messages created from now on move on.
        """
        parsed_queue = None if queue is None else deque(parse_outcome(o) for o in queue)
        parsed_rules = None if recipients is None else {
            to: deque(parse_outcome(o) for o in rule) if isinstance(rule, list) else parse_outcome(rule)
            for to, rule in recipients.items()
        }
        parsed_failures = None if failure_outcomes is None else [parse_outcome(o) for o in failure_outcomes]
        if failure_rate is not None and not 0 <= failure_rate <= 1:
            raise ValueError(f"failure_rate must be between 0 and 1, got {failure_rate!r}")
        policy = None if callbacks is None else CallbackPolicy.from_value(callbacks)
        parsed_pace = None if pace is None else Pace.from_value(pace)
        with self._lock:
            if parsed_queue is not None:
                self._queue = parsed_queue
            if parsed_rules is not None:
                self._rules = parsed_rules
            if failure_rate is not None:
                self._failure_rate = failure_rate
            if seed is not None:
                self._rng = random.Random(seed)
            if parsed_failures is not None:
                self._failure_outcomes = parsed_failures
            if policy is not None:
                self._policy = policy
            if parsed_pace is not None:
                self._pace = parsed_pace

    def reset(self) -> None:
        """Forget every record and the whole script (callbacks off again)."""
        with self._lock:
            self._messages: list[dict] = []
            self._by_sid: dict[str, dict] = {}
            self._lives: dict[str, _Life] = {}  # messages still moving on, by sid
            self._requests: list[dict] = []
            self._callback_log: list[dict] = []
            self._queue: deque[Outcome] = deque()
            self._rules: dict = {}
            self._failure_rate = 0.0
            self._failure_outcomes = [parse_outcome("http500")]
            self._rng = random.Random(0)
            self._policy = CallbackPolicy()
            self._pace = Pace()
        self._callbacks.clear()

    def _choose(self, to: str) -> Outcome:
        rule = self._rules.get(to)
        if isinstance(rule, Outcome):
            return rule
        if rule:
            return rule.popleft()
        if self._queue:
            return self._queue.popleft()
        if self._failure_rate and self._rng.random() < self._failure_rate:
            return self._rng.choice(self._failure_outcomes)
        return OK

    # -- the Messages resource -------------------------------------------------

    def create_message(self, handler: "_Handler", account_sid: str, form: dict, headers: dict) -> None:
        with self._lock:
            outcome = self._choose(form.get("To", ""))
            record = {"method": "POST", "path": handler.path, "form": form, "headers": headers,
                      "time": time.time(), "outcome": outcome.spec, "sid": None, "status": None}
            self._requests.append(record)
        if outcome.before:
            self._closing.wait(outcome.before)
        if outcome.status >= 400 and not outcome.create:
            record["status"] = handler.send_error_json(outcome.status, outcome.code, outcome.problem)
            return
        invalid = _validate(form)
        if invalid:
            record["status"] = handler.send_error_json(ERRORS[invalid][0], invalid)
            return
        message = self._new_message(account_sid, form)
        with self._lock:
            record["sid"] = message["sid"]
            self._messages.append(message)
            self._by_sid[message["sid"]] = message
            life = self._plan_life(message, outcome.fail)
            policy = self._policy
            answer = json.dumps(message)
        if policy.enabled and form.get("StatusCallback"):
            self._callbacks.plan(message["sid"], form["StatusCallback"], life.steps, policy, self._rng)
        if outcome.after:
            self._closing.wait(outcome.after)
        if outcome.after_callbacks:
            self._wait_for_answered_callbacks(message["sid"], len(life.steps))
        if outcome.hangup:
            handler.close_connection = True  # no answer at all: the client sees the connection drop
        elif outcome.status >= 400:
            record["status"] = handler.send_error_json(outcome.status, outcome.code, outcome.problem)
        else:
            record["status"] = handler.send_json(201, answer)

    def _new_message(self, account_sid: str, form: dict) -> dict:
        now = _stamp(time.time())
        sid = "SM" + secrets.token_hex(16)
        service = form.get("MessagingServiceSid")
        body = form.get("Body", "")
        uri = f"/{API_VERSION}/Accounts/{account_sid}/Messages/{sid}.json"
        # With a Messaging Service and no From, Twilio answers "accepted" and picks a sender
        # later; until then the message has no From and counts no segments.
        accepted = bool(service and not form.get("From"))
        return {
            "account_sid": account_sid,
            "api_version": API_VERSION,
            "body": body,
            "date_created": now,
            "date_sent": None,
            "date_updated": now,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": form.get("From"),
            "messaging_service_sid": service,
            "num_media": "0",
            "num_segments": "0" if accepted else str(num_segments(body)),
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            "status": "accepted" if accepted else "queued",
            "subresource_uris": {"media": uri.removesuffix(".json") + "/Media.json"},
            "to": form.get("To"),
            "uri": uri,
        }

    def _plan_life(self, message: dict, fail) -> _Life:
        """When this message will move on to each later status (under the lock)."""
        due = time.time() + self._pace.hold
        steps = []
        for status, code in life_steps(message["status"], fail):
            steps.append((due, status, code))
            due += self._pace.step
        life = self._lives[message["sid"]] = _Life(steps)
        return life

    def _settle(self, message: dict, now: float) -> dict:
        """`message` with every status change due by `now` applied (under the lock)."""
        life = self._lives.get(message["sid"])
        if life is None:
            return message
        while life.done < len(life.steps) and life.steps[life.done][0] <= now:
            when, status, code = life.steps[life.done]
            life.done += 1
            message["status"], message["date_updated"] = status, _stamp(when)
            if code is not None:
                message["error_code"] = code
            if status == "sent":
                message["date_sent"] = _stamp(when)
            if message["from"] is None and status != "failed":  # the service picked a sender
                message["from"] = SERVICE_SENDER
                message["num_segments"] = str(num_segments(message["body"]))
        if life.done == len(life.steps):
            del self._lives[message["sid"]]
        return message

    def list_messages(self, path: str, query: dict) -> dict:
        """A page of the Messages list as Twilio answers it (see list_page)."""
        tests = _list_filters(query)
        with self._lock:
            now = time.time()
            found = [m for m in reversed(self._messages) if all(test(self._settle(m, now)) for test in tests)]
            page = list_page(path, query, found)
            page["messages"] = [dict(m) for m in page["messages"]]
        return page

    def _wait_for_answered_callbacks(self, sid: str, count: int, timeout: float = 60.0) -> None:
        def answered() -> int:
            return sum(1 for e in self._callback_log if e["params"].get("MessageSid") == sid
                       and (e.get("response_status") or 0) < 300 and e.get("response_status"))

        with self._changed:
            self._changed.wait_for(lambda: answered() >= count or self._closing.is_set(), timeout)

    def log_callback(self, entry: dict) -> None:
        with self._changed:
            self._callback_log.append(entry)
            self._changed.notify_all()

    def signature(self, url: str, params: dict) -> str:
        return self._validator.compute_signature(url, params)


OK = Outcome()
SERVICE_SENDER = "+15005550010"  # the number a Messaging Service picks from its pool


def _stamp(when: float) -> str:
    """A time as Twilio writes it: "Tue, 24 Nov 2026 01:10:31 +0000"."""
    return formatdate(when)[:-5] + "+0000"


def _validate(form: dict) -> int | None:
    """The Twilio error code for a malformed create request, or None."""
    if not form.get("To"):
        return 21604
    if not (form.get("From") or form.get("MessagingServiceSid")):
        return 21603
    if not (form.get("Body") or form.get("MediaUrl") or form.get("ContentSid")):
        return 21602
    if len(form.get("Body", "")) > 1600:
        return 21617
    validity = form.get("ValidityPeriod")
    if validity is not None and not (validity.isdigit() and 1 <= int(validity) <= 36000):
        return 21624
    return None


MAX_PAGE_SIZE = 1000


def _list_filters(query: dict) -> list:
    """One test per filter in the query: To, From, DateSent, DateSent< (on or before),
    DateSent> (on or after). A date (YYYY-MM-DD) compares with the day a message was sent,
    a time (YYYY-MM-DDThh:mm:ssZ) after < or > with its DateSent; a message not sent yet (queued,
    accepted, sending, failed) has no DateSent and matches no DateSent filter."""
    tests = [lambda m, field=field, value=query[name]: m[field] == value
             for name, field in (("To", "to"), ("From", "from")) if name in query]
    for name in ("DateSent", "DateSent<", "DateSent>"):
        if name in query:
            tests.append(_date_sent_test(name, query[name]))
    return tests


def _date_sent_test(name: str, raw: str):
    try:
        if len(raw) == 10:
            bound = date.fromisoformat(raw)
        else:
            bound = datetime.strptime(raw, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        raise ValueError(f"{name} must be a date (YYYY-MM-DD) or a UTC time "
                         f"(YYYY-MM-DDThh:mm:ssZ), got {raw!r}") from None
    # DateSent= names a day (the SDK writes a date as its midnight); < and > take a time too.
    whole_days = not isinstance(bound, datetime) or name == "DateSent"
    if whole_days and isinstance(bound, datetime):
        bound = bound.date()

    def test(message: dict) -> bool:
        if message["date_sent"] is None:
            return False
        sent = parsedate_to_datetime(message["date_sent"])
        value = sent.date() if whole_days else sent
        if name.endswith("<"):
            return value <= bound
        if name.endswith(">"):
            return value >= bound
        return value == bound

    return test


def list_page(path: str, query: dict, found: list[dict]) -> dict:
    """One page of `found` (newest first), and the URIs of the pages around it, as Twilio
    pages a list: PageSize (default 50, at most 1000), Page, and a PageToken ("PA" and the
    sid of the previous page's last message) in each next_page_uri."""
    size, number = _int_param(query, "PageSize", 50), _int_param(query, "Page", 0)
    if size < 1 or number < 0:
        raise ValueError("PageSize must be at least 1 and Page at least 0")
    size = min(size, MAX_PAGE_SIZE)
    start = number * size
    token = query.get("PageToken", "")
    if token.startswith("PA"):
        after = [i for i, m in enumerate(found) if m["sid"] == token[2:]]
        start = after[0] + 1 if after else start
    items = found[start:start + size]
    kept = urlencode([(k, v) for k, v in query.items() if k not in ("Page", "PageSize", "PageToken")])
    base = f"{path}?{kept + '&' if kept else ''}PageSize={size}"
    more = start + size < len(found)
    return {
        "messages": items, "page": number, "page_size": size, "start": start,
        "end": start + max(len(items) - 1, 0),
        "first_page_uri": f"{base}&Page=0",
        "next_page_uri": f"{base}&Page={number + 1}&PageToken=PA{items[-1]['sid']}" if more else None,
        "previous_page_uri": f"{base}&Page={number - 1}" if number > 0 else None,
    }


def _int_param(query: dict, name: str, default: int) -> int:
    try:
        return int(query.get(name, default))
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {query[name]!r}") from None


class _CallbackSender:
    """Posts scheduled status callbacks from one background thread, in due-time order."""

    def __init__(self, fake: FakeTwilio):
        self.fake = fake
        self._heap: list = []
        self._seq = itertools.count()
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._stopped = False
        self._session = requests.Session()

    def plan(self, sid: str, url: str, steps: list, policy: CallbackPolicy, rng: random.Random) -> None:
        """One callback per status change (none for the first status), each posted when the
        change happens; reordered ones are all posted once the last change has happened."""
        events = [(due, status, code, uuid.uuid4().hex) for due, status, code in steps]
        events = [e for e in events for _ in range(policy.duplicate)]
        if policy.order != "natural":
            last = events[-1][0]
            if policy.order == "reverse":
                events.reverse()
            else:
                with self.fake._lock:
                    rng.shuffle(events)
            events = [(last, status, code, token) for _, status, code, token in events]
        with self._cond:
            for due, status, code, token in events:
                heapq.heappush(self._heap, (due, next(self._seq), sid, url, status, code, token))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="fake-twilio-callbacks", daemon=True)
                self._thread.start()
            self._cond.notify()

    def clear(self) -> None:
        with self._cond:
            self._heap.clear()

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._stopped and (not self._heap or self._heap[0][0] > time.time()):
                    self._cond.wait(self._heap[0][0] - time.time() if self._heap else None)
                if self._stopped:
                    return
                _, _, sid, url, status, code, token = heapq.heappop(self._heap)
            try:
                message = self.fake.message(sid)
            except KeyError:  # forgotten by a reset meanwhile
                continue
            self._post(message, url, status, code, token)

    def _post(self, message: dict, url: str, status: str, code: int | None, token: str) -> None:
        params = {
            "AccountSid": message["account_sid"],
            "ApiVersion": API_VERSION,
            "From": message["from"] or "",
            "To": message["to"],
            "MessageSid": message["sid"],
            "SmsSid": message["sid"],
            "MessageStatus": status,
            "SmsStatus": status,
        }
        if message["messaging_service_sid"]:
            params["MessagingServiceSid"] = message["messaging_service_sid"]
        if code is not None:
            params["ErrorCode"] = str(code)
        headers = {
            "X-Twilio-Signature": self.fake.signature(url, params),
            "I-Twilio-Idempotency-Token": token,
            "User-Agent": "TwilioProxy/1.1",
        }
        entry = {"url": url, "params": params, "headers": headers, "time": time.time()}
        try:
            response = self._session.post(url, data=params, headers=headers, timeout=15)
            entry["response_status"] = response.status_code
        except requests.RequestException as exc:
            entry["response_status"] = None
            entry["error"] = repr(exc)
        self.fake.log_callback(entry)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the SDK reuses one connection
    disable_nagle_algorithm = True
    server_version = "FakeTwilio/1.0"

    @property
    def fake(self) -> FakeTwilio:
        return self.server.fake

    def log_message(self, format, *args) -> None:  # no per-request logging: it costs throughput
        pass

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path.startswith("/_fake/"):
            name = path.removeprefix("/_fake/")
            if name in ("messages", "requests", "callbacks", "stats"):
                self.send_json(200, json.dumps({name: getattr(self.fake, name)}))
            else:
                self.send_error_json(404, 20404)
            return
        if not self._authorized():
            return
        if path == f"{MESSAGES_PREFIX}{self.fake.account_sid}.json":
            self._account()
            return
        account_sid, resource = self._resource(path)
        if account_sid and resource == "Messages.json":
            self._list_messages()
            return
        sid = resource.removeprefix("Messages/").removesuffix(".json")
        try:
            if not (account_sid and resource == f"Messages/{sid}.json"):
                raise KeyError(path)
            self.send_json(200, json.dumps(self.fake.message(sid)))
        except KeyError:
            self.send_error_json(404, 20404)

    def _account(self) -> None:
        """The account itself: what a credentials check fetches."""
        sid = self.fake.account_sid
        self.send_json(200, json.dumps({
            "sid": sid, "friendly_name": "Fake account", "status": "active", "type": "Full",
            "auth_token": self.fake.auth_token, "owner_account_sid": sid,
            "date_created": None, "date_updated": None,
            "uri": f"{MESSAGES_PREFIX}{sid}.json", "subresource_uris": {},
        }))

    def _list_messages(self) -> None:
        query = parse_qs(self.path.split("?", 1)[1], keep_blank_values=True) if "?" in self.path else {}
        try:
            page = self.fake.list_messages(self.path.split("?", 1)[0], {k: v[-1] for k, v in query.items()})
        except ValueError as exc:
            self.send_json(400, json.dumps(error_body(20001, 400, message=str(exc))))
            return
        self.send_json(200, json.dumps({**page, "uri": self.path}))

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        path = self.path.split("?", 1)[0]
        if path.startswith("/_fake/"):
            self._control(path.removeprefix("/_fake/"), body)
            return
        if not self._authorized():
            return
        account_sid, resource = self._resource(path)
        if account_sid and resource == "Messages.json":
            form = _form(body.decode("utf-8"))
            self.fake.create_message(self, account_sid, form, dict(self.headers))
        else:
            self.send_error_json(404, 20404)

    def _control(self, name: str, body: bytes) -> None:
        try:
            if name == "reset":
                self.fake.reset()
            elif name == "script":
                self.fake.script(**json.loads(body or b"{}"))
            else:
                self.send_error_json(404, 20404)
                return
        except (ValueError, TypeError) as exc:
            self.send_json(400, json.dumps({"error": str(exc)}))
            return
        self.send_json(200, '{"ok": true}')

    def _authorized(self) -> bool:
        given = self.headers.get("Authorization", "")
        if hmac.compare_digest(given.encode(), self.fake._authorization.encode()):
            return True
        self.send_error_json(401, 20003, extra=[("WWW-Authenticate", 'Basic realm="Twilio API"')])
        return False

    def _resource(self, path: str) -> tuple[str | None, str]:
        """(account sid, rest of the path) for this account's resources, else (None, "")."""
        if not path.startswith(MESSAGES_PREFIX):
            return None, ""
        account_sid, _, resource = path[len(MESSAGES_PREFIX):].partition("/")
        if account_sid != self.fake.account_sid:
            return None, ""
        return account_sid, resource

    def send_error_json(self, status: int, code: int | None, problem: bool = False, extra=()) -> int:
        code = code or 20000 + status
        extra = list(extra)
        if status == 429:
            extra.append(("Retry-After", "1"))
        return self.send_json(status, json.dumps(error_body(code, status, problem)), extra,
                              "application/problem+json" if problem else "application/json")

    def send_json(self, status: int, body: str, extra=(), content_type: str = "application/json") -> int:
        """Answer in one write (headers and body in one segment); returns `status`."""
        data = body.encode("utf-8")
        lines = [
            f"HTTP/1.1 {status} {HTTPStatus(status).phrase}",
            f"Date: {formatdate(usegmt=True)}",
            f"Content-Type: {content_type}; charset=utf-8",
            f"Content-Length: {len(data)}",
            f"Twilio-Request-Id: RQ{secrets.token_hex(16)}",
        ]
        lines += [f"{name}: {value}" for name, value in extra]
        if self.close_connection:
            lines.append("Connection: close")
        try:
            self.wfile.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout): fine
            self.close_connection = True
        return status


def _form(text: str) -> dict:
    """Form fields; a repeated field (MediaUrl) becomes a list."""
    form: dict = {}
    for key, value in parse_qsl(text, keep_blank_values=True):
        if key in form:
            form[key] = (form[key] if isinstance(form[key], list) else [form[key]]) + [value]
        else:
            form[key] = value
    return form


class RemoteTwilio:
    """The same records and script as FakeTwilio, for a server running in another process."""

    def __init__(self, url: str, account_sid: str = DEFAULT_ACCOUNT_SID, auth_token: str = DEFAULT_AUTH_TOKEN):
        self.url, self.account_sid, self.auth_token = url, account_sid, auth_token
        self._session = requests.Session()

    def _control(self, method: str, name: str, payload: dict | None = None) -> dict:
        answer = self._session.request(method, f"{self.url}/_fake/{name}", json=payload, timeout=30)
        if answer.status_code == 400:
            raise ValueError(answer.json()["error"])
        answer.raise_for_status()
        return answer.json()

    @property
    def messages(self) -> list[dict]:
        return self._control("GET", "messages")["messages"]

    @property
    def requests(self) -> list[dict]:
        return self._control("GET", "requests")["requests"]

    @property
    def callbacks(self) -> list[dict]:
        return self._control("GET", "callbacks")["callbacks"]

    @property
    def stats(self) -> dict:
        return self._control("GET", "stats")["stats"]

    def script(self, **script) -> None:
        """Keyword arguments as FakeTwilio.script, outcomes as strings."""
        self._control("POST", "script", script)

    def reset(self) -> None:
        self._control("POST", "reset")


@contextmanager
def server_process(account_sid: str = DEFAULT_ACCOUNT_SID, auth_token: str = DEFAULT_AUTH_TOKEN,
                   callbacks: bool = False):
    """Run `python -m tests.twilio_server --port 0 ...` in a subprocess; yields a RemoteTwilio."""
    argv = [sys.executable, "-m", "tests.twilio_server", "--port", "0",
            "--account-sid", account_sid, "--auth-token", auth_token]
    proc = subprocess.Popen(argv + ["--callbacks"] * callbacks, stdout=subprocess.PIPE, text=True,
                            cwd=PROJECT_ROOT)
    try:
        line = proc.stdout.readline()
        if not line.startswith("listening "):
            raise RuntimeError(f"fake Twilio server did not start: {line!r}")
        yield RemoteTwilio(line.split()[1], account_sid, auth_token)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stdout.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Local Twilio-compatible server for tests and benchmarks.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0: chosen by the OS (default)")
    parser.add_argument("--account-sid", default=DEFAULT_ACCOUNT_SID)
    parser.add_argument("--auth-token", default=DEFAULT_AUTH_TOKEN)
    parser.add_argument("--callbacks", action="store_true", help="post status callbacks")
    parser.add_argument("--hold", type=float, default=Pace.hold,
                        help="seconds a message stays in its first status (default %(default)s)")
    parser.add_argument("--step", type=float, default=Pace.step,
                        help="seconds between its later status changes (default %(default)s)")
    args = parser.parse_args(argv)
    server = FakeTwilio(args.account_sid, args.auth_token, args.host, args.port)
    server.script(callbacks=args.callbacks, pace={"hold": args.hold, "step": args.step})
    print(f"listening {server.url}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    sys.exit(0)


if __name__ == "__main__":
    main()
