"""The visit report from a patient's page: a PDF for the range asked, audit-logged, team-bound."""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta

import pytest
from sqlalchemy import select

from reminders.core.db import utcnow
from reminders.core.models import DoseEvent
from reminders.services.accounts import AuditEvent
from tests.dashboard.conftest import COORD_A


def test_the_patient_page_offers_the_report_for_the_last_three_months(as_coord_a, world):
    page = as_coord_a.get(f"/patients/{world.patient_a}").get_data(as_text=True)
    assert "Visit report" in page and f"/patients/{world.patient_a}/report.pdf" in page
    assert 'name="report-since"' in page and 'name="report-until"' in page


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (.ci/run installs it)")
def test_download_is_a_pdf_of_the_range_and_is_audited(as_coord_a, world, rt, tmp_path):
    now = utcnow()
    with rt.session() as s:
        for days, outcome in ((2, "taken"), (3, "taken"), (4, "missed"), (5, "taken")):
            s.add(DoseEvent(patient_id=world.patient_a, outcome=outcome, at=now - timedelta(days=days)))
    today = now.date()
    response = as_coord_a.get(f"/patients/{world.patient_a}/report.pdf", query_string={
        "report-since": str(today - timedelta(days=10)), "report-until": str(today)})
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(response.data)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Visit report: Alice Archer" in text and "75%" in text
    with rt.session() as s:
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "report"))
        assert (event.actor, event.patient_id) == (COORD_A, world.patient_a)


def test_another_teams_patient_is_not_found_and_not_audited(as_coord_a, world, rt):
    response = as_coord_a.get(f"/patients/{world.patient_b}/report.pdf",
                              query_string={"report-since": "2030-01-01", "report-until": "2030-01-31"})
    assert response.status_code == 404
    with rt.session() as s:
        assert s.scalar(select(AuditEvent).where(AuditEvent.action == "report")) is None


@pytest.mark.parametrize("since, until, message", [
    ("2030-02-01", "2030-01-01", "before the start date"),
    ("2030-01-01", "2031-06-01", "at most 366 days"),
])
def test_a_bad_range_shows_the_page_again_with_the_reason(as_coord_a, world, since, until, message):
    response = as_coord_a.get(f"/patients/{world.patient_a}/report.pdf",
                              query_string={"report-since": since, "report-until": until})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
