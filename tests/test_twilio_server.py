"""The local Twilio server, driven through the real twilio SDK (make_client)."""

from __future__ import annotations

import re
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

import pytest
import requests
from twilio.base.exceptions import (
    TwilioException,
    TwilioRestException,
    TwilioServiceException,
)
from twilio.request_validator import RequestValidator

from reminders.outgoing.twilio_client import make_client
from tests.twilio_server import num_segments, parse_outcome, server_process

TO = "+15550100"
OTHER = "+15550111"
FROM = "+15550199"
SERVICE = "MG" + "ab" * 16


@pytest.fixture
def client(twilio_server):
    return make_client(twilio_server.account_sid, twilio_server.auth_token, twilio_server.url, timeout=2)


def send(client, to=TO, **fields):
    fields.setdefault("from_", FROM)
    fields.setdefault("body", "Time for your B12 dose.")
    return client.messages.create(to=to, **fields)


def eventually(condition, timeout=5.0):
    """Poll until condition() is true (a server thread finishing a scripted wait)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition never became true"
        time.sleep(0.01)


# -- success ---------------------------------------------------------------------


def test_create_goes_to_the_local_server_and_answers_like_twilio(twilio_server, client):
    message = send(client, body="Time for your B12 dose.", status_callback="https://app.example/status",
                   validity_period=3600)

    assert re.fullmatch(r"SM[0-9a-f]{32}", message.sid)
    assert message.status == "queued"
    assert (message.to, message.from_, message.body) == (TO, FROM, "Time for your B12 dose.")
    assert message.account_sid == twilio_server.account_sid
    assert message.num_segments == "1"
    assert message.price is None and message.error_code is None
    assert message.date_created.tzinfo is not None
    assert message.uri == f"/2010-04-01/Accounts/{twilio_server.account_sid}/Messages/{message.sid}.json"

    [stored] = twilio_server.messages
    assert stored["sid"] == message.sid
    [request] = twilio_server.requests
    assert request["sid"] == message.sid
    assert request["form"] == {"To": TO, "From": FROM, "Body": "Time for your B12 dose.",
                               "StatusCallback": "https://app.example/status", "ValidityPeriod": "3600"}
    assert request["headers"]["Authorization"].startswith("Basic ")


def test_edge_and_region_from_the_environment_do_not_redirect_a_local_url(twilio_server, monkeypatch):
    # The SDK rewrites hosts for TWILIO_EDGE / TWILIO_REGION; 127.0.0.1 would become a bad host.
    monkeypatch.setenv("TWILIO_EDGE", "dublin")
    monkeypatch.setenv("TWILIO_REGION", "ie1")
    client = make_client(twilio_server.account_sid, twilio_server.auth_token, twilio_server.url, timeout=2)
    assert send(client).status == "queued"
    with pytest.raises(ValueError):
        make_client(twilio_server.account_sid, twilio_server.auth_token, twilio_server.url, timeout=0)


def test_fetch_returns_the_stored_message(twilio_server, client):
    twilio_server.script(pace={"hold": 60})
    sid = send(client).sid
    assert client.messages(sid).fetch().status == "queued"
    with pytest.raises(TwilioRestException) as caught:
        client.messages("SM" + "0" * 32).fetch()
    assert caught.value.status == 404


def test_messaging_service_message_starts_accepted_without_a_sender(client):
    message = client.messages.create(to=TO, messaging_service_sid=SERVICE, body="Hello")
    assert message.status == "accepted"
    assert message.messaging_service_sid == SERVICE
    assert message.from_ is None


@pytest.mark.parametrize(
    "body, segments",
    [
        pytest.param("a" * 160, 1, id="gsm-160"),
        pytest.param("a" * 161, 2, id="gsm-161"),
        pytest.param("a" * 306, 2, id="gsm-306"),
        pytest.param("a" * 307, 3, id="gsm-307"),
        pytest.param("{" * 80, 1, id="gsm-extension-80"),  # extension characters cost two septets
        pytest.param("{" * 81, 2, id="gsm-extension-81"),
        pytest.param("é" * 160, 1, id="gsm-accent-160"),  # é is in the GSM-7 basic table
        pytest.param("\u2019" * 70, 1, id="ucs2-70"),  # one curly quote: the whole text is UCS-2
        pytest.param("\u2019" * 71, 2, id="ucs2-71"),
        pytest.param("a" * 133 + "\u2019", 2, id="ucs2-134"),
        pytest.param("\U0001F600" * 35, 1, id="emoji-35"),  # an emoji is two UTF-16 units
        pytest.param("\U0001F600" * 36, 2, id="emoji-36"),
    ],
)
def test_segments_are_counted_like_twilio(client, body, segments):
    assert send(client, body=body).num_segments == str(segments)
    assert num_segments(body) == segments


# -- a message's life: statuses over time, DateSent ---------------------------------------


def test_a_message_moves_queued_sending_sent_delivered_and_is_dated_when_sent(twilio_server, client):
    twilio_server.script(pace={"hold": 0.3, "step": 0.3})
    sid = send(client).sid
    seen = []

    def moved_on():
        fetched = client.messages(sid).fetch()
        if not seen or seen[-1][0] != fetched.status:
            seen.append((fetched.status, fetched.date_sent))
        return fetched.status == "delivered"

    eventually(moved_on)
    assert [status for status, _ in seen] == ["queued", "sending", "sent", "delivered"]
    # No DateSent while the message waits or is on its way; set once it is sent.
    assert [date_sent is None for _, date_sent in seen] == [True, True, False, False]
    assert twilio_server.message(sid)["status"] == "delivered"  # no callback URL needed


def test_a_messaging_service_message_gets_its_sender_when_queued(twilio_server, client):
    twilio_server.script(pace={"hold": 60})
    held = client.messages.create(to=TO, messaging_service_sid=SERVICE, body="Hello")
    assert (held.status, held.from_, held.num_segments) == ("accepted", None, "0")
    twilio_server.script(pace={"hold": 0, "step": 0})
    moving = client.messages.create(to=TO, messaging_service_sid=SERVICE, body="Hello")
    eventually(lambda: client.messages(moving.sid).fetch().status == "delivered")
    fetched = client.messages(moving.sid).fetch()
    assert fetched.from_ is not None and fetched.num_segments == "1"
    assert client.messages(held.sid).fetch().status == "accepted"


def test_a_failed_message_is_never_dated_sent(twilio_server, client):
    twilio_server.script(pace={"hold": 0, "step": 0}, recipients={TO: "failed:30001"})
    sid = send(client).sid
    eventually(lambda: client.messages(sid).fetch().status == "failed")
    fetched = client.messages(sid).fetch()
    assert (fetched.error_code, fetched.date_sent) == (30001, None)


# -- the Messages list: filters and pages, as the API has them ------------------------------


def test_the_list_filters_on_to_and_from_newest_first(twilio_server, client):
    first = send(client, to=TO).sid
    send(client, to=OTHER)
    second = send(client, to=TO, from_="+15550188").sid
    assert [m.sid for m in client.messages.list(to=TO)] == [second, first]
    assert [m.sid for m in client.messages.list(to=TO, from_=FROM)] == [first]
    assert len(client.messages.list()) == 3


def test_date_sent_filters_leave_out_messages_not_sent_yet(twilio_server, client):
    twilio_server.script(pace={"hold": 0, "step": 0})
    sent = send(client).sid
    eventually(lambda: client.messages(sent).fetch().date_sent is not None)
    twilio_server.script(pace={"hold": 60})
    queued = send(client).sid
    created = client.messages(queued).fetch().date_created
    today, hour_ago = created.date(), created - timedelta(hours=1)

    assert {m.sid for m in client.messages.list(to=TO)} == {sent, queued}
    # A day is given as a string: the SDK would write a date as a time, its midnight.
    for filters in ({"date_sent": today}, {"date_sent": str(today)}, {"date_sent_after": hour_ago},
                    {"date_sent_after": str(today)}, {"date_sent_before": str(today)}):
        assert [m.sid for m in client.messages.list(to=TO, **filters)] == [sent], filters
    assert client.messages.list(to=TO, date_sent_before=hour_ago) == []
    assert client.messages.list(to=TO, date_sent_after=str(today + timedelta(days=1))) == []


def test_a_bad_date_sent_filter_is_refused(client):
    # A list the API refuses raises TwilioException itself ("Unable to fetch page").
    with pytest.raises(TwilioException) as caught:
        client.messages.list(to=TO, date_sent_after="yesterday")
    assert "HTTP 400" in str(caught.value) and "DateSent>" in str(caught.value)


def test_the_list_comes_in_pages_the_sdk_follows(twilio_server, client):
    sids = [send(client, body=f"text {n}").sid for n in range(5)]
    assert [m.sid for m in client.messages.stream(page_size=2)] == sids[::-1]
    first = client.messages.page(page_size=2)
    assert [m.sid for m in first] == sids[:2:-1]
    assert [m.sid for m in first.next_page()] == sids[2:0:-1]
    assert [m.sid for m in client.messages.stream(page_size=2, limit=3)] == sids[:1:-1]
    raw = requests.get(f"{twilio_server.url}/2010-04-01/Accounts/{twilio_server.account_sid}/Messages.json",
                       params={"PageSize": 4, "To": TO},
                       auth=(twilio_server.account_sid, twilio_server.auth_token), timeout=5).json()
    assert (raw["page"], raw["page_size"], raw["start"], raw["end"]) == (0, 4, 0, 3)
    assert raw["next_page_uri"].startswith(f"/2010-04-01/Accounts/{twilio_server.account_sid}/Messages.json?To=")
    assert raw["previous_page_uri"] is None


# -- errors the SDK raises -----------------------------------------------------------


def test_scripted_500_raises_rest_exception_and_creates_nothing(twilio_server, client):
    twilio_server.script(queue=["http500"])
    with pytest.raises(TwilioRestException) as caught:
        send(client)
    assert caught.value.status == 500
    assert twilio_server.messages == []
    assert send(client).status == "queued"  # the queue is used up: back to ok


def test_queue_applies_to_the_next_requests_in_order(twilio_server, client):
    twilio_server.script(queue=["http503", "429", "ok"])
    statuses = []
    for _ in range(4):
        try:
            statuses.append(send(client).status)
        except TwilioRestException as exc:
            statuses.append(exc.status)
    assert statuses == [503, 429, "queued", "queued"]


def test_429_raises_with_code_20429_and_retry_after(twilio_server, client):
    twilio_server.script(queue=["429", "429"])
    with pytest.raises(TwilioRestException) as caught:
        send(client)
    assert (caught.value.status, caught.value.code) == (429, 20429)

    raw = requests.post(f"{twilio_server.url}/2010-04-01/Accounts/{twilio_server.account_sid}/Messages.json",
                        data={"To": TO, "From": FROM, "Body": "x"},
                        auth=(twilio_server.account_sid, twilio_server.auth_token), timeout=5)
    assert raw.status_code == 429
    assert raw.headers["Retry-After"] == "1"
    assert raw.json() == {"code": 20429, "message": "Too Many Requests",
                          "more_info": "https://www.twilio.com/docs/errors/20429", "status": 429}


def test_recipient_rule_21610_fails_only_that_number(twilio_server, client):
    twilio_server.script(recipients={TO: "21610"})
    for _ in range(2):  # a plain rule holds for every request to the number
        with pytest.raises(TwilioRestException) as caught:
            send(client, to=TO)
        assert (caught.value.status, caught.value.code) == (400, 21610)
        assert "unsubscribed" in caught.value.msg
    assert send(client, to=OTHER).status == "queued"
    assert [m["to"] for m in twilio_server.messages] == [OTHER]


def test_recipient_list_rule_is_used_up(twilio_server, client):
    twilio_server.script(recipients={TO: ["21211", "21614"]})
    codes = []
    for _ in range(3):
        try:
            codes.append(send(client).status)
        except TwilioRestException as exc:
            codes.append(exc.code)
    assert codes == [21211, 21614, "queued"]


def test_problem_format_raises_service_exception_not_rest_exception(twilio_server, client):
    twilio_server.script(queue=["problem:21610"])
    with pytest.raises(TwilioServiceException) as caught:
        send(client)
    assert not isinstance(caught.value, TwilioRestException)
    assert isinstance(caught.value, TwilioException)
    assert (caught.value.status, caught.value.code) == (400, 21610)


def test_twilio_validates_the_request(client):
    with pytest.raises(TwilioRestException) as caught:
        send(client, validity_period=0)
    assert caught.value.code == 21624
    with pytest.raises(TwilioRestException) as caught:
        client.messages.create(to=TO, body="no sender")
    assert caught.value.code == 21603
    with pytest.raises(TwilioRestException) as caught:
        send(client, body="a" * 1601)
    assert caught.value.code == 21617


def test_wrong_credentials_get_401(twilio_server):
    wrong = make_client(twilio_server.account_sid, "not-the-token", twilio_server.url, timeout=2)
    with pytest.raises(TwilioRestException) as caught:
        send(wrong)
    assert (caught.value.status, caught.value.code) == (401, 20003)
    other_account = make_client("AC" + "9" * 32, twilio_server.auth_token, twilio_server.url, timeout=2)
    with pytest.raises(TwilioRestException) as caught:
        send(other_account)
    assert caught.value.status == 401
    assert twilio_server.messages == []


def test_random_failures_are_reproducible_with_a_seed(twilio_server, client):
    def pattern():
        twilio_server.reset()
        twilio_server.script(failure_rate=0.5, seed=7, failure_outcomes=["http503", "21611"])
        outcomes = []
        for _ in range(30):
            try:
                send(client)
                outcomes.append("ok")
            except TwilioRestException as exc:
                outcomes.append(exc.code)
        return outcomes

    first = pattern()
    assert first == pattern()
    assert {"ok", 20503, 21611} == set(first)
    twilio_server.script(failure_rate=0)
    assert send(client).status == "queued"


def test_bad_script_is_refused():
    with pytest.raises(ValueError):
        parse_outcome("http9000")
    with pytest.raises(ValueError):
        parse_outcome("delay:soon")


# -- timeouts and ambiguous sends ------------------------------------------------------


def test_delay_past_the_timeout_raises_read_timeout(twilio_server):
    quick = make_client(twilio_server.account_sid, twilio_server.auth_token, twilio_server.url, timeout=0.2)
    twilio_server.script(queue=["delay:0.6"])
    with pytest.raises(requests.exceptions.ReadTimeout) as caught:
        send(quick)
    assert not isinstance(caught.value, TwilioException)  # the SDK does not wrap it
    # Twilio went on and created the message after all: the send is ambiguous.
    eventually(lambda: len(twilio_server.messages) == 1)
    assert send(quick).status == "queued"  # the client recovers with a new connection


def test_delay_combined_with_an_error_creates_nothing(twilio_server):
    quick = make_client(twilio_server.account_sid, twilio_server.auth_token, twilio_server.url, timeout=0.2)
    twilio_server.script(queue=["delay:0.4+http503"])
    with pytest.raises(requests.exceptions.Timeout):
        send(quick)
    eventually(lambda: twilio_server.requests[0]["status"] == 503)
    assert twilio_server.messages == []


def test_drop_creates_the_message_but_answers_500(twilio_server, client):
    twilio_server.script(queue=["drop"])
    with pytest.raises(TwilioRestException) as caught:
        send(client)
    assert caught.value.status == 500
    [message] = twilio_server.messages
    assert message["to"] == TO


def test_drop_with_seconds_creates_the_message_and_answers_too_late(twilio_server):
    quick = make_client(twilio_server.account_sid, twilio_server.auth_token, twilio_server.url, timeout=0.2)
    twilio_server.script(queue=["drop:1"])
    with pytest.raises(requests.exceptions.ReadTimeout):
        send(quick)
    assert len(twilio_server.messages) == 1


def test_hangup_creates_the_message_and_closes_the_connection(twilio_server, client):
    twilio_server.script(queue=["hangup"])
    with pytest.raises(requests.exceptions.ConnectionError):
        send(client)
    assert len(twilio_server.messages) == 1
    assert send(client).status == "queued"


def test_connection_refused_raises_connection_error(twilio_server):
    url = twilio_server.url
    twilio_server.stop()
    closed = make_client("AC" + "1" * 32, "token", url, timeout=1)
    with pytest.raises(requests.exceptions.ConnectionError):
        send(closed)


# -- status callbacks ---------------------------------------------------------------


class CallbackReceiver:
    """A tiny web app standing in for our status webhook: records what it is posted."""

    def __init__(self):
        posts = self.posts = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                posts.append({"path": self.path, "headers": dict(self.headers), "form": dict(parse_qsl(body))})
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/webhooks/twilio/status?tenant=b12"


@pytest.fixture
def receiver():
    app = CallbackReceiver()
    yield app
    app.httpd.shutdown()
    app.httpd.server_close()


def test_status_callbacks_are_signed_like_twilio(twilio_server, client, receiver):
    twilio_server.script(callbacks=True)
    message = send(client, status_callback=receiver.url)

    log = twilio_server.wait_for_callbacks(3)
    assert [entry["response_status"] for entry in log] == [204, 204, 204]
    assert [post["form"]["MessageStatus"] for post in receiver.posts] == ["sending", "sent", "delivered"]
    validator = RequestValidator(twilio_server.auth_token)
    for post in receiver.posts:
        assert post["form"] == {
            "AccountSid": twilio_server.account_sid, "ApiVersion": "2010-04-01", "From": FROM, "To": TO,
            "MessageSid": message.sid, "SmsSid": message.sid,
            "MessageStatus": post["form"]["MessageStatus"], "SmsStatus": post["form"]["MessageStatus"],
        }
        assert validator.validate(receiver.url, post["form"], post["headers"]["X-Twilio-Signature"])
        assert not validator.validate(receiver.url, {**post["form"], "MessageStatus": "read"},
                                      post["headers"]["X-Twilio-Signature"])
    assert client.messages(message.sid).fetch().status == "delivered"


def test_callbacks_are_off_by_default(twilio_server, client, receiver):
    send(client, status_callback=receiver.url)
    with pytest.raises(TimeoutError):
        twilio_server.wait_for_callbacks(1, timeout=0.3)
    assert receiver.posts == []


def test_failed_delivery_reports_the_error_code(twilio_server, client, receiver):
    twilio_server.script(callbacks=True, recipients={TO: "undelivered:30003", OTHER: "failed:30001"})
    first = send(client, to=TO, status_callback=receiver.url)
    second = send(client, to=OTHER, status_callback=receiver.url)
    assert first.status == second.status == "queued"  # the failure comes later, not from create

    twilio_server.wait_for_callbacks(4)
    by_sid = {}
    for post in receiver.posts:
        by_sid.setdefault(post["form"]["MessageSid"], []).append(
            (post["form"]["MessageStatus"], post["form"].get("ErrorCode")))
    assert by_sid == {first.sid: [("sending", None), ("sent", None), ("undelivered", "30003")],
                      second.sid: [("failed", "30001")]}
    fetched = client.messages(second.sid).fetch()
    assert (fetched.status, fetched.error_code) == ("failed", 30001)


def test_callbacks_can_come_reversed_and_twice_without_moving_status_back(twilio_server, client, receiver):
    twilio_server.script(callbacks={"order": "reverse", "duplicate": 2})
    message = client.messages.create(to=TO, messaging_service_sid=SERVICE, body="Hi",
                                     status_callback=receiver.url)

    twilio_server.wait_for_callbacks(8)
    statuses = [post["form"]["MessageStatus"] for post in receiver.posts]
    assert statuses == ["delivered", "delivered", "sent", "sent", "sending", "sending", "queued", "queued"]
    assert all(post["form"]["MessagingServiceSid"] == SERVICE for post in receiver.posts)
    tokens = [post["headers"]["I-Twilio-Idempotency-Token"] for post in receiver.posts]
    assert tokens[0] == tokens[1] and len(set(tokens)) == 4  # a repeat is the same event
    assert client.messages(message.sid).fetch().status == "delivered"


def test_reset_forgets_records_and_script(twilio_server, client):
    twilio_server.script(queue=["http500"], callbacks=True)
    with pytest.raises(TwilioRestException):
        send(client)
    twilio_server.reset()
    assert twilio_server.requests == [] and twilio_server.messages == []
    send(client, status_callback="http://127.0.0.1:9/never")
    with pytest.raises(TimeoutError):
        twilio_server.wait_for_callbacks(1, timeout=0.3)


# -- subprocess mode -------------------------------------------------------------------


def test_subprocess_mode_serves_the_sdk_and_is_scripted_over_http():
    with server_process(auth_token="sub-token") as server:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", server.url)
        client = make_client(server.account_sid, "sub-token", server.url, timeout=5)
        sid = send(client).sid
        assert [m["sid"] for m in server.messages] == [sid]
        assert server.requests[0]["form"]["To"] == TO

        server.script(queue=["21610"], recipients={OTHER: "http503"})
        with pytest.raises(TwilioRestException) as caught:
            send(client)
        assert caught.value.code == 21610
        with pytest.raises(TwilioRestException) as caught:
            send(client, to=OTHER)
        assert caught.value.status == 503
        with pytest.raises(ValueError, match="unknown outcome"):
            server.script(queue=["sometimes"])

        server.reset()
        assert server.messages == [] and server.requests == []
        assert send(client, to=OTHER).status == "queued"
