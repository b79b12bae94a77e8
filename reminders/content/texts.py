"""The words of each outbound text: the composer and the tip rotation, fed from the database."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from reminders.content import compose, tips
from reminders.core.models import BLOOD_TEST, Occurrence

# Purposes whose text carries a tip; follow-ups stay short.
WITH_TIP = {"reminder", "due_soon"}


def again(session: Session, occurrence: Occurrence, at: datetime) -> str:
    """The text that reminds a patient again (a snooze), going out `at`: a dose is asked
    about ("Did you take..."); a blood test is due, due today, or was due, and teaches the
    blood-test keyword, not the dose ones."""
    if occurrence.kind != BLOOD_TEST:
        purpose = "nudge"
    else:
        zone = ZoneInfo(occurrence.patient.tz)
        days = (occurrence.due_at.astimezone(zone).date() - at.astimezone(zone).date()).days
        purpose = "due_soon" if days > 0 else "due_today" if days == 0 else "follow_up"
    body, _ = for_occurrence(session, occurrence, purpose, with_tip=False, sent_at=at)
    return body


def for_occurrence(
    session: Session, occurrence: Occurrence, purpose: str, with_tip: bool = True,
    sent_at: datetime | None = None, history: tips.History | None = None,
) -> tuple[str, str | None]:
    """The body for one outbox row, and the id of the tip it carries (if any).

    A dose reminder names the dose's own time; "due in N days" counts from
    `sent_at`, the moment the text goes out. `history`, when given, is the
    patient's tip history already read (and extended with the tip chosen here). The
    patient's tip cadence decides whether the text carries a tip at all.
    """
    patient, plan = occurrence.patient, occurrence.plan
    tip = None
    if with_tip and purpose in WITH_TIP:
        history = history if history is not None else tips.tip_history(session, patient, plan.kind)
        sent = sent_at or occurrence.due_at
        tip = tips.tip_for_reminder(patient, plan.kind, history, sent)  # None: the cadence says no tip
        if tip is not None:
            history.add(tip.id, sent)
    zone = ZoneInfo(patient.tz)
    due = occurrence.due_at.astimezone(zone)
    moment = (sent_at or occurrence.due_at).astimezone(zone) if purpose == "due_soon" else due
    body = compose.compose(
        "follow_up" if purpose.startswith("follow_up") else purpose,
        lang=patient.lang,
        discreet=patient.discreet,
        label=plan.label,
        local_time=moment,
        tip=tip,
        due_date=due.date(),
    )
    return body, tip.id if tip else None
