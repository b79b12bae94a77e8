"""Patients' changes by text on their page, and a coordinator undoing one (the patient is told)."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from reminders.core.changes import PatientChange
from reminders.core.db import utcnow
from reminders.core.models import Message, Patient, Plan
from reminders.services.accounts import AuditEvent
from tests.dashboard.conftest import COORD_A, post
from tests.signing import AUTH_TOKEN, PUBLIC_BASE_URL, post_signed

ALICE = "+16175550111"


def text(app, body: str):
    """Alice texts the webhook (signed as Twilio signs)."""
    form = {"MessageSid": f"SM{abs(hash(body + str(utcnow()))):032d}"[:34], "From": ALICE, "To": "+15005550006",
            "Body": body, "NumMedia": "0"}
    response = post_signed(app.test_client(), "/webhooks/twilio/sms", form)
    assert response.status_code == 200, response.data


def signed_app(config, rt):
    from reminders.app import create_app

    return create_app(config.with_overrides(twilio_auth_token=AUTH_TOKEN, public_base_url=PUBLIC_BASE_URL))


def give_alice_a_plan(rt, world):
    from reminders.services import enrolment

    with rt.session() as s:
        start = (utcnow() + timedelta(days=1)).strftime("%Y-%m-%dT08:00")
        enrolment.add_plan(s, s.get(Patient, world.patient_a), kind="supplement", rrule="FREQ=DAILY", start=start)


def undo_buttons(page: str) -> list[str]:
    return re.findall(r'action="(/patients/\d+/changes/\d+/undo)"', page)


def test_a_time_change_by_text_is_shown_and_undone(as_coord_a, world, rt, config):
    give_alice_a_plan(rt, world)
    text(signed_app(config, rt), "TIME 7PM")
    path = f"/patients/{world.patient_a}"
    page = as_coord_a.get(path).get_data(as_text=True)
    assert "Changes by text" in page and "Reminder time 08:00 -&gt; 19:00" in page
    assert "patient (text)" in page
    [undo] = undo_buttons(page)

    response = post(as_coord_a, undo, token_from=path)
    assert response.status_code == 302
    with rt.session() as s:
        assert f"{s.scalar(select(Plan.start_local).where(Plan.patient_id == world.patient_a)):%H:%M}" == "08:00"
        first, second = s.scalars(select(PatientChange).order_by(PatientChange.id)).all()
        assert first.undone_by == COORD_A and second.undo_of_id == first.id and second.source == "dashboard"
        assert (second.old, second.new) == (first.new, first.old)
        told = s.scalar(select(Message).where(Message.purpose == "change_undone"))
        assert told.body == "Your care team changed your B12 reminder back to 8:00 am." and told.status == "pending"
        assert s.scalar(select(AuditEvent.action).where(AuditEvent.action == "undo_change"))
    page = as_coord_a.get(path).get_data(as_text=True)
    assert undo_buttons(page) == [] and f"by {COORD_A}" in page  # nothing left to undo


def test_a_pause_by_text_is_undone_and_the_patient_told(as_coord_a, world, rt, config):
    give_alice_a_plan(rt, world)
    text(signed_app(config, rt), "PAUSE 7")
    path = f"/patients/{world.patient_a}"
    page = as_coord_a.get(path).get_data(as_text=True)
    assert "Paused by text until" in page
    [undo] = undo_buttons(page)
    post(as_coord_a, undo, token_from=path)
    with rt.session() as s:
        assert s.scalar(select(Patient.paused_until).where(Patient.id == world.patient_a)) is None
        told = s.scalar(select(Message.body).where(Message.purpose == "change_undone"))
        assert told.startswith("Your care team turned your reminders back on. Next one:")


def test_another_teams_change_is_not_found(as_coord_a, world, rt, config):
    with rt.session() as s:
        s.add(PatientChange(patient_id=world.patient_b, kind="pause", old={"paused_until": None},
                            new={"paused_until": "2030-01-01T00:00:00Z"}, source="sms", actor="+1"))
    with rt.session() as s:
        change_id = s.scalar(select(PatientChange.id))
    assert post(as_coord_a, f"/patients/{world.patient_b}/changes/{change_id}/undo").status_code == 404
    assert post(as_coord_a, f"/patients/{world.patient_a}/changes/{change_id}/undo").status_code == 404
