"""Patients' changes by text as coordinators see them, and undoing one from the dashboard.

An undo puts the old values back, is recorded as a change of its own (source dashboard, the
coordinator as actor), marks the original undone, and tells the patient by text. Only the
latest change of its kind can be undone: a later one replaced it.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from reminders.content import answers, compose
from reminders.core.changes import BY_DASHBOARD, PAUSE, RESUME, SET_TIME, PatientChange
from reminders.core.models import Patient, Plan
from reminders.outgoing import pauses, plan_times
from reminders.outgoing.queue import queue_text
from reminders.records.changes import record_change

SHOWN = 20  # changes listed on a patient's page
_FAMILY = {SET_TIME: (SET_TIME,), PAUSE: (PAUSE, RESUME), RESUME: (PAUSE, RESUME)}


class ChangeError(ValueError):
    """A change that cannot be undone; the message says why."""


def recent(session: Session, patient: Patient) -> list[PatientChange]:
    return session.scalars(
        select(PatientChange).where(PatientChange.patient_id == patient.id)
        .order_by(PatientChange.at.desc(), PatientChange.id.desc()).limit(SHOWN)
    ).all()


def _instant(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def undoable(session: Session, change: PatientChange) -> bool:
    """Not undone, not an undo, and the latest of its kind (for a new time: for its plan)."""
    if change.undone_at is not None or change.undo_of_id is not None:
        return False
    later = select(PatientChange.id).where(
        PatientChange.patient_id == change.patient_id, PatientChange.kind.in_(_FAMILY[change.kind]),
        PatientChange.id > change.id)
    if change.kind == SET_TIME:
        later = later.where(PatientChange.plan_id == change.plan_id)
    return session.scalar(later.limit(1)) is None


def undo(session: Session, change: PatientChange, *, actor: str, now: datetime, lead_days: int) -> PatientChange:
    if not undoable(session, change):
        raise ChangeError("This change was undone already, or a later change replaced it.")
    patient = session.get(Patient, change.patient_id)
    if change.kind == SET_TIME:
        plan = session.get(Plan, change.plan_id)
        plan_times.restore(session, plan, change.old, now, lead_days)
        moment = datetime.combine(now.date(), plan.start_local.time())
        text = answers.say("undone_time", patient.lang, time=compose.clock_words(moment, patient.lang),
                           name=compose.plan_name(plan.kind, patient.lang, patient.discreet, plan.label))
        kind = SET_TIME
    else:
        until = _instant(change.old["paused_until"])
        if until is not None and until > now:
            pauses.pause(session, patient, until, now)
            day = compose.date_words(until.astimezone(ZoneInfo(patient.tz)).date(), patient.lang)
            kind, text = PAUSE, answers.say("undone_resume", patient.lang, date=day)
        elif change.kind == RESUME:
            raise ChangeError("That pause has ended already: there is nothing to put back.")
        else:
            pauses.resume(session, patient, now)
            found = plan_times.next_dose(patient, [p for p in patient.plans if p.active], now)
            kind, text = RESUME, answers.say("undone_pause", patient.lang, next=_next_words(patient, found))
    queue_text(session, patient, "change_undone", text, now)
    return record_change(session, patient.id, kind, change.new, change.old, source=BY_DASHBOARD, actor=actor,
                         now=now, plan_id=change.plan_id, undo_of=change)


def _next_words(patient: Patient, found) -> str:
    if found is None:
        return answers.say("next_none", patient.lang)
    return compose.moment_words(found[1].astimezone(ZoneInfo(patient.tz)), patient.lang)


def describe(change: PatientChange, tz: str) -> str:
    """The change in a coordinator's words."""
    if change.kind == SET_TIME:
        what = f"Reminder time {change.old['time']} -> {change.new['time']}"
        if change.old.get("quiet") != change.new.get("quiet"):
            what += f" (quiet hours {change.old['quiet']} -> {change.new['quiet']})"
        return what + (f" on plan #{change.plan_id}" if change.plan_id else "")
    until = _instant(change.new["paused_until"] if change.kind == PAUSE else change.old["paused_until"])
    shown = f"{until.astimezone(ZoneInfo(tz)):%a %b %d %H:%M %Z}" if until else "-"
    return f"Paused until {shown}" if change.kind == PAUSE else f"Resumed (was paused until {shown})"
