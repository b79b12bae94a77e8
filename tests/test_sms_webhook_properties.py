"""A NUL in a text: PostgreSQL cannot store it, the webhook must neither 500 nor lose the text."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from reminders import enrolment, inbound
from reminders.app import create_app
from reminders.models import Message
from tests.scheduling_helpers import enrol
from tests.signing import AUTH_TOKEN, PUBLIC_BASE_URL, post_signed

PATH = "/webhooks/twilio/sms"
PATIENT, OTHER_PATIENT = "+16175550101", "+16175550102"

@pytest.fixture
def client(config, rt):
    signed = config.with_overrides(twilio_auth_token=AUTH_TOKEN, public_base_url=PUBLIC_BASE_URL)
    return create_app(signed).test_client()


@pytest.fixture
def patients(rt):
    """Two enrolled patients (one with a daily plan), so replies reach the conversation code."""
    enrol(rt, phone=PATIENT)
    with rt.session() as session:
        enrolment.add_patient(session, phone=OTHER_PATIENT, name="Ana", tz="Europe/Madrid", lang="es",
                              welcome=False)


def inbound_count(rt) -> int:
    with rt.session() as session:
        return session.scalar(select(func.count()).select_from(Message).where(Message.direction == "in"))


def stored_by_sid(rt, sid: str) -> list[Message]:
    with rt.session() as session:
        return session.scalars(select(Message).where(Message.twilio_sid == sid)).all()


def test_a_nul_in_the_body_is_stored_escaped_and_reads_back_exactly(rt, client, patients):
    form = {"MessageSid": "SMnul", "From": PATIENT, "To": "+15005550006", "Body": "tingling 6\x00 and \u2400"}
    response = post_signed(client, PATH, form)
    assert response.status_code == 200 and "tingling 6/10" in response.get_data(as_text=True)
    [stored] = stored_by_sid(rt, "SMnul")
    assert stored.body == "tingling 6\u24000 and \u2400\u2400"
    assert inbound.original(stored.body) == form["Body"]


@pytest.mark.parametrize("field", ["MessageSid", "From", "To"])
def test_a_nul_in_sid_sender_or_recipient_is_400_not_500(rt, client, patients, field):
    form = {"MessageSid": "SMnul-field", "From": PATIENT, "To": "+15005550006", "Body": "taken"}
    form[field] += "\x00"
    response = post_signed(client, PATH, form)
    assert response.status_code == 400 and b"malformed" in response.data
    assert inbound_count(rt) == 0
