"""A plan's time of day, changed by the patient ("TIME 9PM"), and when each reminder comes next.

A new time moves the plan's wall-clock start to that time and its next fire with it, never
twice in one day: when today's reminder has gone out, the new time starts tomorrow. A patient
who picks a time inside their quiet hours has asked to be texted then, so the quiet hours
move aside (and the answer says so). A rule that fixes its own hour (BYHOUR) is the care
team's to change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from reminders.core.models import BLOOD_TEST, OPEN, SUPPLEMENT, Occurrence, Patient, Plan
from reminders.outgoing import quiet_hours, recurrence, scheduling

ROOM_AFTER = timedelta(hours=1)  # quiet hours moved aside start this long after the reminder
_FIXED = ("BYHOUR", "BYMINUTE", "BYSECOND")


def fixes_its_time(plan: Plan) -> bool:
    """Whether the plan's rule names its own hour or minute, so its start's time does not set it."""
    return any(part in plan.rrule.upper() for part in _FIXED)


def plan_time(plan: Plan) -> str:
    return f"{plan.start_local:%H:%M}"


@dataclass(frozen=True)
class TimeChange:
    old: dict  # {"time": "08:00", "quiet": "21:00-08:00"}
    new: dict


def set_time(session, plan: Plan, new_time: time, now: datetime, lead_days: int) -> TimeChange:
    """Move the plan to `new_time` (the patient's wall clock) from now on."""
    patient = plan.patient
    old = {"time": plan_time(plan), "quiet": quiet_hours.format_range(patient.quiet_start, patient.quiet_end)}
    plan.start_local = plan.start_local.replace(hour=new_time.hour, minute=new_time.minute, second=0)
    patient.quiet_start, patient.quiet_end = quiet_around(patient.quiet_start, patient.quiet_end, new_time)
    plan.next_fire_at = next_fire_from(session, plan, now, lead_days)
    return TimeChange(old, {"time": plan_time(plan),
                            "quiet": quiet_hours.format_range(patient.quiet_start, patient.quiet_end)})


def restore(session, plan: Plan, values: dict, now: datetime, lead_days: int) -> None:
    """Put back a plan's time and the patient's quiet hours as `values` has them (an undo)."""
    patient = plan.patient
    plan.start_local = plan.start_local.replace(hour=int(values["time"][:2]), minute=int(values["time"][3:5]))
    patient.quiet_start, patient.quiet_end = quiet_hours.parse(values["quiet"])
    plan.next_fire_at = next_fire_from(session, plan, now, lead_days)


def quiet_around(start: time, end: time, reminder: time) -> tuple[time, time]:
    """Quiet hours that leave `reminder` outside them: cut back to it, or started after it,
    whichever keeps more of the night."""
    if not quiet_hours.inside(reminder, start, end):
        return start, end
    into, left = _minutes(start, reminder), _minutes(reminder, end)
    if into <= left and left > ROOM_AFTER.total_seconds() / 60:
        later = datetime.combine(date.min, reminder) + ROOM_AFTER
        return later.time(), end
    return start, reminder


def _minutes(a: time, b: time) -> int:
    return ((b.hour * 60 + b.minute) - (a.hour * 60 + a.minute)) % (24 * 60)


def next_fire_from(session, plan: Plan, now: datetime, lead_days: int) -> datetime | None:
    """The plan's next fire after `now`, skipping a day that has already had this reminder."""
    if not plan.active:
        return None
    lead = scheduling.lead_for(plan.kind, timedelta(days=lead_days))
    zone = ZoneInfo(plan.patient.tz)
    reminded = set(session.scalars(
        select(Occurrence.due_at).where(Occurrence.plan_id == plan.id, Occurrence.due_at > now - timedelta(days=2))
    ))
    days = {d.astimezone(zone).date() for d in reminded}
    after = now + lead
    for _ in range(3):
        fire = scheduling.next_fire_at(plan, plan.patient.tz, after, timedelta(days=lead_days))
        if fire is None or (fire + lead).astimezone(zone).date() not in days:
            return fire
        after = fire + lead
    return fire


# -- what comes next ------------------------------------------------------------------


def next_dose(patient: Patient, plans: list[Plan], now: datetime) -> tuple[Plan, datetime] | None:
    """The next dose reminder the patient will get: after now, and after their pause if any."""
    after = max(now, patient.paused_until or now)
    found = []
    for plan in plans:
        if plan.kind == SUPPLEMENT and plan.active and plan.next_fire_at is not None:
            fire = plan.next_fire_at
            if fire < after:  # skipped by the pause (or the clock has not caught up yet)
                fire = recurrence.next_fire(plan.rrule, plan.start_local, patient.tz, after - timedelta(seconds=1))
            if fire is not None:
                found.append((fire, plan.id, plan))
    return (min(found)[2], min(found)[0]) if found else None


def next_blood_test(session, patient: Patient, plans: list[Plan], lead_days: int) -> datetime | None:
    """When the next blood test is due: one being chased, or the next planned."""
    chased = session.scalar(
        select(Occurrence.due_at).where(Occurrence.patient_id == patient.id, Occurrence.kind == BLOOD_TEST,
                                        Occurrence.state == OPEN).order_by(Occurrence.due_at).limit(1))
    planned = [plan.next_fire_at + timedelta(days=lead_days) for plan in plans
               if plan.kind == BLOOD_TEST and plan.active and plan.next_fire_at is not None]
    candidates = ([chased] if chased else []) + planned
    return min(candidates) if candidates else None
