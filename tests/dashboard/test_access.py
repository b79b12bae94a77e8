"""A coordinator sees only their own team's patients: every URL of another team's
patient answers 404 (not 403), and changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from reminders.core.models import FLAG_OPEN, URGENT, Flag, Message, Patient, Plan
from reminders.services.accounts import AuditEvent
from tests.dashboard.conftest import COORD_B, csrf_token, sign_in


def _team_b_urls(app, world, flag_id: int) -> list[tuple[str, str]]:
    """Every (method, url) of the app that names a patient, a plan or a flag, filled with team B's."""
    values = {"patient_id": world.patient_b, "plan_id": world.plan_b, "flag_id": flag_id,
              "change_id": _change_for_b(app, world)}
    urls = []
    for rule in app.url_map.iter_rules():
        if not set(rule.arguments) & set(values):
            continue
        url = rule.rule
        for name in rule.arguments:
            url = url.replace(f"<int:{name}>", str(values[name]))
        for method in sorted(rule.methods & {"GET", "POST"}):
            urls.append((method, url))
    return urls


def _change_for_b(app, world) -> int:
    """A change team B's patient made by text (undoing it is one of the URLs)."""
    from reminders.core.changes import PatientChange
    from reminders.web.context import runtime

    with app.app_context(), runtime().session() as s:
        change = PatientChange(patient_id=world.patient_b, kind="pause", old={"paused_until": None},
                               new={"paused_until": "2030-01-08T06:00:00Z"}, source="sms", actor="+13125550122")
        s.add(change)
        s.flush()
        return change.id


def _flag_for_b(rt, world) -> int:
    with rt.session() as s:
        flag = Flag(patient_id=world.patient_b, reason="red_flag", level=URGENT, detail="vision loss")
        s.add(flag)
        s.flush()
        return flag.id


def _snapshot(rt, world):
    with rt.session() as s:
        b = s.get(Patient, world.patient_b)
        plan = s.get(Plan, world.plan_b)
        return (b.paused, b.consent, plan.rrule, plan.active,
                s.scalar(select(func.count()).select_from(Message)),
                s.scalar(select(Flag.state).where(Flag.patient_id == world.patient_b)))


def test_every_url_of_another_teams_patient_is_404(app, as_coord_a, world, rt):
    flag_id = _flag_for_b(rt, world)
    before = _snapshot(rt, world)
    urls = _team_b_urls(app, world, flag_id)
    # The patient page, its actions, plan edits, export, flags, the demo phone...
    assert len(urls) >= 12, urls
    token = csrf_token(as_coord_a, "/patients")
    form = {"csrf_token": token, "body": "hello", "note": "done", "consent": "opted_out",
            "schedule": "days", "days": "MO", "start": "2030-01-01T10:00", "kind": "supplement",
            "since": "2020-01-01", "until": "2040-01-01"}
    for method, url in urls:
        if method == "GET":
            response = as_coord_a.get(url, query_string={"since": "2020-01-01", "until": "2040-01-01"})
        else:
            response = as_coord_a.post(url, data=form)
        assert response.status_code == 404, (method, url, response.status_code)
        assert "Bruno" not in response.get_data(as_text=True)
    assert _snapshot(rt, world) == before
    with rt.session() as s:  # nothing of B's was viewed or exported
        assert s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.patient_id == world.patient_b)) == 0


def test_the_same_urls_work_for_team_b(client, app, world, rt):
    assert sign_in(client, COORD_B).status_code == 302
    assert client.get(f"/patients/{world.patient_b}").status_code == 200


def test_an_unknown_patient_is_404_too(as_coord_a):
    assert as_coord_a.get("/patients/999999").status_code == 404


def test_lists_show_only_the_own_team(as_coord_a, world, rt):
    _flag_for_b(rt, world)
    with rt.session() as s:
        s.add(Flag(patient_id=world.patient_a, reason="unknown_reply", detail="what dose?", state=FLAG_OPEN))
    patients = as_coord_a.get("/patients").get_data(as_text=True)
    assert "Alice Archer" in patients and "Bruno Baker" not in patients
    assert "Bruno Baker" not in as_coord_a.get("/patients?q=Bruno").get_data(as_text=True)
    flags = as_coord_a.get("/flags").get_data(as_text=True)
    assert "what dose?" in flags and "vision loss" not in flags


def test_a_team_export_of_another_team_is_404(as_coord_a, world):
    response = as_coord_a.get("/exports/team.csv", query_string={"team": world.team_b, "since": "2020-01-01",
                                                                  "until": "2040-01-01"})
    assert response.status_code == 404


def test_admin_pages_are_404_for_coordinators(as_coord_a):
    for url in ("/admin/users", "/admin/teams", "/admin/audit"):
        assert as_coord_a.get(url).status_code == 404, url


def test_admins_see_every_team(as_admin, world):
    page = as_admin.get("/patients").get_data(as_text=True)
    assert "Alice Archer" in page and "Bruno Baker" in page
    assert as_admin.get(f"/patients/{world.patient_b}").status_code == 200
