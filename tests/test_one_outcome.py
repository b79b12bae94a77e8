"""One outcome per scheduled dose: a later answer corrects it and never adds a second.

Before, one daily dose answered "taken" three times and then "skip" collected four outcomes:
the calendar showed "3 taken, 1 skipped" for a once-a-day dose, and adherence counted all four.
"taken" with no open reminder logged a dose against the first plan as if it were scheduled.
The policy now (docs/replies.md): the newest answer to a dose reminder is its outcome, the
one it replaced kept beside it; an answer with no reminder open is kept as an extra report
that counts for neither the calendar's dose days nor adherence.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from dashboard.patients import calendar
from dashboard.summary import adherence
from reminders.core.models import DoseEvent, Occurrence, Patient
from reminders.records.occurrences import record_outcome
from reminders.services import export
from tests.scheduling_helpers import Phone, at, enrol, tick
from tests.test_sms_webhook import client, minutes_after, signed_config, texts  # noqa: F401  (fixtures)

REMINDER = "2027-03-10T08:00"


def doses(rt) -> list[DoseEvent]:
    with rt.session() as session:
        return session.scalars(select(DoseEvent).order_by(DoseEvent.id)).all()


def reminded(rt):
    enrol(rt, start=REMINDER)
    tick(rt, Phone(), at(REMINDER, "America/New_York"))


def test_three_takens_and_a_skip_leave_one_outcome_the_last(rt, texts):
    reminded(rt)
    with minutes_after(REMINDER, 5):
        for body in ("taken", "taken", "took it", "skip"):
            texts.answer(body)
    [dose] = doses(rt)
    assert (dose.outcome, dose.corrected_from) == ("skipped", "taken")
    assert dose.occurrence_id is not None and not dose.unscheduled


def test_taken_after_skip_corrects_it_and_the_log_keeps_the_correction(rt, texts):
    reminded(rt)
    with minutes_after(REMINDER, 5):
        texts.answer("skip")
    with minutes_after(REMINDER, 40):
        assert "taken" in texts.answer("actually I took it").lower()
    [dose] = doses(rt)
    assert (dose.outcome, dose.corrected_from) == ("taken", "skipped")
    with rt.session() as session:
        [logged] = [e for e in export.log_events(session) if e["kind"] == "dose"]
        patient = session.scalar(select(Patient))
        now = at("2027-03-10T20:00", "America/New_York")
        days = [d for week in calendar(session, patient, now) for d in week]
        assert adherence(session, [patient.id], now)[patient.id].week == 1.0
    assert logged["fields"]["outcome"] == "taken" and logged["fields"]["corrected_from"] == "skipped"
    assert logged["source_text"] == "actually I took it"
    [today] = [d for d in days if d.day.isoformat() == "2027-03-10"]
    assert (today.state, today.detail) == ("taken", "1 taken")


def test_the_clock_recording_a_miss_never_overrides_an_answer(rt):
    reminded(rt)
    with rt.session() as session:
        occurrence = session.scalar(select(Occurrence))
        now = at(REMINDER, "America/New_York")
        record_outcome(session, occurrence, "taken", now)
        record_outcome(session, occurrence, "missed", now + timedelta(days=1))
    assert [(d.outcome, d.corrected_from) for d in doses(rt)] == [("taken", None)]


def test_the_schema_refuses_a_second_outcome_for_one_occurrence(rt):
    reminded(rt)
    with pytest.raises(IntegrityError), rt.session() as session:
        occurrence = session.scalar(select(Occurrence))
        for outcome in ("taken", "skipped"):
            session.add(DoseEvent(patient_id=occurrence.patient_id, plan_id=occurrence.plan_id,
                                  occurrence_id=occurrence.id, occurrence_at=occurrence.due_at, outcome=outcome))
        session.flush()


def test_taken_with_no_open_reminder_is_an_extra_report_that_counts_for_nothing(rt, texts):
    enrol(rt, start=REMINDER)  # no reminder has gone out yet
    with minutes_after("2027-03-09T20:00", 0):
        answer = texts.answer("taken")
    assert "no reminder was open" in answer.lower()
    [dose] = doses(rt)
    assert dose.unscheduled and dose.occurrence_id is None and dose.outcome == "taken"
    with rt.session() as session:
        patient = session.scalar(select(Patient))
        now = at("2027-03-09T21:00", "America/New_York")
        assert adherence(session, [patient.id], now).get(patient.id) is None
        [day] = [d for week in calendar(session, patient, now) for d in week if d.day.isoformat() == "2027-03-09"]
    assert (day.state, day.detail) == ("none", "1 extra report (no reminder open)")


def test_a_missed_streak_is_not_broken_or_made_by_extra_reports(rt, texts):
    """Three doses in a row with no answer flag the patient, whatever extra reports came between."""
    enrol(rt, start=REMINDER)
    phone = Phone()
    for day in range(10, 14):
        tick(rt, phone, at(f"2027-03-{day}T08:00", "America/New_York"))
        with minutes_after(f"2027-03-{day}T08:00", 13 * 60):  # past the dose's 12-hour window
            texts.answer("taken")
    outcomes = [(d.outcome, d.unscheduled) for d in doses(rt)]
    assert outcomes.count(("missed", False)) == 3 and outcomes.count(("taken", True)) == 4
