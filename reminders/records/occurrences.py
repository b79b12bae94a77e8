"""What happens to a scheduled occurrence once the patient answers it, or never does."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, update
from sqlalchemy.orm import Session

from reminders.core.db import upsert
from reminders.core.models import ANSWERED, DOSE_MISSED, PENDING, DoseEvent, Message, Occurrence

_DOSES = DoseEvent.__table__


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


def record_outcome(session: Session, occurrence: Occurrence, outcome: str, at: datetime,
                   message_id: int | None = None) -> None:
    """The one outcome of a scheduled dose, from the patient's answer or the clock's "missed".

    One statement, so two writers racing (two texts, or a text and the clock) cannot both add
    one: the unique key on occurrence_id decides. An answer replaces what was there, keeping
    the outcome it corrected in corrected_from; "missed" (no answer came) is written only
    when nothing is there, and never over an answer.
    """
    insert = upsert(session, DoseEvent).values(
        patient_id=occurrence.patient_id, plan_id=occurrence.plan_id, occurrence_id=occurrence.id,
        occurrence_at=occurrence.due_at, outcome=outcome, message_id=message_id, at=at, unscheduled=False,
    )
    if outcome == DOSE_MISSED:
        statement = insert.on_conflict_do_nothing(index_elements=["occurrence_id"])
    else:
        new = insert.excluded
        statement = insert.on_conflict_do_update(index_elements=["occurrence_id"], set_={
            "outcome": new.outcome,
            "corrected_from": case((_DOSES.c.outcome != new.outcome, _DOSES.c.outcome),
                                   else_=_DOSES.c.corrected_from),
            "message_id": new.message_id,
            "at": new.at,
        })
    session.execute(statement)
