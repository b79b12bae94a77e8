"""Reminders through the real twilio SDK to a local Twilio-compatible server."""

import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from reminders.core.models import ConsentEvent, Flag, MessageEvent, Patient
from reminders.outgoing import clock
from reminders.outgoing.transports import make_transport
from reminders.outgoing.twilio_client import make_client
from tests.scheduling_helpers import at, enrol, messages

NOW = at("2027-03-10T08:00", "America/New_York")
PUBLIC = "https://reminders.example.org"


@pytest.fixture
def twilio_rt(rt, twilio_server):
    rt.config = rt.config.with_overrides(
        sms_transport="twilio", twilio_account_sid=twilio_server.account_sid,
        twilio_auth_token=twilio_server.auth_token, twilio_from_number="+15005550006",
        twilio_api_url=twilio_server.url, public_base_url=PUBLIC, http_timeout=0.5,
    )
    return rt


def tick(rt, when):
    return clock.tick(rt, make_transport(rt.config), now=when)


def test_a_reminder_goes_through_the_sdk_with_callback_and_validity(twilio_rt, twilio_server):
    enrol(twilio_rt, start="2027-03-10T08:00")
    assert tick(twilio_rt, NOW).sent == 1
    [request] = twilio_server.requests
    assert request["form"]["To"] == "+16175550101"
    assert request["form"]["From"] == "+15005550006"
    [stored] = messages(twilio_rt, purpose="reminder")
    # The callback URL names the outbox row, for a retry that must tell its own text.
    assert request["form"]["StatusCallback"] == f"{PUBLIC}/webhooks/twilio/status?m={stored.id}"
    assert request["form"]["ValidityPeriod"] == "3600"
    [stored] = messages(twilio_rt, purpose="reminder")
    assert stored.status == "queued" and stored.twilio_sid == twilio_server.messages[0]["sid"]
    assert stored.body == request["form"]["Body"] and stored.segments >= 1


def test_a_500_is_retried_and_the_text_goes_once(twilio_rt, twilio_server):
    enrol(twilio_rt, start="2027-03-10T08:00")
    twilio_server.script(queue=["http500"])
    assert tick(twilio_rt, NOW).sent == 0
    [held] = messages(twilio_rt)
    assert held.status == "pending" and held.error_code == 20500 and held.send_after > NOW
    assert tick(twilio_rt, NOW + timedelta(minutes=1)).sent == 1
    assert len(twilio_server.messages) == 1
    assert messages(twilio_rt)[0].status == "queued"


def test_a_429_backs_off_before_trying_again(twilio_rt, twilio_server):
    enrol(twilio_rt, start="2027-03-10T08:00")
    twilio_server.script(queue=["429"])
    tick(twilio_rt, NOW)
    [held] = messages(twilio_rt)
    assert held.error_code == 20429 and held.send_after >= NOW + timedelta(seconds=2)
    tick(twilio_rt, NOW)  # the same instant: still backing off
    assert len(twilio_server.requests) == 1
    tick(twilio_rt, NOW + timedelta(minutes=1))
    assert len(twilio_server.requests) == 2 and len(twilio_server.messages) == 1


def test_21610_marks_the_patient_opted_out_and_is_never_retried(twilio_rt, twilio_server):
    enrol(twilio_rt, start="2027-03-10T08:00")
    twilio_server.script(recipients={"+16175550101": "21610"})
    tick(twilio_rt, NOW)
    for minutes in (1, 10, 60):
        tick(twilio_rt, NOW + timedelta(minutes=minutes))
    assert len(twilio_server.requests) == 1
    with twilio_rt.session() as session:
        patient = session.scalars(select(Patient)).one()
        assert patient.consent == "opted_out" and patient.consent_source == "carrier"
        assert session.scalars(select(ConsentEvent.source)).all() == ["enrolment", "carrier"]
    assert messages(twilio_rt)[0].status == "failed"
    # The next day's reminder is not sent either.
    tick(twilio_rt, NOW + timedelta(days=1))
    assert len(twilio_server.requests) == 1


def test_an_invalid_number_is_flagged_for_a_coordinator(twilio_rt, twilio_server):
    enrol(twilio_rt, start="2027-03-10T08:00")
    twilio_server.script(recipients={"+16175550101": "21614"})
    tick(twilio_rt, NOW)
    with twilio_rt.session() as session:
        assert session.scalars(select(Flag.reason)).all() == ["invalid_number"]
    assert messages(twilio_rt)[0].status == "failed"


def timed_out_once(rt, server):
    """A reminder whose first send Twilio takes but answers after the client gave up: the
    row, still pending, once the slow answer is over."""
    enrol(rt, start="2027-03-10T08:00")
    server.script(queue=["drop:1.5"])
    assert tick(rt, NOW).sent == 0
    [held] = messages(rt)
    assert held.status == "pending" and held.attempts == 1
    wait_for(lambda: server.requests[0]["status"] == 201)  # the slow answer is over
    return held


def retried_after_a_timeout(rt, server) -> list:
    """The same, and the next tick retries it: what the database then holds."""
    timed_out_once(rt, server)
    tick(rt, NOW + timedelta(minutes=1))
    return messages(rt)


def the_one_text(server) -> dict:
    texts = server.messages
    assert len(texts) == 1, f"the patient got {len(texts)} texts"
    return texts[0]


def wait_for(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition never became true"
        time.sleep(0.02)


def test_a_timeout_is_retried_without_texting_twice(twilio_rt, twilio_server):
    # Twilio sent the text before the retry asked: it has a DateSent.
    twilio_server.script(pace={"hold": 0, "step": 0})
    [sent] = retried_after_a_timeout(twilio_rt, twilio_server)
    at_twilio = the_one_text(twilio_server)
    assert sent.status == "delivered" and sent.twilio_sid == at_twilio["sid"] and sent.attempts == 2


def test_a_timeout_while_the_text_waits_in_twilios_queue_does_not_text_twice(twilio_rt, twilio_server):
    # The sender's queue holds the text: still "queued" when the retry asks, no DateSent yet.
    twilio_server.script(pace={"hold": 120})
    [sent] = retried_after_a_timeout(twilio_rt, twilio_server)
    at_twilio = the_one_text(twilio_server)
    assert at_twilio["date_sent"] is None
    assert sent.status == "queued" and sent.twilio_sid == at_twilio["sid"]


def test_a_messaging_service_text_still_accepted_is_found_by_its_service(twilio_rt, twilio_server):
    service = "MG" + "5" * 32
    twilio_rt.config = twilio_rt.config.with_overrides(twilio_from_number=None,
                                                       twilio_messaging_service_sid=service)
    twilio_server.script(pace={"hold": 120})
    [sent] = retried_after_a_timeout(twilio_rt, twilio_server)
    at_twilio = the_one_text(twilio_server)
    assert (at_twilio["status"], at_twilio["from"], at_twilio["messaging_service_sid"]) == ("accepted", None, service)
    assert sent.status == "accepted" and sent.twilio_sid == at_twilio["sid"]


def test_a_callback_naming_the_row_is_taken_over_asking_twilio(twilio_rt, twilio_server):
    twilio_server.script(pace={"hold": 120})
    held = timed_out_once(twilio_rt, twilio_server)
    # What the status webhook keeps of a callback for a sid no row has, its URL naming the row.
    with twilio_rt.session() as session:
        session.add(MessageEvent(twilio_sid="SM" + "7" * 32, status="sent", ref=held.id, at=NOW))
    twilio_server.reset()  # Twilio's list would not find it: the callback alone tells
    tick(twilio_rt, NOW + timedelta(minutes=1))
    assert twilio_server.messages == []
    [sent] = messages(twilio_rt)
    assert (sent.twilio_sid, sent.status, sent.attempts) == ("SM" + "7" * 32, "sent", 2)


def test_the_same_words_to_someone_else_or_from_elsewhere_are_not_taken_for_the_text(twilio_rt, twilio_server):
    twilio_server.script(pace={"hold": 120})
    timed_out_once(twilio_rt, twilio_server)
    [first] = twilio_server.messages
    # Twilio forgets the first text; others with the same words went to other numbers or came
    # from another sender (another service of the account, say).
    client = make_client(twilio_server.account_sid, twilio_server.auth_token, twilio_server.url)
    twilio_server.reset()
    twilio_server.script(pace={"hold": 120})
    client.messages.create(to="+16175550199", from_="+15005550006", body=first["body"])
    client.messages.create(to=first["to"], from_="+15005550007", body=first["body"])
    tick(twilio_rt, NOW + timedelta(minutes=1))
    assert len(twilio_server.messages) == 3  # so the reminder went again
    [sent] = messages(twilio_rt)
    assert sent.twilio_sid == twilio_server.messages[-1]["sid"]


def test_a_timeout_before_twilio_created_anything_is_resent(twilio_rt, twilio_server):
    enrol(twilio_rt, start="2027-03-10T08:00")
    twilio_server.script(queue=["delay:1+http503"])
    tick(twilio_rt, NOW)
    assert twilio_server.messages == []
    tick(twilio_rt, NOW + timedelta(minutes=1))
    assert len(twilio_server.messages) == 1
