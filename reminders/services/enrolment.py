"""Enrolling patients and giving them plans: the checks every entry point shares.

The command line and the dashboard both come through here, so a bad phone,
zone or rule is refused the same way everywhere, before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from reminders.content import answers, compose, gsm, schedules
from reminders.core import phones, zones
from reminders.core.config import Config
from reminders.core.db import utcnow
from reminders.core.models import (
    BLOOD_TEST,
    LANGUAGES,
    OPTED_IN,
    PLAN_KINDS,
    TIP_CADENCES,
    CareTeam,
    ConsentEvent,
    Message,
    Patient,
    Plan,
)
from reminders.outgoing import quiet_hours, recurrence, scheduling
from reminders.outgoing.queue import queue_text


class EnrolmentError(ValueError):
    """Input a person must correct; the message says what and how."""


@dataclass(frozen=True)
class Problem:
    field: str  # which input: phone, name, tz, lang, quiet, team, tips, kind, rrule, start, label
    message: str


class Invalid(EnrolmentError):
    """Every problem with one enrolment or plan, found in one pass (never one at a time)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(" | ".join(p.message for p in problems))


class _Problems(list):
    """Collects what is wrong; `check` runs one parse and records its ValueError under a field."""

    def check(self, field: str, parse, *args):
        try:
            return parse(*args)
        except ValueError as error:
            self.append(Problem(field, str(error)))
            return None

    def done(self) -> None:
        if self:
            raise Invalid(list(self))


def find_team(session: Session, name: str, create: bool = False) -> CareTeam:
    """The care team of that name; a new one only when `create` (a typo must not hide a
    patient from their own coordinators in a team of one)."""
    team = session.scalar(select(CareTeam).where(CareTeam.name == name))
    if team is not None:
        return team
    if not create:
        known = session.scalars(select(CareTeam.name).order_by(CareTeam.name)).all()
        listed = f"known teams: {', '.join(known)}" if known else "there are no teams yet"
        raise EnrolmentError(f"no care team named {name!r} ({listed}); add --create-team to create it")
    if not name.strip():
        raise EnrolmentError("care team name: must not be empty")
    if len(name) > CareTeam.name.type.length:  # PostgreSQL refuses a longer one mid-transaction
        raise EnrolmentError(f"care team name: at most {CareTeam.name.type.length} characters")
    team = CareTeam(name=name)
    session.add(team)
    return team


NAME_LENGTH = Patient.__table__.c.name.type.length  # read once: a bulk import checks every row


def check_name(name: str) -> str:
    if not name.strip():
        raise ValueError("name: must not be empty")
    if len(name.strip()) > NAME_LENGTH:
        raise ValueError(f"name: at most {NAME_LENGTH} characters")
    return name.strip()


def _choice(what: str, value, allowed) -> str:
    if value not in allowed:
        raise ValueError(f"{what} {value!r}: expected one of {', '.join(allowed)}")
    return value


def _new_phone(session: Session | None, phone: str, region: str, normalise: Callable[[str, str], str]) -> str:
    e164 = normalise(phone, region)
    if session is not None and session.scalar(select(Patient.id).where(Patient.phone == e164)) is not None:
        raise ValueError(f"a patient with phone {phones.display(e164, region)} is already enrolled")
    return e164


def _team(session: Session, name: str, create: bool) -> CareTeam:
    try:
        return find_team(session, name, create)
    except EnrolmentError as error:
        raise ValueError(str(error)) from None


def check_patient(
    session: Session | None, *, phone: str, name: str, tz: str, lang: str = "en", quiet: str = quiet_hours.DEFAULT,
    team: str | None = None, create_team: bool = False, region: str = "US", tip_cadence: str | None = None,
    normalise: Callable[[str, str], str] = phones.normalise,
) -> dict:
    """Every field checked at once: the values to store, or Invalid listing each problem.

    With no `session`, only what the fields say alone is checked (not a duplicate phone, not
    the team): for checking many rows first and looking them up in bulk. `normalise` is
    phones.normalise, or the answer it already gave (a list's numbers are worked out together)."""
    problems = _Problems()
    values = {
        "phone": problems.check("phone", _new_phone, session, phone, region, normalise),
        "name": problems.check("name", check_name, name),
        "tz": problems.check("tz", zones.canonical, tz),
        "quiet": problems.check("quiet", quiet_hours.parse, quiet),
        "lang": problems.check("lang", _choice, "language", lang, LANGUAGES),
        "tip_cadence": problems.check("tips", _choice, "tips", tip_cadence, TIP_CADENCES) if tip_cadence else None,
        "team": problems.check("team", _team, session, team, create_team) if team and session else None,
    }
    problems.done()
    return values


def add_patient(
    session: Session,
    *,
    phone: str,
    name: str,
    tz: str,
    lang: str = "en",
    quiet: str = quiet_hours.DEFAULT,
    team: str | None = None,
    create_team: bool = False,
    discreet: bool = False,
    region: str = "US",
    actor: str | None = None,
    source: str = "enrolment",
    welcome: bool = True,
    now: datetime | None = None,
    config: Config | None = None,
    tip_cadence: str | None = None,
) -> Patient:
    """Enrol a patient, opted in, and queue the welcome text carriers require (unless
    `welcome` is false). `team` names an existing team unless `create_team`. `config`
    names the program in the welcome text (default: the defaults)."""
    values = check_patient(session, phone=phone, name=name, tz=tz, lang=lang, quiet=quiet, team=team,
                           create_team=create_team, region=region, tip_cadence=tip_cadence)
    quiet_start, quiet_end = values.pop("quiet")
    patient = Patient(
        **values,
        quiet_start=quiet_start,
        quiet_end=quiet_end,
        discreet=discreet,
        consent=OPTED_IN,
        consent_at=utcnow(),
        consent_source=source,
        consent_by=actor,
    )
    session.add(patient)
    session.flush()
    session.add(ConsentEvent(patient_id=patient.id, consent=OPTED_IN, source=source, actor=actor))
    if welcome:
        queue_welcome(session, patient, now or utcnow(), config or Config())
    return patient


def queue_welcome(session: Session, patient: Patient, now: datetime, config: Config) -> Message:
    """The opt-in confirmation carriers expect: program, frequency, rates, HELP, STOP, contact."""
    return queue_text(session, patient, "welcome", answers.say_to(patient, config, "welcome"), now)


def find_patient(session: Session, phone: str, region: str = "US") -> Patient:
    try:
        e164 = phones.normalise(phone, region)
    except ValueError as error:
        raise EnrolmentError(str(error)) from None
    patient = session.scalar(select(Patient).where(Patient.phone == e164))
    if patient is None:
        raise EnrolmentError(f"no patient with phone {e164}")
    return patient


def check_label(label: str | None) -> None:
    """A label is part of every reminder: it must keep the text within two GSM-7 segments."""
    if not label:
        return
    bad = gsm.non_gsm7_chars(gsm.normalise(label))
    if bad:
        raise EnrolmentError(f"label: use plain characters only (not {' '.join(bad)})")
    if gsm.septets(gsm.normalise(label)) > compose.MAX_LABEL:
        raise EnrolmentError(f"label: at most {compose.MAX_LABEL} characters (it must fit in a text)")


def _kind(kind: str) -> str:
    kind = kind.replace("-", "_")
    if kind not in PLAN_KINDS:
        raise ValueError(f"plan kind {kind!r}: expected supplement or blood-test")
    return kind


def check_plan(*, kind: str, rrule: str, start: str, label: str | None, tz: str | None,
               now: datetime | None = None) -> tuple[str, datetime]:
    """Kind, label, start and rule checked in one pass: (kind, local start), or Invalid.

    `tz` None (the patient's zone is itself being corrected) checks the rule in UTC, so its
    own problems are still shown now rather than in a second round."""
    problems = _Problems()
    kind = problems.check("kind", _kind, kind)
    problems.check("label", check_label, label)
    start_local = problems.check("start", recurrence.parse_local, start)
    if start_local is not None:
        problems.check("rrule", recurrence.check_rule, rrule, start_local, tz or "UTC", now or utcnow())
    problems.done()
    return kind, start_local


def plan_warnings(*, kind: str, rrule: str, start_local: datetime, tz: str, quiet_start: time,
                  quiet_end: time, now: datetime | None = None) -> list[str]:
    """What is allowed but probably not meant: a first reminder in the past, a time inside
    quiet hours. One sentence each; the person may save anyway."""
    zone, now = recurrence.parse_zone(tz), now or utcnow()
    what = "first blood test" if kind.replace("-", "_") == BLOOD_TEST else "first dose"
    found = []
    if recurrence.to_utc(start_local, zone) < now:
        found.append(f"The {what}, {start_local:%Y-%m-%d} at {schedules.clock(start_local.time())}, is in the past: "
                     "reminders start with the next one from now.")
    times = sorted({f.astimezone(zone).time() for f in recurrence.first_fires(rrule, start_local, tz, 14)})
    held = [t for t in times if quiet_hours.inside(t, quiet_start, quiet_end)]
    if held:
        found.append(f"{' and '.join(schedules.clock(t) for t in held[:3])} is inside quiet hours "
                     f"({quiet_hours.format_range(quiet_start, quiet_end)}): the reminder will be held to "
                     f"{quiet_end:%H:%M}.")
    return found


def add_plan(
    session: Session,
    patient: Patient,
    *,
    kind: str,
    rrule: str,
    start: str,
    label: str | None = None,
    now: datetime | None = None,
    lead_days: int = 3,
) -> Plan:
    kind, start_local = check_plan(kind=kind, rrule=rrule, start=start, label=label, tz=patient.tz, now=now)
    plan = Plan(
        patient=patient,
        kind=kind,
        rrule=rrule.strip(),
        start_local=start_local,
        label=label,
        active=True,
    )
    plan.next_fire_at = first_fire_at(plan, patient.tz, now or utcnow(), lead_days)
    session.add(plan)
    session.flush()
    return plan


def first_fire_at(plan: Plan, tz: str, now: datetime, lead_days: int) -> datetime | None:
    """When a new plan first fires: blood tests their lead time ahead of the due date ("due in 3 days")."""
    lead = scheduling.lead_for(plan.kind, timedelta(days=lead_days))
    return scheduling.next_fire_at(plan, tz, now + lead, lead)


def warnings_for(plan: Plan, now: datetime | None = None) -> list[str]:
    p = plan.patient
    return plan_warnings(kind=plan.kind, rrule=plan.rrule, start_local=plan.start_local, tz=p.tz,
                         quiet_start=p.quiet_start, quiet_end=p.quiet_end, now=now)
