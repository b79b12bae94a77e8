"""The patient page's caregivers, changes by text and visit report, in Debian's chromium, at
phone (390x844) and desktop (1280x800) sizes. Screenshots: artifacts/screenshots/."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from reminders.core.caregivers import Caregiver
from reminders.core.changes import PatientChange
from reminders.core.db import utcnow
from reminders.core.models import Patient
from reminders.services import caregivers as family
from reminders.services.demo_history import seed_history
from tests.dashboard.browser import SHOTS, shot, sideways_overflow, sign_in, unlabelled_fields


def _seed(rt, world) -> None:
    with rt.session() as s:
        alice = s.get(Patient, world.patient_a)
        seed_history(s, alice)
        family.add_caregiver(s, alice, phone="+16175550202", name="Maria Archer", consent="verbal, at clinic visit",
                             names=rt.config)
        s.add(PatientChange(patient_id=alice.id, kind="pause", old={"paused_until": None},
                            new={"paused_until": (utcnow() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M:%SZ")},
                            source="sms", actor=alice.phone))
        alice.paused_until = utcnow() + timedelta(days=5)


@pytest.mark.parametrize("size", [(390, 844), (1280, 800)], ids=["phone", "desktop"])
def test_caregivers_changes_and_report_on_the_patient_page(page, world, rt, size):
    _seed(rt, world)
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page)
    page.goto(f"{page.base}/patients/{world.patient_a}")
    assert "Maria Archer" in page.locator("#caregivers").inner_text()
    assert "waiting for their YES" in page.locator("#caregivers").inner_text()
    assert "Paused until" in page.locator("#changes").inner_text()
    assert sideways_overflow(page) <= 0
    assert unlabelled_fields(page) == []
    page.locator("#caregivers summary").click()
    shot(page, f"patient-full-{width}")
    for section in ("changes", "caregivers", "report"):  # close-ups of what this page gained
        page.locator(f"#{section}").screenshot(path=str(SHOTS / f"patient-{section}-{width}.png"))

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download PDF").click()
    pdf = Path(download_info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")

    page.get_by_role("button", name="Undo").click()
    page.wait_for_selector("text=Undone. The patient is told by text.")
    with rt.session() as s:
        assert s.scalar(select(Patient.paused_until).where(Patient.id == world.patient_a)) is None
        assert s.scalar(select(Caregiver.state)) == "invited"
