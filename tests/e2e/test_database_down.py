"""PostgreSQL unreachable while a patient's reply arrives at gunicorn.

The shared PostgreSQL server keeps running: gunicorn reaches it through a TCP
forwarder the test cuts and restores. While it is cut the webhook must say 503
(Twilio's fallback URL or a retry resends the text) and leave nothing half
written; once it is back, the same signed request is taken, and recorded once
however often it comes.
"""

import secrets
from datetime import timedelta
from xml.etree import ElementTree

import pytest
import requests
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from reminders.core.db import utcnow
from reminders.core.models import INBOUND, DoseEvent, Message, SymptomReport
from tests.e2e.stack import FROM_NUMBER, SMS_PATH, postgres_only
from tests.e2e.tcp_proxy import TcpProxy
from tests.scheduling_helpers import Phone, enrol, tick
from tests.twilio_server import DEFAULT_ACCOUNT_SID

PATIENT = "+16175550101"


def answer_of(response) -> str:
    return " ".join(m.text or "" for m in ElementTree.fromstring(response.content).iter("Message"))


def recorded(rt) -> dict:
    """What a reply writes: the stored text, the dose, the symptom."""
    with rt.session() as session:
        def count(model, *where):
            return session.scalar(select(func.count()).select_from(model).where(*where))
        return {
            "replies": count(Message, Message.direction == INBOUND),
            "doses": count(DoseEvent, DoseEvent.outcome == "taken"),
            "symptoms": count(SymptomReport, SymptomReport.symptom == "tingling",
                              SymptomReport.severity == 4),
        }


@pytest.fixture
def proxy(stack, rt, database_url):
    """gunicorn reaching PostgreSQL through a forwarder; the patient's dose is open."""
    # A reminder went out a minute ago (console transport): the dose awaits an answer.
    now = utcnow()
    enrol(rt, phone=PATIENT, tz="UTC", quiet="00:00-00:00",
          start=(now - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%S"), now=now - timedelta(minutes=2))
    phone = Phone()
    tick(rt, phone, now)
    assert len(phone.texts) == 1

    url = make_url(database_url)
    with TcpProxy(url.host or "127.0.0.1", url.port or 5432) as forwarder:
        through = url.set(host="127.0.0.1", port=forwarder.port).render_as_string(hide_password=False)
        stack.web(DATABASE_URL=through)
        yield forwarder


def a_reply() -> dict:
    return {"MessageSid": "SM" + secrets.token_hex(16), "AccountSid": DEFAULT_ACCOUNT_SID,
            "From": PATIENT, "To": FROM_NUMBER, "Body": "took it, tingling 4", "NumMedia": "0"}


def taken_once(stack, rt, reply: dict) -> None:
    """The database is back: Twilio's retry (same MessageSid, same signature) is taken,
    and a further delivery of it gets the same answer, not a second record."""
    taken = stack.post_signed(SMS_PATH, reply)
    assert taken.status_code == 200, taken.text
    assert "4/10" in answer_of(taken)
    assert recorded(rt) == {"replies": 1, "doses": 1, "symptoms": 1}
    again = stack.post_signed(SMS_PATH, reply)
    assert again.status_code == 200 and answer_of(again) == answer_of(taken)
    assert recorded(rt) == {"replies": 1, "doses": 1, "symptoms": 1}


@postgres_only
def test_reply_while_postgres_is_unreachable_is_refused_then_taken_once(stack, rt, proxy):
    reply = a_reply()
    proxy.cut()
    refused = stack.post_signed(SMS_PATH, reply)
    assert refused.status_code == 503, refused.text
    assert requests.get(stack.url("/healthz"), timeout=10).status_code == 503
    assert recorded(rt) == {"replies": 0, "doses": 0, "symptoms": 0}

    proxy.restore()
    taken_once(stack, rt, reply)


@postgres_only
def test_postgres_lost_mid_reply_keeps_the_text_and_nothing_half_done(stack, rt, proxy):
    reply = a_reply()
    # The text is stored; then, while its dose is being written, the database goes.
    proxy.cut_on(b"INSERT INTO dose_events")
    refused = stack.post_signed(SMS_PATH, reply)
    assert refused.status_code == 503, refused.text
    assert recorded(rt) == {"replies": 1, "doses": 0, "symptoms": 0}
    with rt.session() as session:
        assert session.scalar(select(Message.status).where(Message.direction == INBOUND)) == "received"

    proxy.restore()
    taken_once(stack, rt, reply)
