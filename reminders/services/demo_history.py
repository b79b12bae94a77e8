"""A few weeks of plausible history for the demo patient, so a newcomer's dashboard has
something in every chart: reminders and replies, doses, symptoms, labs and a flag."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from reminders.core.db import utcnow
from reminders.core.models import (
    DELIVERED,
    DOSE_MISSED,
    HANDLED,
    INBOUND,
    OUTBOUND,
    ROUTINE,
    SKIPPED,
    SUPPLEMENT,
    TAKEN,
    DoseEvent,
    LabResult,
    Message,
    Patient,
    SymptomReport,
)
from reminders.records.flags import raise_flag

# (days ago, reply or None for no answer): most days taken, a skip, a silent day.
_REPLIES = {3: "skip today, feeling sick", 9: None, 16: "forgot, sorry", 21: None}
_SYMPTOMS = [(26, "tingling", 6), (19, "tingling", 5), (12, "tingling", 4), (5, "tingling", 2),
             (24, "fatigue", 7), (14, "fatigue", 5), (4, "fatigue", 4)]
_LABS = [(85, "b12", 190, "pg/mL"), (25, "b12", 410, "pg/mL"), (85, "mma", 0.52, "umol/L"),
         (25, "mma", 0.31, "umol/L"), (85, "homocysteine", 17.5, "umol/L"), (25, "homocysteine", 11.0, "umol/L")]


def seed_history(session: Session, patient: Patient, days: int = 28, now: datetime | None = None) -> None:
    now = now or utcnow()
    zone = ZoneInfo(patient.tz)
    today = now.astimezone(zone).date()
    plan = next((p for p in patient.plans if p.kind == SUPPLEMENT), None)

    def at(days_ago: int, clock: time) -> datetime:
        return datetime.combine(today - timedelta(days=days_ago), clock, tzinfo=zone).astimezone(ZoneInfo("UTC"))

    for ago in range(days, 0, -1):
        sent = at(ago, time(9, 0))
        session.add(Message(patient_id=patient.id, direction=OUTBOUND, purpose="reminder", status=DELIVERED,
                            body="Time for your B12. Reply TAKEN or SKIP. Tip: B12 helps keep nerves healthy.",
                            to_number=patient.phone, plan_id=plan.id if plan else None, occurrence_at=sent,
                            created_at=sent, send_after=sent, segments=1))
        reply = _REPLIES.get(ago, "taken")
        if reply is None:
            session.add(DoseEvent(patient_id=patient.id, plan_id=plan.id if plan else None, occurrence_at=sent,
                                  outcome=DOSE_MISSED, at=sent + timedelta(hours=4)))
            continue
        answered = sent + timedelta(minutes=17)
        message = Message(patient_id=patient.id, direction=INBOUND, purpose="reply", status=HANDLED, body=reply,
                          from_number=patient.phone, created_at=answered)
        session.add(message)
        session.flush()
        session.add(DoseEvent(patient_id=patient.id, plan_id=plan.id if plan else None, occurrence_at=sent,
                              outcome=TAKEN if reply == "taken" else SKIPPED, message_id=message.id, at=answered))
    for ago, symptom, severity in _SYMPTOMS:
        when = at(ago, time(19, 30))
        message = Message(patient_id=patient.id, direction=INBOUND, purpose="reply", status=HANDLED,
                          body=f"{symptom} {severity}", from_number=patient.phone, created_at=when)
        session.add(message)
        session.flush()
        session.add(SymptomReport(patient_id=patient.id, symptom=symptom, severity=severity,
                                  message_id=message.id, at=when))
    for ago, test, value, unit in _LABS:
        session.add(LabResult(patient_id=patient.id, test=test, value=value, unit=unit, at=at(ago, time(12, 0))))
    question = Message(patient_id=patient.id, direction=INBOUND, purpose="reply", status=HANDLED,
                       body="can I take it with my coffee?", from_number=patient.phone, created_at=at(2, time(8, 5)))
    session.add(question)
    session.flush()
    raise_flag(session, patient.id, "unknown_reply", ROUTINE, "a reply the bot did not understand",
               question.created_at, question.id)
