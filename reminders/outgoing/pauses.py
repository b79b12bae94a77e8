"""A patient's pause by text ("PAUSE 7"): dose reminders stop, blood-test texts are held.

While `Patient.paused_until` is ahead, the clock skips every dose reminder due before it
(never sent late), and a blood test's texts wait for the pause to end: a test due during
the pause is chased from its end ("was due on ..."), one due after it is announced then.
A pause ends at local midnight, so "PAUSE 7" on a Monday brings Monday's reminder back.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select, update

from reminders.core.models import (
    BLOOD_TEST,
    CANCELLED,
    OPEN,
    PENDING,
    SUPPLEMENT,
    Message,
    Occurrence,
    Patient,
)
from reminders.outgoing import quiet_hours
from reminders.outgoing.recurrence import to_utc

MAX_DAYS = 90  # longer than this is a conversation with the care team, not a text
# Texts a pause makes pointless: their moment passes while it lasts.
_DROPPED = ("reminder", "nudge", "due_soon", "due_today")


def pause_end(now: datetime, tz: str, days: int) -> datetime:
    """Local midnight `days` days after today, in UTC."""
    zone = ZoneInfo(tz)
    return to_utc(datetime.combine(now.astimezone(zone).date() + timedelta(days=days), time(0)), zone)


def paused(patient: Patient, at: datetime) -> bool:
    """Whether a dose due at `at` falls inside the patient's pause."""
    return patient.paused_until is not None and at < patient.paused_until


def held(patient: Patient, at: datetime) -> datetime:
    """`at`, or the end of the patient's pause if that is later."""
    return max(at, patient.paused_until) if paused(patient, at) else at


def pause(session, patient: Patient, until: datetime, now: datetime) -> None:
    """Pause until `until`: what is queued for the pause is dropped or held, nudges stop."""
    patient.paused_until = until
    mine = (Message.patient_id == patient.id, Message.caregiver_id.is_(None), Message.status == PENDING,
            Message.send_after < until)
    session.execute(
        update(Message).where(*mine, or_(Message.purpose.in_(_DROPPED), Message.purpose.like("snooze_%")))
        .values(status=CANCELLED, lease_until=None).execution_options(synchronize_session=False)
    )
    release = quiet_hours.release_time(until, patient.tz, patient.quiet_start, patient.quiet_end)
    session.execute(
        update(Message).where(*mine, Message.purpose.like("follow_up_%"))
        .values(send_after=release, lease_until=None).execution_options(synchronize_session=False)
    )
    for occurrence in _open(session, patient):
        if occurrence.kind == SUPPLEMENT:
            occurrence.follow_up_at = None  # no nudge about a dose from before the pause
        elif occurrence.follow_up_at is None or occurrence.follow_up_at < until:
            occurrence.follow_up_at = until  # chased again once the patient is back


def resume(session, patient: Patient, now: datetime) -> None:
    """End the pause now: blood tests held to its end are chased at once."""
    until, patient.paused_until = patient.paused_until, None
    if until is None or until <= now:
        return
    for occurrence in _open(session, patient):
        if occurrence.kind == BLOOD_TEST and occurrence.follow_up_at == until:
            occurrence.follow_up_at = now


def _open(session, patient: Patient) -> list[Occurrence]:
    return session.scalars(
        select(Occurrence).where(Occurrence.patient_id == patient.id, Occurrence.state == OPEN)
    ).all()

