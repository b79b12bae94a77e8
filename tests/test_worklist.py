"""The worklist's rules, one at a time, on the real database (reminders/services/worklist.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, select

from reminders.core.db import utcnow
from reminders.core.models import (
    FLAG_RESOLVED,
    INBOUND,
    OUTBOUND,
    ROUTINE,
    URGENT,
    DoseEvent,
    Flag,
    Message,
    Patient,
)
from reminders.services import enrolment, worklist

EVERYONE = select(Patient.id)


def _patient(s, name: str, *, days_enrolled: int = 60, plan: bool = True) -> Patient:
    number = 2000 + s.query(Patient).count()
    p = enrolment.add_patient(s, phone=f"+1617555{number:04d}", name=name, tz="America/New_York",
                              team="North", create_team=True, welcome=False)
    if plan:
        enrolment.add_plan(s, p, kind="supplement", rrule="FREQ=DAILY", start="2026-01-01T09:00")
    p.created_at = utcnow() - timedelta(days=days_enrolled)
    s.flush()
    return p


def _doses(s, p: Patient, outcomes: list[str], *, start_days_ago: float = 0.5, unscheduled=()) -> None:
    """Outcomes oldest first, one a day, the newest `start_days_ago` days ago."""
    now = utcnow()
    for back, outcome in enumerate(reversed(outcomes)):
        s.add(DoseEvent(patient_id=p.id, outcome=outcome, at=now - timedelta(days=start_days_ago + back),
                        unscheduled=(len(outcomes) - 1 - back) in unscheduled))


def _reply(s, p: Patient, days_ago: float, direction: str = INBOUND) -> None:
    at = utcnow() - timedelta(days=days_ago)
    s.add(Message(patient_id=p.id, direction=direction, purpose="reply" if direction == INBOUND else "reminder",
                  status="handled" if direction == INBOUND else "delivered", body="ok", created_at=at,
                  send_after=at))


def _need(rt, name: str) -> worklist.Need:
    with rt.session() as s:
        rows = worklist.view(s, EVERYONE, utcnow(), None, 0, 100).rows
        return next(need for p, need in rows if p.name == name)


def test_a_skip_ends_a_run_of_missed_doses(rt):
    with rt.session() as s:
        _reply(s, _patient(s, "Run"), 0.5)
        _doses(s, s.scalar(select(Patient).where(Patient.name == "Run")),
               ["missed", "missed", "missed", "skipped", "missed", "missed"])
    need = _need(rt, "Run")
    assert need.missed_in_a_row == 2 and need.tier != worklist.MISSED


def test_reports_with_no_reminder_open_do_not_count(rt):
    with rt.session() as s:
        p = _patient(s, "Extra")
        _reply(s, p, 0.5)
        # An unscheduled "taken" in the middle neither breaks the run nor counts as a dose.
        _doses(s, p, ["missed", "taken", "missed", "missed"], unscheduled={1})
    need = _need(rt, "Extra")
    assert (need.missed_in_a_row, need.taken_week, need.due_week) == (3, 0, 3)
    assert need.tier == worklist.MISSED


def test_missed_doses_before_the_lookback_are_not_counted(rt):
    days = worklist.LOOKBACK.days
    with rt.session() as s:
        p = _patient(s, "Old")
        _reply(s, p, 0.5)
        _doses(s, p, ["missed"] * 3, start_days_ago=days + 1)
    assert _need(rt, "Old").missed_in_a_row == 0


@pytest.mark.parametrize("taken, due, low", [(4, 5, False), (3, 4, True), (0, 1, True), (0, 0, False)])
def test_low_adherence_is_under_the_threshold(rt, taken, due, low):
    with rt.session() as s:
        p = _patient(s, "Share")
        _reply(s, p, 0.5)
        _doses(s, p, ["skipped"] * (due - taken) + ["taken"] * taken)
    need = _need(rt, "Share")
    assert (need.taken_week, need.due_week, need.low) == (taken, due, low)
    assert (need.tier == worklist.LOW) == low


def test_silence_is_only_counted_while_reminders_go_out(rt):
    days = worklist.SILENT_DAYS
    with rt.session() as s:
        _reply(s, _patient(s, "Quiet"), days + 1)
        _reply(s, _patient(s, "Texted only"), days + 1)
        _reply(s, s.scalar(select(Patient).where(Patient.name == "Texted only")), 0.5, direction=OUTBOUND)
        _patient(s, "Never replied")
        _patient(s, "New", days_enrolled=days - 1)
        _patient(s, "No plan", plan=False)
        away = _patient(s, "Away")
        away.paused_until = utcnow() + timedelta(days=3)
        _reply(s, _patient(s, "Talker"), days - 1)
    silent = {name: _need(rt, name).silent for name in
              ("Quiet", "Texted only", "Never replied", "New", "No plan", "Away", "Talker")}
    assert silent == {"Quiet": True, "Texted only": True, "Never replied": True, "New": False,
                      "No plan": False, "Away": False, "Talker": False}
    assert _need(rt, "Away").paused  # paused by text ("PAUSE 7") counts as paused


def test_resolved_flags_do_not_count_and_the_top_flag_is_the_most_pressing(rt):
    now = utcnow()
    with rt.session() as s:
        p = _patient(s, "Flagged")
        _reply(s, p, 0.5)
        s.add(Flag(patient_id=p.id, reason="red_flag", level=URGENT, detail="a fall", state=FLAG_RESOLVED,
                   raised_at=now - timedelta(hours=1)))
        s.add(Flag(patient_id=p.id, reason="unknown_reply", level=ROUTINE, detail="newer, routine",
                   raised_at=now - timedelta(hours=2)))
        s.add(Flag(patient_id=p.id, reason="red_flag", level=URGENT, detail="older, urgent",
                   raised_at=now - timedelta(hours=9)))
    need = _need(rt, "Flagged")
    assert (need.tier, need.open_flags, need.urgent_flags, need.flag.detail) == (
        worklist.URGENT_FLAG, 2, 1, "older, urgent")


def test_counts_match_the_filters(rt):
    with rt.session() as s:
        for i in range(4):
            _reply(s, _patient(s, f"Silent {i}"), worklist.SILENT_DAYS + 2)
        _doses(s, _patient(s, "Missing"), ["missed"] * 4)
        _reply(s, _patient(s, "Fine"), 0.5)
    with rt.session() as s:
        now = utcnow()
        counts = worklist.view(s, EVERYONE, now, None, 0, 100).counts
        for show in worklist.FILTERS:
            found = worklist.view(s, EVERYONE, now, show, 0, 100)
            assert found.counts == counts and counts[show] == len(found.rows), show
        assert counts["all"] == 6 and counts["silent"] == 5  # "Missing" has not replied either


def test_the_cost_is_a_fixed_number_of_statements(rt):
    """The order is worked out in SQL: as many statements for 40 patients as for 4."""

    def statements() -> int:
        seen = []
        listener = lambda *args, **kwargs: seen.append(1)  # noqa: E731
        event.listen(rt.engine, "before_cursor_execute", listener)
        try:
            with rt.session() as s:
                worklist.view(s, EVERYONE, utcnow(), None, 0, 50)
        finally:
            event.remove(rt.engine, "before_cursor_execute", listener)
        return len(seen)

    def add(n: int) -> None:
        with rt.session() as s:
            for i in range(n):
                p = _patient(s, f"Patient {s.query(Patient).count()}")
                _doses(s, p, ["taken", "missed", "missed", "missed"])
                s.add(Flag(patient_id=p.id, reason="unknown_reply", level=ROUTINE, detail="?"))

    add(4)
    few = statements()
    add(36)
    assert statements() == few <= 3  # SET LOCAL jit (PostgreSQL), the view, the page's flags
