"""The dashboard's forms and query strings fed hostile values by a signed-in coordinator.

Whatever comes in: never a 500 and never a traceback; bad input is a 4xx (usually the form shown
again with its errors); and a refused form writes nothing at all (row counts of every table are
compared), so e.g. an enrolment with a bad plan leaves no patient behind.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import event, given
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from sqlalchemy import select

from reminders.services import enrolment
from reminders.core.models import ROUTINE, Flag, Message, Patient, Plan
from tests.dashboard.conftest import COORD_A, PASSWORD, csrf_token
from tests.fuzz.rows import row_counts
from tests.fuzz.strategies import (
    DATES, EMAILS, FEW, FREE_PHONES, FUZZ, GOOD_DATES, GOOD_LABELS, GOOD_QUIETS, GOOD_STARTS, GOOD_ZONES, LABELS,
    QUIETS, RULES, STARTS, ZONES, maybe, mixed, spoiled,
)

SCHEDULES = ("daily", "months")  # the picker's choices that need no other field
SCHEDULE_VALUES = (*SCHEDULES, "days", "weeks", "custom", "FREQ=DAILY", "")
HUGE_INT = st.sampled_from(["2147483647", "2147483648", "9223372036854775807", "9223372036854775808",
                            "9" * 40, "-1", "0", "-9223372036854775809"])
NUMBERS = st.one_of(HUGE_INT, st.integers().map(str), mixed("1", "2", "3"))


def field(*plausible: str) -> st.SearchStrategy[str]:
    return mixed(*plausible, max_huge=1000)  # a whole form stays under the 64 KiB body limit


def assert_sane(response, *allowed: int) -> str:
    body = response.get_data(as_text=True)
    assert response.status_code < 500, f"{response.status_code}\n{body[:2000]}"
    assert "Traceback" not in body
    if allowed:
        assert response.status_code in allowed, f"{response.status_code}\n{body[:2000]}"
    if currently_in_test_context():
        event(f"status {response.status_code}")
    return body


class Forms:
    """Posts forms as the signed-in coordinator with the session's CSRF token."""

    def __init__(self, client):
        self.client = client
        self.token = csrf_token(client, "/patients")

    def post(self, path: str, data: dict, **kwargs):
        return self.client.post(path, data={**data, "csrf_token": self.token}, **kwargs)


@pytest.fixture
def forms(as_coord_a):
    return Forms(as_coord_a)


def _form(data: dict) -> dict:
    """Drop the fields hypothesis left out (None)."""
    return {k: v for k, v in data.items() if v is not None}


# -- enrolment -----------------------------------------------------------------------------


ENROL = spoiled(
    {
        "phone": FREE_PHONES, "name": st.sampled_from(["Carmen Diaz", "José Núñez"]),
        "tz": st.sampled_from(GOOD_ZONES), "team_id": st.just("TEAM_A"), "start": st.sampled_from(GOOD_STARTS),
        "lang": maybe("en", "es"), "quiet": maybe(*GOOD_QUIETS), "schedule": maybe(*SCHEDULES),
        "label": maybe(*GOOD_LABELS), "discreet": maybe("y"), "blood_test": maybe("y"),
        "bt_schedule": maybe(*SCHEDULES), "bt_start": st.sampled_from(GOOD_STARTS),
    },
    {
        "phone": field("(617) 555-0111", "12", "+1"), "name": field("Carmen Diaz"), "tz": field(*ZONES),
        "team_id": st.sampled_from(["TEAM_B", "0", "x", "9" * 30, ""]), "start": field(*STARTS),
        "lang": field("en", "es", "fr"), "quiet": field(*QUIETS), "schedule": field(*SCHEDULE_VALUES),
        "rrule": field(*RULES), "label": field(*LABELS), "discreet": field("y", "no"),
        "blood_test": field("y", ""), "bt_schedule": field(*SCHEDULE_VALUES), "bt_rrule": field(*RULES),
        "bt_start": field(*STARTS), "bt_label": field(*LABELS), "unexpected": field("x"),
        "days": field("MO", "XX", ""), "every": field("2", "0", "x", "99"), "month_day": field("1", "-1", "31", "x"),
    },
)


@FUZZ
@given(data=ENROL)
def test_enrol(forms, world, rt, data):
    team = {"TEAM_A": str(world.team_a), "TEAM_B": str(world.team_b)}
    data = {**data, **({"team_id": team.get(data["team_id"], data["team_id"])} if "team_id" in data else {})}
    before = row_counts(rt)
    response = forms.post("/enrol", data)
    assert_sane(response, 200, 302, 400, 413)  # 200: warnings shown, nothing saved yet
    after = row_counts(rt)
    if response.status_code != 302:
        assert after == before, "a refused or warned-about enrolment wrote rows"
        return
    assert after["patients"] == before["patients"] + 1
    assert after["plans"] - before["plans"] in (1, 2)
    with rt.session() as s:
        patient = s.scalar(select(Patient).order_by(Patient.id.desc()))
        assert response.location == f"/patients/{patient.id}"
        assert patient.team_id == world.team_a  # a coordinator enrols into their own team only
        assert patient.name == data["name"].strip()


# -- one patient's forms -------------------------------------------------------------------


PLAN = spoiled(
    {"start": st.sampled_from(GOOD_STARTS), "schedule": maybe(*SCHEDULES), "kind": maybe("supplement", "blood-test"),
     "label": maybe(*GOOD_LABELS), "active": maybe("y")},
    {"start": field(*STARTS), "schedule": field(*SCHEDULE_VALUES), "rrule": field(*RULES),
     "days": field("MO", "XX"), "every": field("2", "0", "x"), "month_day": field("1", "31", "x"),
     "kind": field("supplement", "blood-test", "blood_test"), "label": field(*LABELS), "active": field("y", "")},
)


@FUZZ
@given(data=PLAN)
def test_add_a_plan(forms, world, rt, data):
    before = row_counts(rt)
    response = forms.post(f"/patients/{world.patient_a}/plans", data)
    assert_sane(response, 302, 400, 413)
    after = row_counts(rt)
    if response.status_code == 302:
        assert after["plans"] == before["plans"] + 1
    else:
        assert after == before


@pytest.fixture
def plan_a(rt, world) -> int:
    with rt.session() as s:
        patient = s.get(Patient, world.patient_a)
        return enrolment.add_plan(s, patient, kind="supplement", rrule="FREQ=DAILY", start="2030-01-01T09:00",
                                  label="B12").id


def _plan_row(rt, plan_id):
    with rt.session() as s:
        p = s.get(Plan, plan_id)
        return p.rrule, p.start_local, p.label, p.active, p.next_fire_at


@FUZZ
@given(data=PLAN)
def test_edit_a_plan(forms, world, rt, plan_a, data):
    before, counts = _plan_row(rt, plan_a), row_counts(rt)
    prefixed = {f"plan{plan_a}-{name}": value for name, value in data.items()}
    response = forms.post(f"/patients/{world.patient_a}/plans/{plan_a}", prefixed)
    assert_sane(response, 302, 400, 413)
    rrule, start, label, active, _ = after = _plan_row(rt, plan_a)
    if response.status_code == 302:
        assert (label, active) == ((data.get("label") or "").strip() or None, bool(data.get("active")))
        enrolment.check_label(label)  # what `plans add` accepts, and no more
    else:
        assert after == before and row_counts(rt) == counts


@FUZZ
@given(body=st.one_of(field("Please call the clinic.", "Hola, ¿todo bien?", "é" * 300), st.text()))
def test_one_off_message(forms, world, rt, body):
    before = row_counts(rt)
    response = forms.post(f"/patients/{world.patient_a}/messages", {"body": body})
    assert_sane(response, 302, 400, 413)
    if response.status_code == 302:
        with rt.session() as s:
            queued = s.scalar(select(Message).order_by(Message.id.desc()))
            assert queued.body == body.strip() and queued.patient_id == world.patient_a
    else:
        assert row_counts(rt) == before


@FUZZ
@given(data=spoiled({"consent": st.sampled_from(["opted_in", "opted_out"]), "note": st.just("Phoned the patient")},
                    {"consent": field("opted_in", "opted_out", "paused"), "note": field("by letter")}))
def test_consent(forms, world, rt, data):
    with rt.session() as s:
        was = s.get(Patient, world.patient_a).consent
    before = row_counts(rt)
    response = forms.post(f"/patients/{world.patient_a}/consent", data)
    assert_sane(response, 302, 400, 413)
    with rt.session() as s:
        now = s.get(Patient, world.patient_a).consent
    if response.status_code == 302:
        assert now == data["consent"]
    else:
        assert now == was and row_counts(rt) == before


@FUZZ
@given(note=st.one_of(field("Called her; she had missed two doses.", ""), st.text()))
def test_resolve_a_flag_needs_a_note(forms, world, rt, note):
    with rt.session() as s:
        flag = Flag(patient_id=world.patient_a, reason="unknown_reply", level=ROUTINE, detail="?",
                    created_at=datetime(2030, 1, 1, tzinfo=timezone.utc))
        s.add(flag)
        s.flush()
        flag_id = flag.id
    response = forms.post(f"/flags/{flag_id}/resolve", {"note": note})
    assert_sane(response, 302, 400, 413)
    with rt.session() as s:
        flag = s.get(Flag, flag_id)
    acceptable = bool(note.strip()) and len(note) <= 2000 and "\x00" not in note
    assert (flag.state == "resolved") == (acceptable and response.status_code == 302)
    if flag.state == "resolved":
        assert flag.note == note.strip() and flag.resolved_by == COORD_A


# -- query strings -------------------------------------------------------------------------


DATE_VALUES = st.one_of(field(*DATES), st.dates().map(lambda d: d.isoformat()))
EXPORT = spoiled({"since": st.sampled_from(GOOD_DATES), "until": st.just("2030-12-31"), "team": st.just("TEAM_A")},
                 {"since": DATE_VALUES, "until": DATE_VALUES, "team": st.sampled_from(["TEAM_B", ""]) | NUMBERS})


@FUZZ
@given(params=EXPORT, whole_team=st.booleans())
def test_export_date_ranges(as_coord_a, world, params, whole_team):
    team = params.pop("team", None)
    if whole_team:
        params["team"] = {"TEAM_A": world.team_a, "TEAM_B": world.team_b}.get(team, team)
        response = as_coord_a.get("/exports/team.csv", query_string=params)
    else:
        response = as_coord_a.get(f"/patients/{world.patient_a}/export.csv", query_string=params)
    body = assert_sane(response, 200, 400, 404)
    if response.status_code == 200:
        assert response.mimetype == "text/csv" and body.startswith("at_utc,")
    if whole_team and str(params["team"]) != str(world.team_a) and _expected(params) == 200:
        assert response.status_code == 404  # another team's log (or none) is not there


@FUZZ
@given(q=st.none() | field("Alice", "555", "617-555-01", "%", "_", "\\"), page=st.none() | NUMBERS)
def test_patient_search_and_pages(as_coord_a, world, q, page):
    params = _form({"q": q, "page": page})
    assert_sane(as_coord_a.get("/patients", query_string=params), _expected(params))


@FEW
@given(part=st.text(alphabet="alice archer", min_size=1, max_size=6).filter(lambda s: s.strip()),
       upper=st.booleans())
def test_search_finds_any_part_of_a_name(as_coord_a, world, part, upper):
    q = part.upper() if upper else part
    body = assert_sane(as_coord_a.get("/patients", query_string={"q": q}), 200)
    expected = q.strip().lower() in "alice archer"
    assert ("Alice Archer" in body) == expected


@FUZZ
@given(page=st.none() | NUMBERS, show=st.none() | field("resolved", "open"), before=st.none() | NUMBERS)
def test_pagination_parameters(as_coord_a, world, page, show, before):
    flags = _form({"page": page, "show": show})
    assert_sane(as_coord_a.get("/flags", query_string=flags), _expected(flags))
    thread = _form({"before": before})
    assert_sane(as_coord_a.get(f"/patients/{world.patient_a}", query_string=thread), _expected(thread))


def _expected(params: dict) -> int:
    """Any query is served (a page out of range is just empty), except one holding NUL."""
    return 400 if any("\x00" in str(value) for value in params.values()) else 200


@FEW
@given(page=st.none() | NUMBERS, actor=st.none() | field(*EMAILS), patient=st.none() | NUMBERS)
def test_audit_log_filters(as_admin, world, page, actor, patient):
    params = _form({"page": page, "actor": actor, "patient": patient})
    assert_sane(as_admin.get("/admin/audit", query_string=params), _expected(params))


@FUZZ
@given(number=HUGE_INT | st.integers(min_value=0).map(str), where=st.sampled_from([
    "/patients/{n}", "/patients/{n}/export.csv", "/patients/{p}/plans/{n}", "/flags/{n}/resolve",
    "/flags/{n}/acknowledge", "/patients/{n}/pause", "/demo/phone/{n}", "/demo/phone/{n}/thread"]))
def test_ids_in_paths(forms, world, number, where):
    path = where.format(n=number, p=world.patient_a)
    method = "post" if where.endswith(("resolve", "acknowledge", "pause")) or "/plans/" in where else "get"
    response = forms.post(path, {}) if method == "post" else forms.client.get(path)
    assert_sane(response, 200, 302, 400, 404, 405)
    if int(number) not in (world.patient_a, world.patient_b) and "/plans/" not in where:
        assert response.status_code in (404, 405)


# -- admins' forms ---------------------------------------------------------------------------


TEAM = spoiled({"name": st.integers(0, 10**6).map(lambda n: f"Team {n}"),
                "contact_phone": maybe("+16175550188", "(617) 555-0188")},
               {"name": field("North", "A team"), "contact_phone": field("12", "+1", "(617) 555-0188")})


@FEW
@given(data=TEAM)
def test_admin_adds_a_team(as_admin, rt, data):
    token = csrf_token(as_admin, "/admin/teams")
    before = row_counts(rt)
    response = as_admin.post("/admin/teams", data={**data, "csrf_token": token})
    assert_sane(response, 302, 400, 413)
    after = row_counts(rt)
    if response.status_code == 302:
        assert after["care_teams"] == before["care_teams"] + 1
    else:
        assert after == before


USER = spoiled({"email": st.integers(0, 10**6).map(lambda n: f"user{n}@clinic.example"),
                "role": st.sampled_from(["admin", "coordinator"]), "team_id": st.just("TEAM_A"),
                "password": st.just(PASSWORD)},
               {"email": field(*EMAILS), "role": field("admin", "root"), "password": field("short"),
                "team_id": st.sampled_from(["0", "x", "9" * 30, "TEAM_B", ""])})


@FEW
@given(data=USER)
def test_admin_adds_a_user(as_admin, world, rt, data):
    if "team_id" in data:
        data["team_id"] = {"TEAM_A": str(world.team_a), "TEAM_B": str(world.team_b)}.get(data["team_id"],
                                                                                        data["team_id"])
    token = csrf_token(as_admin, "/admin/users")
    before = row_counts(rt)
    response = as_admin.post("/admin/users", data={**data, "csrf_token": token})
    assert_sane(response, 302, 400, 413)
    after = row_counts(rt)
    if response.status_code == 302:
        assert after["users"] == before["users"] + 1
    else:
        assert after == before


# -- signing in ------------------------------------------------------------------------------


@FUZZ
@given(data=st.fixed_dictionaries({}, optional={
    "email": field(*EMAILS, COORD_A, "İ" * 150 + "@x.example"), "password": field(PASSWORD[:-1], "x"),
    "next": field("/patients", "https://evil.example/", "//evil.example", "/\\evil"),
}), address=st.sampled_from(["127.0.0.1", "10.0.0.1", "::1", "2001:db8::" + "1" * 4]),
    next_arg=st.none() | field("/patients", "//evil.example"))
def test_login(client, world, rt, data, address, next_arg):
    token = csrf_token(client, "/login")
    response = client.post("/login", data={**data, "csrf_token": token}, environ_base={"REMOTE_ADDR": address},
                           query_string=_form({"next": next_arg}))
    assert_sane(response, 400, 401, 413, 429)  # nobody guesses the password here


@pytest.mark.parametrize("path, data", [
    ("/patients/{p}/consent", {"consent": "opted_out", "note": "by phone\x00"}),
    ("/patients/{p}/plans", {"kind": "supplement", "schedule": "daily", "start": "2030-01-01T09:00",
                             "label": "B12\x00"}),
    ("/enrol", {"name": "Nul\x00Name", "phone": "+16175550177", "tz": "UTC", "lang": "en", "quiet": "21:00-08:00",
                "team_id": "{team}", "schedule": "daily", "start": "2030-01-01T09:00"}),
    ("/patients?q=Al%00ice", None),
])
def test_a_nul_character_is_refused_everywhere(forms, world, rt, path, data):
    """PostgreSQL cannot store (or even compare) text with NUL: refuse it, on both databases alike."""
    path = path.format(p=world.patient_a)
    before = row_counts(rt)
    if data is None:
        response = forms.client.get(path)
    else:
        response = forms.post(path, {k: v.format(team=world.team_a) for k, v in data.items()})
    assert_sane(response, 400)
    assert row_counts(rt) == before
