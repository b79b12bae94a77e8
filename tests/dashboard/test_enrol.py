"""Enrolling through the form: a patient and plans, or messages next to the wrong fields."""

from __future__ import annotations

import re

import pytest

from sqlalchemy import select

from reminders.core.models import Patient, Plan
from tests.dashboard.conftest import post

GOOD = {
    "name": "Carmen Diaz", "phone": "(617) 555-0199", "tz": "America/New_York", "lang": "es",
    "quiet": "22:00-07:30", "schedule": "daily", "start": "2030-05-01T08:00", "label": "B12 1000 mcg",
    "bt_schedule": "months", "bt_every": "3", "bt_month_day": "1", "bt_start": "2030-06-01T10:00", "bt_label": "B12 and MMA",
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
            ("supplement", "FREQ=DAILY", "B12 1000 mcg"), ("blood_test", "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1", "B12 and MMA")]
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


# -- issue 16: the picker, zones, warnings, every error at once ---------------------------


def test_a_team_id_past_any_row_id_is_refused_next_to_its_field(as_admin, world, rt):
    """Found by the fuzz test: the form looked the team up before checking it was one of its
    choices, and a number past INTEGER reached SQLite (OverflowError, a 500)."""
    response = post(as_admin, "/enrol", {**GOOD, "team_id": "9" * 30}, token_from="/enrol")
    assert response.status_code == 400
    assert "team_id" in _errors(response.get_data(as_text=True))
    with rt.session() as s:
        assert s.scalar(select(Patient).where(Patient.name == GOOD["name"])) is None


def enrol(client, world, **changes):
    return post(client, "/enrol", {**GOOD, "team_id": world.team_a, **changes}, token_from="/enrol")


def stored_rule(rt) -> str:
    with rt.session() as s:
        return s.scalar(select(Plan.rrule).join(Patient).where(Patient.phone == "+16175550199"))


@pytest.mark.parametrize("fields, rule", [
    ({"schedule": "daily"}, "FREQ=DAILY"),
    ({"schedule": "days", "days": ["MO", "TH"]}, "FREQ=WEEKLY;BYDAY=MO,TH"),
    ({"schedule": "weeks", "every": "2", "days": ["TU"]}, "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
    ({"schedule": "months", "every": "3", "month_day": "1"}, "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1"),
    ({"schedule": "months", "every": "1", "month_day": "-1"}, "FREQ=MONTHLY;BYMONTHDAY=-1"),
    ({"schedule": "custom", "rrule": "FREQ=WEEKLY;BYDAY=SA"}, "FREQ=WEEKLY;BYDAY=SA"),
])
def test_the_picker_writes_the_rule(as_coord_a, world, rt, fields, rule):
    response = enrol(as_coord_a, world, **fields)
    assert response.status_code == 302, _errors(response.get_data(as_text=True))
    assert stored_rule(rt) == rule


@pytest.mark.parametrize("fields, where", [
    ({"schedule": "days"}, "days"), ({"schedule": "weeks", "every": "0", "days": ["MO"]}, "every"),
    ({"schedule": "months", "month_day": "31"}, "month_day"), ({"schedule": "custom", "rrule": ""}, "rrule"),
])
def test_an_incomplete_choice_is_refused_next_to_its_field(as_coord_a, world, rt, fields, where):
    response = enrol(as_coord_a, world, **fields)
    assert response.status_code == 400
    assert where in _errors(response.get_data(as_text=True))
    assert stored_rule(rt) is None


def test_the_confirmation_and_the_patient_page_say_the_plan_in_words(as_coord_a, world):
    response = enrol(as_coord_a, world, blood_test="y", schedule="days", days=["MO", "TH"], start="2030-05-01T21:00",
                     quiet="22:00-07:30")
    page = as_coord_a.get(response.location).get_data(as_text=True)
    assert "B12 dose: Mondays and Thursdays at 9:00 pm" in page  # the confirmation
    assert "Every 3 months on the 1st at 10:00 am" in page
    assert "FREQ=" not in re.sub(r'<details.*?</details>', "", page, flags=re.S)  # only inside the custom box


def test_every_error_is_shown_at_once(as_coord_a, world, rt):
    response = enrol(as_coord_a, world, name="", phone="+16175550111", tz="EST", schedule="custom",
                     rrule="FREQ=NEVER", label="B12 \u2764", blood_test="y", bt_start="soon")
    errors = _errors(response.get_data(as_text=True))
    assert "required" in errors["name"]
    assert "already enrolled" in errors["phone"]
    assert "use America/New_York" in errors["tz"]
    assert "invalid RRULE" in errors["rrule"]
    assert "plain characters" in errors["label"]
    assert "not a local date-time" in errors["bt_start"]


@pytest.mark.parametrize("zone, complaint", [
    ("EST", "EST is a fixed offset that ignores daylight saving; use America/New_York"),
    ("EST5EDT", "use America/New_York"), ("US/Eastern", "use America/New_York"),
])
def test_legacy_zones_are_refused_with_a_suggestion(as_coord_a, world, rt, zone, complaint):
    response = enrol(as_coord_a, world, tz=zone)
    assert response.status_code == 400
    assert complaint in _errors(response.get_data(as_text=True))["tz"]


def test_a_zone_in_lower_case_is_taken_canonically(as_coord_a, world, rt):
    assert enrol(as_coord_a, world, tz="america/new_york").status_code == 302
    with rt.session() as s:
        assert s.scalar(select(Patient.tz).where(Patient.phone == "+16175550199")) == "America/New_York"


def test_zones_are_grouped_by_country_with_their_time_now(as_coord_a, world):
    page = as_coord_a.get("/enrol").get_data(as_text=True)
    group = re.search(r'<optgroup label="United States">(.*?)</optgroup>', page, re.S).group(1)
    assert re.search(r'<option selected value="America/New_York">New York, Eastern \(most areas\) '
                     r'\(\d{1,2}:\d\d [ap]m now\)</option>', group), group[:400]
    assert 'value="EST"' not in page and 'value="US/Eastern"' not in page


def test_warnings_come_before_saving_and_saving_anyway_saves(as_coord_a, world, rt):
    response = enrol(as_coord_a, world, start="2020-01-01T01:31", quiet="21:00-08:00")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and stored_rule(rt) is None
    assert "The first dose, 2020-01-01 at 1:31 am, is in the past" in page
    assert "1:31 am is inside quiet hours (21:00-08:00): the reminder will be held to 08:00." in page
    digest = re.search(r'name="acknowledged" value="(\w+)"', page).group(1)
    changed = enrol(as_coord_a, world, start="2020-01-01T02:31", quiet="21:00-08:00", acknowledged=digest)
    assert changed.status_code == 200 and stored_rule(rt) is None  # new input, new warnings: asked again
    saved = enrol(as_coord_a, world, start="2020-01-01T01:31", quiet="21:00-08:00", acknowledged=digest)
    assert saved.status_code == 302 and stored_rule(rt) == "FREQ=DAILY"


def test_a_good_enrolment_has_no_warning(as_coord_a, world, rt):
    response = enrol(as_coord_a, world)
    assert response.status_code == 302
