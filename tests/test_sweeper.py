"""A text stored but never interpreted (its web worker died between the two) is swept up by
the clock's tick and interpreted exactly once; `reminders doctor` names stuck rows of every kind.

Before, such a text stayed "received" for ever: had it been "please stop texting me", the
opt-out would never have been recorded, and the reminders would have gone on.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from reminders.core.models import ConsentEvent, Message, Patient
from reminders.incoming import inbound, sweeper
from reminders.outgoing import clock
from reminders.services.doctor import examine
from tests.scheduling_helpers import Phone, at, enrol, messages, tick

PATIENT = "+16175550101"
NOW = at("2027-03-10T12:00", "America/New_York")


def stored_only(rt, body: str, when, sid: str = "SM" + "1" * 32) -> int:
    """What a worker killed after storing leaves behind: the text, never interpreted."""
    with rt.engine.connect() as connection:
        return inbound.store(connection, inbound.Inbound(sid, PATIENT, "+15005550006", body), when).id


def swept_tick(rt, phone, now):
    return clock.tick(rt, phone.transport, now=now, sweeps=(sweeper.sweep_stuck,))


def test_a_stuck_opt_out_is_recorded_once_by_the_next_ticks(rt):
    enrol(rt, phone=PATIENT)
    message_id = stored_only(rt, "please stop texting me", NOW - timedelta(minutes=2))
    phone = Phone()
    result = swept_tick(rt, phone, NOW)
    swept_tick(rt, phone, NOW + timedelta(seconds=30))
    assert result.swept == 1
    with rt.session() as session:
        assert session.get(Message, message_id).status == "handled"
        assert session.scalar(select(Patient.consent)) == "opted_out"
        assert session.scalar(select(func.count()).select_from(ConsentEvent).where(
            ConsentEvent.message_id == message_id)) == 1


def test_a_swept_text_is_answered_through_the_outbox(rt):
    enrol(rt, phone=PATIENT, tz="UTC", quiet="00:00-00:00")
    stored_only(rt, "tingling 4", NOW - timedelta(minutes=2))
    phone = Phone()
    swept_tick(rt, phone, NOW)
    [answer] = messages(rt, purpose="answer")
    assert answer.in_reply_to_id is not None and answer.status == "sent"
    assert phone.texts == ["[sms to +16175550101] Logged: tingling 4/10."]


def test_a_text_younger_than_the_sweep_delay_is_left_to_its_worker(rt):
    enrol(rt, phone=PATIENT)
    message_id = stored_only(rt, "taken", NOW - timedelta(seconds=5))
    assert swept_tick(rt, Phone(), NOW).swept == 0
    with rt.session() as session:
        assert session.get(Message, message_id).status == "received"


def test_dispatch_once_sweeps_too(runner, rt):
    enrol(rt, phone=PATIENT)
    stored_only(rt, "STOP", NOW - timedelta(minutes=5))
    result = runner("dispatch", "--once", "--now", NOW.isoformat())
    assert result.exit_code == 0, result.output
    assert "1 stuck text(s) interpreted" in result.output
    with rt.session() as session:
        assert session.scalar(select(Patient.consent)) == "opted_out"


def test_doctor_names_stuck_rows_of_every_kind(rt, database_url):
    enrol(rt, phone=PATIENT, tz="UTC", quiet="00:00-00:00")
    clock.beat(rt, "clock", NOW, "")
    stored_only(rt, "taken", NOW - timedelta(minutes=10))
    with rt.session() as session:  # a text claimed by a sender that died, its lease long over
        patient = session.scalar(select(Patient))
        session.add(Message(patient_id=patient.id, direction="out", purpose="manual", body="Hi",
                            to_number=PATIENT, status="pending", send_after=NOW - timedelta(minutes=20),
                            lease_until=NOW - timedelta(minutes=15), attempts=1))
    findings = {f.topic: f for f in examine({"DATABASE_URL": database_url, "REMINDERS_ENV": "test"}, now=NOW)}
    assert not findings["outbox"].ok and "1 text(s) overdue" in findings["outbox"].words
    assert "1 claimed by a sender that stopped" in findings["outbox"].words
    assert not findings["inbox"].ok and "1 text(s) received but not interpreted" in findings["inbox"].words
    tick(rt, Phone(), NOW)  # sends the overdue one; the sweep is the clock process's (not wired here)
    swept_tick(rt, Phone(), NOW)
    findings = {f.topic: f for f in examine({"DATABASE_URL": database_url, "REMINDERS_ENV": "test"}, now=NOW)}
    assert findings["outbox"].ok and findings["inbox"].ok, [str(f) for f in findings.values()]
