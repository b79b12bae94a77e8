"""What caregivers are texted: the invitation, and alerts on missed doses or a red flag.

Every text is minimal ("Dana has missed 3 reminders in a row. Please check in."): the
patient's first name and nothing about their health, under a neutral programme name
for a discreet patient. Each goes through queue.queue_caregiver_text, which applies the
caregiver's own consent and quiet hours.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from reminders.content import answers
from reminders.core.caregivers import MISSED, RED_FLAG, STOPPED, Caregiver
from reminders.core.models import CANCELLED, PENDING, Message, Patient
from reminders.outgoing.queue import CAREGIVER_INVITE, queue_caregiver_text

MAX_STREAK = 14  # the longest missed-dose streak a caregiver can ask to be told about


def first_name(patient: Patient) -> str:
    return patient.name.split()[0] if patient.name.split() else patient.name


def words(caregiver: Caregiver, key: str, names, **values) -> str:
    """A caregiver text in their language, naming the patient by first name only, under the
    programme name the patient's discreet setting calls for (`names.program_for`: the Config)."""
    patient = caregiver.patient
    return answers.say(key, caregiver.lang, program=names.program_for(patient.discreet),
                       patient=first_name(patient), **values)


def invite(session, caregiver: Caregiver, now: datetime, names) -> Message:
    """The first text: nothing else goes to them until they reply YES."""
    return queue_caregiver_text(session, caregiver, CAREGIVER_INVITE, words(caregiver, "cg_invite", names), now)


def _told_about(session, patient_id: int, alert: str) -> list[Caregiver]:
    wanted = Caregiver.on_missed if alert == MISSED else Caregiver.on_red_flag
    return session.scalars(
        select(Caregiver).where(Caregiver.patient_id == patient_id, wanted.is_(True), Caregiver.state != STOPPED)
        .order_by(Caregiver.id)
    ).all()


def on_missed_streak(session, patient: Patient, streak: int, new: int, now: datetime, names) -> list[Message]:
    """`new` doses just lapsed, making `streak` missed in a row: tell each caregiver whose
    number of doses was reached now (once a streak, however many lapsed at once)."""
    return [
        queue_caregiver_text(session, caregiver, "cg_missed", _missed_words(caregiver, names), now)
        for caregiver in _told_about(session, patient.id, MISSED)
        if streak - new < caregiver.missed_in_a_row <= streak
    ]


def _missed_words(caregiver: Caregiver, names) -> str:
    n = caregiver.missed_in_a_row
    return words(caregiver, "cg_missed_1", names) if n == 1 else words(caregiver, "cg_missed", names, n=n)


def on_red_flag(session, patient: Patient, now: datetime, names) -> list[Message]:
    """A new red flag: the caregivers who asked are told to check in, with no details."""
    return [queue_caregiver_text(session, caregiver, "cg_red_flag", words(caregiver, "cg_red_flag", names), now)
            for caregiver in _told_about(session, patient.id, RED_FLAG)]


def stop(session, caregivers: list[Caregiver], now: datetime) -> None:
    """STOP from a caregiver's phone (or the carrier's 21610): their texts only, pending ones too."""
    for caregiver in caregivers:
        caregiver.state, caregiver.state_at = STOPPED, now
    session.execute(
        update(Message)
        .where(Message.caregiver_id.in_([c.id for c in caregivers]), Message.status == PENDING)
        .values(status=CANCELLED, lease_until=None)
        .execution_options(synchronize_session=False)
    )
