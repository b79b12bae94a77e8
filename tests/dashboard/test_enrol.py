"""Enrolling through the form: a patient and plans, or messages next to the wrong fields."""

from __future__ import annotations

import re

from sqlalchemy import select

from reminders.core.models import Patient, Plan
from tests.dashboard.conftest import post

GOOD = {
    "name": "Carmen Diaz", "phone": "(617) 555-0199", "tz": "America/New_York", "lang": "es",
    "quiet": "22:00-07:30", "schedule": "FREQ=DAILY", "start": "2030-05-01T08:00", "label": "B12 1000 mcg",
    "bt_schedule": "FREQ=MONTHLY;INTERVAL=3", "bt_start": "2030-06-01T10:00", "bt_label": "B12 and MMA",
}


def _errors(page: str) -> dict[str, str]:
    """field id -> its error text, as shown next to the field."""
    return {m.group(1): re.sub(r"<[^>]+>", "", m.group(2)).strip()
            for m in re.finditer(r'<div class="error" id="([\w-]+)-error">(.*?)</div>', page, re.S)}


def test_enrol_a_patient_with_a_dose_and_a_blood_test_plan(as_coord_a, world, rt):
    response = post(as_coord_a, "/enrol", {**GOOD, "team_id": world.team_a, "blood_test": "y"}, token_from="/enrol")
    assert response.status_code == 302
    with rt.session() as s:
        p = s.scalar(select(Patient).where(Patient.phone == "+16175550199"))
        assert (p.name, p.lang, p.team_id, p.consent_source) == ("Carmen Diaz", "es", world.team_a, "dashboard")
        assert f"{p.quiet_start:%H:%M}-{p.quiet_end:%H:%M}" == "22:00-07:30"
        plans = s.scalars(select(Plan).where(Plan.patient_id == p.id).order_by(Plan.id)).all()
        assert [(x.kind, x.rrule, x.label) for x in plans] == [
            ("supplement", "FREQ=DAILY", "B12 1000 mcg"), ("blood_test", "FREQ=MONTHLY;INTERVAL=3", "B12 and MMA")]
    assert response.location == f"/patients/{p.id}"


def test_errors_are_shown_next_to_their_fields(as_coord_a, world, rt):
    bad = {**GOOD, "team_id": world.team_a, "phone": "12", "tz": "Mars/Olympus", "quiet": "late",
           "schedule": "custom", "rrule": "FREQ=NEVER", "name": ""}
    response = post(as_coord_a, "/enrol", bad, token_from="/enrol")
    assert response.status_code == 400
    errors = _errors(response.get_data(as_text=True))
    assert "not a valid phone number" in errors["phone"] or "not a phone number" in errors["phone"]
    assert "unknown time zone" in errors["tz"]
    assert "quiet hours" in errors["quiet"]
    assert "This field is required" in errors["name"]
    with rt.session() as s:
        assert s.scalar(select(Patient).where(Patient.name == "Carmen Diaz")) is None


def test_bad_rule_and_duplicate_phone(as_coord_a, world):
    response = post(as_coord_a, "/enrol", {**GOOD, "team_id": world.team_a, "phone": "+16175550111",
                                           "schedule": "custom", "rrule": "FREQ=NEVER"}, token_from="/enrol")
    errors = _errors(response.get_data(as_text=True))
    assert "already enrolled" in errors["phone"]
    assert "invalid RRULE" in errors["rrule"]


def test_a_blood_test_needs_its_start(as_coord_a, world):
    response = post(as_coord_a, "/enrol", {**GOOD, "team_id": world.team_a, "blood_test": "y", "bt_start": ""},
                    token_from="/enrol")
    assert "first blood test" in _errors(response.get_data(as_text=True))["bt_start"]


def test_a_coordinator_cannot_enrol_into_another_team(as_coord_a, world, rt):
    response = post(as_coord_a, "/enrol", {**GOOD, "team_id": world.team_b}, token_from="/enrol")
    assert response.status_code == 400
    assert "team_id" in _errors(response.get_data(as_text=True))
    with rt.session() as s:
        assert s.scalar(select(Patient).where(Patient.name == "Carmen Diaz")) is None
