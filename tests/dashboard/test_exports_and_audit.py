"""CSV downloads from the dashboard, and the audit log that records them."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from sqlalchemy import select

from reminders.core.db import utcnow
from reminders.core.models import INBOUND, DoseEvent, Message
from reminders.services.accounts import AuditEvent
from tests.dashboard.conftest import COORD_A


def _texts(rt, patient_id, days_ago_bodies):
    with rt.session() as s:
        for days, body in days_ago_bodies:
            m = Message(patient_id=patient_id, direction=INBOUND, purpose="reply", status="received", body=body,
                        created_at=utcnow() - timedelta(days=days))
            s.add(m)
            s.flush()
            s.add(DoseEvent(patient_id=patient_id, outcome="taken", message_id=m.id, at=m.created_at))


def test_patient_csv_for_a_date_range_is_audited(as_coord_a, world, rt):
    _texts(rt, world.patient_a, [(40, "old one"), (5, "taken recent"), (1, "taken yesterday")])
    today = utcnow().date()
    response = as_coord_a.get(f"/patients/{world.patient_a}/export.csv",
                              query_string={"since": str(today - timedelta(days=10)), "until": str(today)})
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [(r["kind"], r["source_text"]) for r in rows] == [
        ("message_in", "taken recent"), ("dose", "taken recent"),
        ("message_in", "taken yesterday"), ("dose", "taken yesterday"),
        ("consent", "")]  # enrolment (today) records consent
    with rt.session() as s:
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "export"))
        assert (event.actor, event.patient_id) == (COORD_A, world.patient_a)
        assert str(today) in event.detail


def test_team_csv(as_coord_a, world, rt):
    _texts(rt, world.patient_a, [(1, "from Alice")])
    _texts(rt, world.patient_b, [(1, "from Bruno")])
    today = utcnow().date()
    response = as_coord_a.get("/exports/team.csv", query_string={"team": world.team_a, "since": str(today - timedelta(days=3)),
                                                                  "until": str(today)})
    text = response.get_data(as_text=True)
    assert "from Alice" in text and "from Bruno" not in text
    with rt.session() as s:
        assert "team North" in s.scalar(select(AuditEvent.detail).where(AuditEvent.action == "export"))


def test_a_bad_range_is_explained(as_coord_a, world):
    response = as_coord_a.get(f"/patients/{world.patient_a}/export.csv", query_string={"since": "2030-02-01", "until": "2030-01-01"})
    assert response.status_code == 400
    assert "end date is before the start date" in response.get_data(as_text=True)


def test_exports_page_lists_only_the_own_team(as_coord_a, world):
    page = as_coord_a.get("/exports").get_data(as_text=True)
    assert ">North<" in page and ">South<" not in page


def test_admin_audit_page_lists_views_and_logins(as_admin, world, client, rt):
    as_admin.get(f"/patients/{world.patient_b}")
    page = as_admin.get("/admin/audit").get_data(as_text=True)
    # In words (before: "view_patient", "login", "patient 2"), the patient by name.
    assert "Viewed a patient&#39;s page" in page and "Signed in" in page and "Bruno Baker" in page
    only = as_admin.get(f"/admin/audit?patient={world.patient_b}").get_data(as_text=True)
    assert "1 event" in only


def test_adherence_summary_of_the_own_team_is_audited(as_coord_a, world, rt):
    _texts(rt, world.patient_a, [(2, "taken"), (1, "taken")])
    with rt.session() as s:
        s.add(DoseEvent(patient_id=world.patient_a, outcome="missed", at=utcnow() - timedelta(hours=30)))
    _texts(rt, world.patient_b, [(1, "from Bruno")])
    today = utcnow().date()
    range_ = {"adherence-since": str(today - timedelta(days=7)), "adherence-until": str(today)}
    response = as_coord_a.get("/exports/adherence.csv", query_string={"team": world.team_a, **range_})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert {r["patient_id"] for r in rows} == {str(world.patient_a)}  # the other team's patient is not there
    assert (rows[0]["scheduled"], rows[0]["taken"], rows[0]["missed"], rows[0]["percent_taken"]) == ("3", "2", "1", "66.7")
    with rt.session() as s:
        detail = s.scalar(select(AuditEvent.detail).where(AuditEvent.action == "export"))
        assert detail.startswith("adherence, team North")
    other = as_coord_a.get("/exports/adherence.csv", query_string={"team": world.team_b, **range_})
    assert other.status_code == 404
    bad = as_coord_a.get("/exports/adherence.csv", query_string={"team": world.team_a, "adherence-since": str(today),
                                                                 "adherence-until": str(today - timedelta(days=1))})
    assert bad.status_code == 400 and "before the start date" in bad.get_data(as_text=True)
