"""The visit report: a seeded patient's page read back with pdftotext and rendered with pdftoppm."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select

from reminders.core.models import DOSE_MISSED, SKIPPED, TAKEN, DoseEvent, Flag
from reminders.records import flags
from reminders.services import enrolment
from reminders.services.accounts import AuditEvent
from tests.test_sms_webhook import Texts
from tests.texting import webhook  # noqa: F401  (fixture)

PATIENT = "+16175550101"
ZONE = "America/New_York"
SCREENSHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="needs Debian's poppler-utils (pdftotext, pdftoppm); .ci/run installs it",
)


def local(text: str) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(ZONE)).astimezone(timezone.utc)


@pytest.fixture
def texts(webhook):
    return Texts(webhook, PATIENT)


def seed(rt, texts) -> int:
    """Dana: March 2027, 17 doses taken of 20 (85%), symptoms, a low B12 and a red flag, by text."""
    with rt.session() as s:
        patient = enrolment.add_patient(s, phone=PATIENT, name="Dana Diaz", tz=ZONE, team="North", create_team=True,
                                        welcome=False, now=local("2027-02-20T09:00"))
        plan = enrolment.add_plan(s, patient, kind="supplement", rrule="FREQ=DAILY", start="2027-03-01T09:00",
                                  now=local("2027-02-20T09:00"))
        for day in range(1, 21):
            due = local(f"2027-03-{day:02d}T09:00")
            outcome = SKIPPED if day == 4 else DOSE_MISSED if day in (9, 10) else TAKEN
            s.add(DoseEvent(patient_id=patient.id, plan_id=plan.id, occurrence_at=due, outcome=outcome,
                            at=due + timedelta(minutes=20)))
        patient_id = patient.id
    for when, body in (("2027-03-03T10:00", "tingling 4"), ("2027-03-08T10:00", "fatigue 6, tingling 5"),
                       ("2027-03-12T10:00", "B12 180 pg/mL"),
                       ("2027-03-15T10:00", "I can't see out of my left eye since this morning"),
                       ("2027-03-15T18:00", "still blurry in that eye, can't see well")):
        with time_machine.travel(local(when), tick=False):
            assert texts.answer(body)
    with rt.session() as s:  # a coordinator picks the case up
        flag = s.scalar(select(Flag).where(Flag.reason == "red_flag"))
        flags.acknowledge(s, flag, "ann@north.example", local("2027-03-15T18:20"))
    # Long before the range: not in the report.
    with time_machine.travel(local("2027-01-10T10:00"), tick=False):
        texts.answer("B12 999")
    return patient_id


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def render_page_one(path: Path, name: str) -> Path:
    """Page 1 as a PNG in artifacts/screenshots (to look at), and as greyscale pixels (to count)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-f", "1", "-l", "1", "-singlefile", str(path),
                    str(SCREENSHOTS / name)], check=True)
    return SCREENSHOTS / f"{name}.png"


def inked_share(path: Path) -> float:
    """The share of page 1's pixels that are not white (pdftoppm's greyscale PGM)."""
    pgm = subprocess.run(["pdftoppm", "-r", "40", "-gray", "-f", "1", "-l", "1", str(path)],
                         capture_output=True, check=True).stdout
    _magic, width, height, _maxval, pixels = pgm.split(maxsplit=4)
    pixels = pixels[: int(width) * int(height)]
    return sum(1 for p in pixels if p < 235) / len(pixels)


@needs_poppler
def test_report_from_the_command_line_reads_back_adherence_labs_and_the_red_flag(rt, runner, texts, tmp_path):
    patient_id = seed(rt, texts)
    out = tmp_path / "dana.pdf"
    result = runner("report", "--phone", PATIENT, "--since", "2027-03-01", "--until", "2027-03-31",
                    "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and "Dana Diaz" in result.output

    text = pdf_text(out)
    assert "Visit report: Dana Diaz" in text
    assert "85%" in text and "17 of 20 taken" in text and "2 missed (no answer)" in text
    assert "180 pg/mL" in text and "200-900 pg/mL" in text and "below range" in text
    assert "999" not in text  # reported before the range
    assert "I can't see out of my left eye since this morning" in text
    assert "still blurry in that eye, can't see well" in text  # every text behind the case
    # Flags in words (before: "low b12", "red flag", "urgent": the stored names, underscores dropped).
    assert "Low B12" in text and "low b12" not in text
    assert "Red flag" in text and "Urgent" in text
    assert "2 texts; acknowledged Mar 15 by ann@north.example" in text
    assert "fatigue" in text and "Mar 8: fatigue 6, tingling 5" in text  # the worst day
    assert pages(out) == 1

    png = render_page_one(out, "report-cli")
    assert png.stat().st_size > 10_000
    assert 0.03 < inked_share(out) < 0.5  # the calendar, the chart and the tables are drawn

    with rt.session() as s:
        [event] = s.scalars(select(AuditEvent).where(AuditEvent.action == "report")).all()
        assert event.patient_id == patient_id and event.actor == "command line"
        assert "2027-03-01 to 2027-03-31" in event.detail


@needs_poppler
def test_a_busy_patient_still_gets_one_page(rt, runner, texts, tmp_path):
    seed(rt, texts)
    long_words = "I fell on the stairs and now I cannot walk, my legs gave out " * 6
    for day in range(16, 29):
        with time_machine.travel(local(f"2027-03-{day}T11:00"), tick=False):
            texts.answer(f"B12 {300 + day}")
            texts.answer(long_words if day % 2 else "sudden weakness in my arm, severe 9")
        with rt.session() as s:  # each red flag is its own case once the last is resolved
            for flag in s.scalars(select(Flag).where(Flag.state != "resolved")):
                flag.state, flag.resolved_at, flag.note = "resolved", local(f"2027-03-{day}T12:00"), "called"
    out = tmp_path / "busy.pdf"
    result = runner("report", "--phone", PATIENT, "--since", "2027-01-01", "--until", "2027-12-31", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert pages(out) == 1
    text = pdf_text(out)
    assert "more results (see the export)" in text and "more flags (see the export)" in text
    assert "180 pg/mL" in text and "below range" in text  # out of range: kept when rows are cut
    render_page_one(out, "report-busy")


@pytest.mark.parametrize("args, message", [
    (["--since", "2027-03-31", "--until", "2027-03-01"], "before the start date"),
    (["--since", "2027-03-01", "--until", "2028-06-01"], "at most 366 days"),
    (["--since", "March", "--until", "2027-03-01"], "not a date"),
    (["--since", "2027-03-01", "--until", "2027-03-31", "--phone", "+16175550199"], "no patient with phone"),
])
def test_bad_input_is_one_line_and_writes_nothing(rt, runner, tmp_path, args, message):
    with rt.session() as s:
        enrolment.add_patient(s, phone=PATIENT, name="Dana", tz=ZONE, welcome=False)
    out = tmp_path / "r.pdf"
    full = ["report", "--phone", PATIENT, "--out", str(out), *args]
    result = runner(*full)
    assert result.exit_code != 0
    assert message in result.output and len(result.output.strip().splitlines()) == 1
    assert not out.exists()


def test_the_file_must_be_a_pdf(rt, runner, tmp_path):
    result = runner("report", "--phone", PATIENT, "--since", "2027-03-01", "--until", "2027-03-31",
                    "--out", str(tmp_path / "r.csv"))
    assert result.exit_code != 0 and "ending in .pdf" in result.output
