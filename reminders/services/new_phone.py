"""An unknown number that is a patient's new phone: a coordinator links it, and the number's texts
and flags become the patient's, and the patient's texts go to it from now on."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from reminders.core.cases import LINKED, FlagEvent
from reminders.core.models import (
    OPTED_OUT,
    PENDING,
    ConsentEvent,
    Flag,
    Message,
    OptedOutNumber,
    Patient,
)
from reminders.outgoing.queue import STAFF_PURPOSES


class LinkError(ValueError):
    """Why the number cannot be linked, in words."""


def link_number(session: Session, number: str, patient: Patient, actor: str, now: datetime) -> int:
    """Give `number`'s texts and flags to `patient`, whose phone becomes `number`; how many texts moved."""
    if patient.phone == number:
        raise LinkError(f"{patient.name}'s phone is already {number}.")
    if session.scalar(select(Patient.id).where(Patient.phone == number)) is not None:
        raise LinkError(f"Another patient has the number {number}.")
    old = patient.phone
    moved = session.execute(
        update(Message)
        .where(Message.patient_id.is_(None), Message.purpose.not_in(STAFF_PURPOSES),
               or_(Message.from_number == number, Message.to_number == number))
        .values(patient_id=patient.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    # What is still waiting in the outbox goes to the new phone too.
    session.execute(
        update(Message).where(Message.patient_id == patient.id, Message.status == PENDING, Message.to_number == old)
        .values(to_number=number).execution_options(synchronize_session=False)
    )
    for flag in session.scalars(select(Flag).where(Flag.patient_id.is_(None), Flag.phone == number)):
        flag.patient_id = patient.id
        session.add(FlagEvent(flag=flag, at=now, kind=LINKED, actor=actor,
                              detail=f"linked to {patient.name}: their new phone (was {old})"))
    patient.phone = number
    stopped = session.get(OptedOutNumber, number)
    if stopped is not None:  # the new phone said STOP: that is the patient's word now
        patient.consent, patient.consent_at, patient.consent_source, patient.consent_by = OPTED_OUT, now, "sms", number
        session.add(ConsentEvent(patient_id=patient.id, consent=OPTED_OUT, source="sms", actor=number,
                                 message_id=stopped.message_id, at=now))
        session.delete(stopped)
    return moved
