"""Per-patient figures for a page of patients, each from one grouped query (never one per patient)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from reminders.core.models import (
    FLAG_RESOLVED,
    INBOUND,
    TAKEN,
    URGENT,
    DoseEvent,
    Flag,
    Message,
)


@dataclass(frozen=True)
class Adherence:
    """Share of scheduled doses that were 'taken' (of taken + skipped + missed; one outcome each,
    extra reports left out); None: no doses due."""

    week: float | None
    month: float | None


def _share(taken, total) -> float | None:
    return None if not total else taken / total


def adherence(session: Session, patient_ids: list[int], now: datetime) -> dict[int, Adherence]:
    if not patient_ids:
        return {}
    week = now - timedelta(days=7)
    in_week = DoseEvent.at >= week
    taken = DoseEvent.outcome == TAKEN
    rows = session.execute(
        select(
            DoseEvent.patient_id,
            func.sum(case((and_(in_week, taken), 1), else_=0)),
            func.sum(case((in_week, 1), else_=0)),
            func.sum(case((taken, 1), else_=0)),
            func.count(),
        )
        .where(DoseEvent.patient_id.in_(patient_ids), DoseEvent.at >= now - timedelta(days=30), DoseEvent.at <= now,
               DoseEvent.unscheduled.is_(False))  # a report with no reminder open is not a scheduled dose
        .group_by(DoseEvent.patient_id)
    )
    return {pid: Adherence(_share(t7, n7), _share(t30, n30)) for pid, t7, n7, t30, n30 in rows}


def last_replies(session: Session, patient_ids: list[int]) -> dict[int, datetime]:
    if not patient_ids:
        return {}
    rows = session.execute(
        select(Message.patient_id, func.max(Message.created_at))
        .where(Message.patient_id.in_(patient_ids), Message.direction == INBOUND)
        .group_by(Message.patient_id)
    )
    return dict(rows.all())  # max() keeps the column's type: aware UTC datetimes


@dataclass(frozen=True)
class OpenFlags:
    count: int
    urgent: int


def open_flags(session: Session, patient_ids: list[int]) -> dict[int, OpenFlags]:
    if not patient_ids:
        return {}
    rows = session.execute(
        select(Flag.patient_id, func.count(), func.sum(case((Flag.level == URGENT, 1), else_=0)))
        .where(Flag.patient_id.in_(patient_ids), Flag.state != FLAG_RESOLVED)
        .group_by(Flag.patient_id)
    )
    return {pid: OpenFlags(n, urgent or 0) for pid, n, urgent in rows}
