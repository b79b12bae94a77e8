"""Reminders through the real twilio SDK to a local Twilio-compatible server."""

import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from reminders.core.models import ConsentEvent, Flag, Patient
from reminders.outgoing import clock
from reminders.outgoing.transports import make_transport
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
    assert request["form"]["StatusCallback"] == f"{PUBLIC}/webhooks/twilio/status"
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


def test_a_timeout_is_retried_without_texting_twice(twilio_rt, twilio_server):
    enrol(twilio_rt, start="2027-03-10T08:00")
    # Twilio creates the message but answers after the client has given up.
    twilio_server.script(queue=["drop:1.5"])
    assert tick(twilio_rt, NOW).sent == 0
    [held] = messages(twilio_rt)
    assert held.status == "pending"
    time.sleep(1.5)  # let the slow answer finish on the server side
    tick(twilio_rt, NOW + timedelta(minutes=1))
    assert len(twilio_server.messages) == 1
    [sent] = messages(twilio_rt)
    assert sent.status == "queued" and sent.twilio_sid == twilio_server.messages[0]["sid"]


def test_a_timeout_before_twilio_created_anything_is_resent(twilio_rt, twilio_server):
    enrol(twilio_rt, start="2027-03-10T08:00")
    twilio_server.script(queue=["delay:1+http503"])
    tick(twilio_rt, NOW)
    assert twilio_server.messages == []
    tick(twilio_rt, NOW + timedelta(minutes=1))
    assert len(twilio_server.messages) == 1
