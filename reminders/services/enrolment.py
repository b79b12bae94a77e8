"""Enrolling patients and giving them plans: the checks every entry point shares.

The command line and the dashboard both come through here, so a bad phone,
zone or rule is refused the same way everywhere, before anything is written.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from reminders.content import answers, compose, gsm
from reminders.core import phones
from reminders.core.config import Config
from reminders.core.db import utcnow
from reminders.core.models import (
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


def find_team(session: Session, name: str, create: bool = True) -> CareTeam:
    team = session.scalar(select(CareTeam).where(CareTeam.name == name))
    if team is None:
        if not create:
            raise EnrolmentError(f"no care team named {name!r}")
        if len(name) > CareTeam.name.type.length:  # PostgreSQL refuses a longer one mid-transaction
            raise EnrolmentError(f"care team name: at most {CareTeam.name.type.length} characters")
        team = CareTeam(name=name)
        session.add(team)
    return team


def add_patient(
    session: Session,
    *,
    phone: str,
    name: str,
    tz: str,
    lang: str = "en",
    quiet: str = quiet_hours.DEFAULT,
    team: str | None = None,
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
    `welcome` is false). `config` names the program in it (default: the defaults)."""
    try:
        e164 = phones.normalise(phone, region)
        recurrence.parse_zone(tz)
        quiet_start, quiet_end = quiet_hours.parse(quiet)
    except ValueError as error:
        raise EnrolmentError(str(error)) from None
    if lang not in LANGUAGES:
        raise EnrolmentError(f"language {lang!r}: expected one of {', '.join(LANGUAGES)}")
    if tip_cadence is not None and tip_cadence not in TIP_CADENCES:
        raise EnrolmentError(f"tips {tip_cadence!r}: expected one of {', '.join(TIP_CADENCES)}")
    if not name.strip():
        raise EnrolmentError("name: must not be empty")
    if len(name.strip()) > Patient.name.type.length:
        raise EnrolmentError(f"name: at most {Patient.name.type.length} characters")
    if session.scalar(select(Patient.id).where(Patient.phone == e164)) is not None:
        raise EnrolmentError(f"a patient with phone {e164} is already enrolled")
    patient = Patient(
        phone=e164,
        name=name.strip(),
        tz=tz,
        lang=lang,
        quiet_start=quiet_start,
        quiet_end=quiet_end,
        team=find_team(session, team) if team else None,
        discreet=discreet,
        tip_cadence=tip_cadence,
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
    kind = kind.replace("-", "_")
    if kind not in PLAN_KINDS:
        raise EnrolmentError(f"plan kind {kind!r}: expected supplement or blood-test")
    check_label(label)
    try:
        start_local = recurrence.parse_local(start)
        recurrence.check_rule(rrule, start_local, patient.tz, now or utcnow())
    except ValueError as error:
        raise EnrolmentError(str(error)) from None
    plan = Plan(
        patient=patient,
        kind=kind,
        rrule=rrule.strip(),
        start_local=start_local,
        label=label,
        active=True,
    )
    # Blood tests fire their lead time ahead of the due date ("due in 3 days").
    lead = scheduling.lead_for(plan.kind, timedelta(days=lead_days))
    plan.next_fire_at = scheduling.next_fire_at(plan, patient.tz, (now or utcnow()) + lead, lead)
    session.add(plan)
    session.flush()
    return plan
