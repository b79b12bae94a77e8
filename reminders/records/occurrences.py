"""What happens to a scheduled occurrence once the patient answers it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from reminders.core.models import ANSWERED, PENDING, Message, Occurrence


def mark_answered(session: Session, occurrence: Occurrence, now: datetime) -> None:
    """The patient answered: no more nudges, and pending ones are not sent."""
    occurrence.state, occurrence.answered_at, occurrence.follow_up_at = ANSWERED, now, None
    session.execute(
        update(Message)
        .where(
            Message.occurrence_id == occurrence.id,
            Message.status == PENDING,
            Message.purpose != "reminder",
            Message.purpose != "due_today",
        )
        .values(status="cancelled")
        .execution_options(synchronize_session=False)
    )
