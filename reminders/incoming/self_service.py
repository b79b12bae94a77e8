"""Patients steering their own reminders by text: a new time, a pause, a resume, what is next.

Each change is confirmed back and recorded (records/changes.py) with who, when and the old
and new values, for coordinators to see and undo. With two or more plans, a new time asks
which one ("Which reminder: 1 B12 dose, 2 blood test?") and the next reply answers. The
handlers take conversation's Reply (the text being interpreted); conversation decides
when they run: never ahead of STOP, HELP or a red flag.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from reminders.content import answers, compose
from reminders.core.changes import BY_TEXT, PAUSE, RESUME, SET_TIME
from reminders.core.models import ROUTINE, SUPPLEMENT, Plan
from reminders.outgoing import pauses, plan_times
from reminders.records.changes import record_change

KINDS = ("set_time", "pause", "resume", "next")
QUESTION_LIFETIME = timedelta(hours=24)  # an unanswered question is forgotten after this
DEFAULT_PAUSE_DAYS = 7  # "PAUSE" with no number
_CHOICE = re.compile(r"^\s*#?\s*(\d{1,2})\s*[.)!]*\s*$")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _plans(reply) -> list[Plan]:
    return [plan for plan in reply.patient.plans if plan.active]


def _name(reply, plan: Plan) -> str:
    return compose.plan_name(plan.kind, reply.lang, reply.patient.discreet, plan.label)


def _local(reply, instant: datetime) -> datetime:
    return instant.astimezone(ZoneInfo(reply.patient.tz))


def _iso(instant: datetime | None) -> str | None:
    return instant.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") if instant else None


def _record(reply, kind: str, old: dict, new: dict, plan: Plan | None = None) -> None:
    record_change(reply.session, reply.patient.id, kind, old, new, source=BY_TEXT, actor=reply.patient.phone,
                  now=reply.now, plan_id=plan.id if plan else None, message_id=reply.message.id)


# -- a new time -------------------------------------------------------------------


def on_set_time(reply, fields) -> None:
    at = time.fromisoformat(fields["at"])
    plans = _plans(reply)
    if not plans:
        reply.say("no_plan")
    elif len(plans) == 1:
        _apply_time(reply, plans[0], at)
    else:
        reply.patient.question = {"kind": SET_TIME, "at": fields["at"], "plans": [p.id for p in plans],
                                  "asked_at": _iso(reply.now)}
        reply.say("which_plan", choices=_choices(reply, plans))


def _choices(reply, plans: list[Plan]) -> str:
    return ", ".join(f"{n} {_name(reply, plan)}" for n, plan in enumerate(plans, 1))


def _apply_time(reply, plan: Plan, at: time) -> None:
    name = _name(reply, plan)
    if plan_times.fixes_its_time(plan):
        reply.flag("time_change", ROUTINE, f"asked by text to move the {name} reminder to {at:%H:%M}")
        reply.say("time_fixed")
        return
    change = plan_times.set_time(reply.session, plan, at, reply.now, reply.config.lead_days)
    _record(reply, SET_TIME, change.old, change.new, plan)
    shown = compose.clock_words(datetime.combine(reply.now.date(), at), reply.lang)
    reply.say("time_set", name=name, time=shown, next=_next_of(reply, plan))
    if change.old["quiet"] != change.new["quiet"]:
        reply.say("time_quiet", quiet=change.new["quiet"])


def _next_of(reply, plan: Plan) -> str:
    if plan.next_fire_at is None:
        return _words(reply, "next_none")
    if plan.kind == SUPPLEMENT:
        return _moment(reply, plan.next_fire_at)
    return _due(reply, plan.next_fire_at + timedelta(days=reply.config.lead_days))


def answer_question(reply) -> bool:
    """Whether this text answered the question the bot asked last (and was handled as such)."""
    question = reply.patient.question
    if not question:
        return False
    choice = _CHOICE.match(reply.message.body or "")
    asked = datetime.fromisoformat(question["asked_at"].replace("Z", "+00:00"))
    if choice is None or reply.now - asked > QUESTION_LIFETIME:
        reply.patient.question = None  # any other reply moves the conversation on
        return False
    plans = [p for p in _plans(reply) if p.id in question["plans"]]
    number = int(choice[1])
    if not 1 <= number <= len(plans):
        reply.say("which_plan", choices=_choices(reply, plans))
        return True
    reply.patient.question = None
    _apply_time(reply, plans[number - 1], time.fromisoformat(question["at"]))
    return True


# -- pause and resume -------------------------------------------------------------------


def on_pause(reply, fields) -> None:
    days = fields.get("days") or _days_until(reply, fields.get("until")) or DEFAULT_PAUSE_DAYS
    if not 1 <= days <= pauses.MAX_DAYS:
        reply.say("pause_too_long", max=pauses.MAX_DAYS)
        return
    patient = reply.patient
    until = pauses.pause_end(reply.now, patient.tz, days)
    old = {"paused_until": _iso(patient.paused_until)}
    pauses.pause(reply.session, patient, until, reply.now)
    _record(reply, PAUSE, old, {"paused_until": _iso(until)})
    reply.say("paused", date=compose.date_words(_local(reply, until).date(), reply.lang))


def _days_until(reply, weekday: str | None) -> int | None:
    """'friday' -> days from today to the coming Friday (a week when today is Friday)."""
    if weekday not in _WEEKDAYS:
        return None
    today = _local(reply, reply.now).weekday()
    return (_WEEKDAYS.index(weekday) - today - 1) % 7 + 1


def on_resume(reply, _fields) -> None:
    patient = reply.patient
    if not pauses.paused(patient, reply.now):
        reply.say("not_paused", next=next_dose_words(reply))
        return
    old = {"paused_until": _iso(patient.paused_until)}
    pauses.resume(reply.session, patient, reply.now)
    _record(reply, RESUME, old, {"paused_until": None})
    reply.say("resumed", next=next_dose_words(reply))


# -- what comes next ----------------------------------------------------------------------


def on_next(reply, _fields) -> None:
    due = plan_times.next_blood_test(reply.session, reply.patient, _plans(reply), reply.config.lead_days)
    reply.say("next", dose=next_dose_words(reply),
              blood=_due(reply, due) if due else _words(reply, "next_none"))


def next_dose_words(reply) -> str:
    found = plan_times.next_dose(reply.patient, _plans(reply), reply.now)
    return _moment(reply, found[1]) if found else _words(reply, "next_none")


def _moment(reply, instant: datetime) -> str:
    return compose.moment_words(_local(reply, instant), reply.lang)


def _due(reply, instant: datetime) -> str:
    return _words(reply, "next_due", date=compose.date_words(_local(reply, instant).date(), reply.lang))


def _words(reply, key: str, **values) -> str:
    return answers.say(key, reply.lang, **values)


HANDLERS = {"set_time": on_set_time, "pause": on_pause, "resume": on_resume, "next": on_next}
