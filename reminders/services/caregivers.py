"""Adding a patient's caregivers and describing them: what the command line and the
dashboard share. Adding one records how the patient agreed, and sends the invitation:
nothing else goes to the caregiver until they reply YES."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from reminders.core import phones, zones
from reminders.core.caregivers import ACTIVE, ALERTS, INVITED, MISSED, RED_FLAG, Caregiver
from reminders.core.config import Config
from reminders.core.db import utcnow
from reminders.core.models import LANGUAGES, Patient
from reminders.outgoing import caregivers as caregiver_texts
from reminders.outgoing import quiet_hours
from reminders.services.enrolment import EnrolmentError

STATE_WORDS = {INVITED: "waiting for their YES", ACTIVE: "confirmed (replied YES)", "stopped": "opted out (STOP)"}
ALERT_WORDS = {MISSED: "missed doses", RED_FLAG: "red flags"}


def parse_alerts(text: str) -> list[str]:
    """`missed,red_flag` (either, or both) as a list; a clear error for anything else."""
    alerts = [a.strip().replace("-", "_") for a in text.split(",") if a.strip()]
    unknown = [a for a in alerts if a not in ALERTS]
    if unknown or not alerts:
        raise EnrolmentError(f"--on {text!r}: expected missed, red_flag or missed,red_flag")
    return alerts


def add_caregiver(
    session: Session,
    patient: Patient,
    *,
    names: Config,
    phone: str,
    name: str,
    consent: str,
    lang: str = "en",
    alerts: tuple[str, ...] | list[str] = ALERTS,
    missed_in_a_row: int = 3,
    tz: str | None = None,
    quiet: str = quiet_hours.DEFAULT,
    region: str = "US",
    actor: str | None = None,
    now: datetime | None = None,
) -> Caregiver:
    """The caregiver, added and invited (`names`: the Config whose programme names texts carry)."""
    try:
        e164 = phones.normalise(phone, region)
        tz = zones.canonical(tz) if tz else patient.tz  # a new zone is a canonical one (core/zones.py)
        quiet_start, quiet_end = quiet_hours.parse(quiet)
    except ValueError as error:
        raise EnrolmentError(str(error)) from None
    _check(session, patient, e164, name, consent, lang, missed_in_a_row)
    caregiver = Caregiver(
        patient=patient, name=name.strip(), phone=e164, lang=lang, tz=tz,
        quiet_start=quiet_start, quiet_end=quiet_end, on_missed=MISSED in alerts,
        on_red_flag=RED_FLAG in alerts, missed_in_a_row=missed_in_a_row, state=INVITED,
        state_at=now or utcnow(), patient_consent=consent.strip(), added_by=actor,
    )
    session.add(caregiver)
    session.flush()
    caregiver_texts.invite(session, caregiver, now or utcnow(), names)
    return caregiver


def _check(session, patient: Patient, e164: str, name: str, consent: str, lang: str, missed: int) -> None:
    if lang not in LANGUAGES:
        raise EnrolmentError(f"language {lang!r}: expected one of {', '.join(LANGUAGES)}")
    if not name.strip() or len(name.strip()) > Caregiver.name.type.length:
        raise EnrolmentError(f"name: between 1 and {Caregiver.name.type.length} characters")
    if not consent.strip():
        raise EnrolmentError("--consent: say how the patient agreed, e.g. \"verbal, at clinic visit 2027-03-01\"")
    if not 1 <= missed <= caregiver_texts.MAX_STREAK:
        raise EnrolmentError(f"missed doses in a row: between 1 and {caregiver_texts.MAX_STREAK}")
    if e164 == patient.phone:
        raise EnrolmentError("the caregiver's phone is the patient's own")
    # A patient's number is always read as the patient's: their replies must never be taken for a caregiver's.
    if session.scalar(select(Patient.id).where(Patient.phone == e164)) is not None:
        raise EnrolmentError(f"{e164} is an enrolled patient's number: texts from it are read as theirs")
    if session.scalar(select(Caregiver.id).where(Caregiver.patient_id == patient.id, Caregiver.phone == e164)):
        raise EnrolmentError(f"{e164} is already a caregiver of this patient")


def caregivers_of(session: Session, patient: Patient) -> list[Caregiver]:
    return session.scalars(select(Caregiver).where(Caregiver.patient_id == patient.id).order_by(Caregiver.id)).all()


def alerts_in_words(caregiver: Caregiver) -> str:
    parts = []
    if caregiver.on_missed:
        parts.append(f"{caregiver.missed_in_a_row} missed doses in a row")
    if caregiver.on_red_flag:
        parts.append("a red flag")
    return " or ".join(parts)


def describe(caregiver: Caregiver) -> str:
    """One line: who, how they are told, their own consent, the patient's."""
    return (f"#{caregiver.id} {caregiver.name} {caregiver.phone} ({caregiver.lang}): "
            f"{STATE_WORDS[caregiver.state]} since {caregiver.state_at:%Y-%m-%d %H:%M}Z; "
            f"told on {alerts_in_words(caregiver)}; patient's consent: {caregiver.patient_consent}")
