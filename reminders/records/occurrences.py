"""What happens to a scheduled occurrence once the patient answers it, or never does."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, case, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from reminders.core.models import ANSWERED, DOSE_MISSED, PENDING, DoseEvent, Message, Occurrence

_DOSES = DoseEvent.__table__


# An answered occurrence's nudges still waiting to go out (not its reminder, nor the day's
# notice), cancelled; built once, like the outcome's upserts below.
_CANCEL_NUDGES = (
    update(Message)
    .where(
        Message.occurrence_id == bindparam("b_occurrence_id"),
        Message.status == PENDING,
        Message.purpose != "reminder",
        Message.purpose != "due_today",
    )
    .values(status="cancelled")
    .execution_options(synchronize_session=False)
)


def mark_answered(session: Session, occurrence: Occurrence, now: datetime, by: int) -> None:
    """The patient answered with text `by`: no more nudges, and pending ones are not sent."""
    # All four set before the statement below flushes them: one UPDATE of the occurrence, not two.
    occurrence.state, occurrence.answered_at, occurrence.follow_up_at = ANSWERED, now, None
    occurrence.answered_by_id = by
    session.execute(_CANCEL_NUDGES, {"b_occurrence_id": occurrence.id})


def _outcome_statements(dialect_insert) -> dict[bool, object]:
    """The two upserts of an outcome, built once (keyed by "is it `missed`"): building them on
    every answer cost more CPU than running them (docs/benchmarks.md, inbound webhook)."""
    columns = ("patient_id", "plan_id", "occurrence_id", "occurrence_at", "outcome", "message_id", "at")
    insert = dialect_insert(_DOSES).values({**{name: bindparam(name) for name in columns}, "unscheduled": False})
    new = insert.excluded
    return {
        True: insert.on_conflict_do_nothing(index_elements=["occurrence_id"]),
        False: insert.on_conflict_do_update(index_elements=["occurrence_id"], set_={
            "outcome": new.outcome,
            "corrected_from": case((_DOSES.c.outcome != new.outcome, _DOSES.c.outcome),
                                   else_=_DOSES.c.corrected_from),
            "message_id": new.message_id,
            "at": new.at,
        }),
    }


_RECORD_OUTCOME = {"postgresql": _outcome_statements(postgresql.insert),
                   "sqlite": _outcome_statements(sqlite.insert)}


def record_outcome(session: Session, occurrence: Occurrence, outcome: str, at: datetime,
                   message_id: int | None = None) -> None:
    """The one outcome of a scheduled dose, from the patient's answer or the clock's "missed".

    One statement, so two writers racing (two texts, or a text and the clock) cannot both add
    one: the unique key on occurrence_id decides. An answer replaces what was there, keeping
    the outcome it corrected in corrected_from; "missed" (no answer came) is written only
    when nothing is there, and never over an answer.
    """
    statement = _RECORD_OUTCOME[session.get_bind().dialect.name][outcome == DOSE_MISSED]
    session.execute(statement, {
        "patient_id": occurrence.patient_id, "plan_id": occurrence.plan_id, "occurrence_id": occurrence.id,
        "occurrence_at": occurrence.due_at, "outcome": outcome, "message_id": message_id, "at": at,
    })
