"""Caregivers on the patient's page: listed with their own consent, and added (and invited) from it."""

from __future__ import annotations

from sqlalchemy import select

from reminders.core.caregivers import Caregiver
from reminders.core.models import Message
from reminders.services import caregivers as family
from reminders.services.accounts import AuditEvent
from tests.dashboard.conftest import COORD_A, post

FORM = {"caregiver-name": "Maria Lopez", "caregiver-phone": "(617) 555-0202", "caregiver-lang": "es",
        "caregiver-on_missed": "y", "caregiver-missed_in_a_row": "2", "caregiver-consent": "verbal, at visit"}


def test_a_coordinator_adds_a_caregiver_who_is_invited_and_shown(as_coord_a, world, rt):
    path = f"/patients/{world.patient_a}"
    response = post(as_coord_a, f"{path}/caregivers", FORM, token_from=path)
    assert response.status_code == 302
    with rt.session() as s:
        caregiver = s.scalar(select(Caregiver))
        assert (caregiver.phone, caregiver.lang, caregiver.state) == ("+16175550202", "es", "invited")
        assert caregiver.on_missed and not caregiver.on_red_flag and caregiver.missed_in_a_row == 2
        assert caregiver.added_by == COORD_A
        [invite] = s.scalars(select(Message).where(Message.caregiver_id == caregiver.id)).all()
        assert invite.purpose == "cg_invite" and invite.status == "pending" and "Responda SI" in invite.body
        assert s.scalar(select(AuditEvent.action).where(AuditEvent.action == "caregiver_add"))
    page = as_coord_a.get(path).get_data(as_text=True)
    assert "Maria Lopez" in page and "waiting for their YES" in page
    assert "Told about 2 missed doses in a row" in page and "verbal, at visit" in page


def test_a_bad_caregiver_is_explained_next_to_the_field(as_coord_a, world, rt):
    path = f"/patients/{world.patient_a}"
    response = post(as_coord_a, f"{path}/caregivers", {**FORM, "caregiver-phone": "+16175550111"}, token_from=path)
    assert response.status_code == 400
    assert "the caregiver&#39;s phone is the patient&#39;s own" in response.get_data(as_text=True)
    nothing = post(as_coord_a, f"{path}/caregivers", {**FORM, "caregiver-on_missed": ""}, token_from=path)
    assert nothing.status_code == 400 and "at least one thing" in nothing.get_data(as_text=True)
    with rt.session() as s:
        assert s.scalar(select(Caregiver)) is None


def test_another_teams_patient_gets_no_caregiver(as_coord_a, world, rt):
    response = post(as_coord_a, f"/patients/{world.patient_b}/caregivers", FORM)
    assert response.status_code == 404
    with rt.session() as s:
        assert s.scalar(select(Caregiver)) is None


def test_caregivers_are_in_the_patients_export(as_coord_a, world, rt, config):
    with rt.session() as s:
        from reminders.core.models import Patient

        family.add_caregiver(s, s.get(Patient, world.patient_a), phone="+16175550202", name="Maria",
                             consent="signed form", names=config)
    from reminders.core.db import utcnow

    today = utcnow().date()
    text = as_coord_a.get(f"/patients/{world.patient_a}/export.csv",
                          query_string={"since": str(today), "until": str(today)}).get_data(as_text=True)
    assert "caregiver" in text and "signed form" in text and "cg_invite" in text
