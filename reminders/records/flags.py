"""Flags: what needs a coordinator's eye, as cases.

One case per patient (or unknown number) and reason collects every text that bears on it, so
nothing is folded out of sight. A new text re-opens an acknowledged case and moves it to the top
of the queue; a more pressing one raises its level; an urgent one notifies the on-call contact
again (the clock's alert step, reminders/outgoing/alerts.py, sends the notifications).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from reminders.core.cases import (
    ACKNOWLEDGED,
    RAISED,
    REOPENED,
    RESOLVED,
    SENDING,
    TEXT,
    WITHDRAWN,
    FlagEvent,
    Notification,
)
from reminders.core.models import (
    CANCELLED,
    FLAG_ACKNOWLEDGED,
    FLAG_LEVELS,
    FLAG_OPEN,
    FLAG_RESOLVED,
    PENDING,
    URGENT,
    Flag,
    Message,
)


def rank(level: str) -> int:
    """0 for the most pressing level."""
    return FLAG_LEVELS.index(level)


def raise_flag(session, patient_id, reason, level, detail, now, message_id=None, *,
               phone: str | None = None) -> Flag:
    """The case this finding belongs to, created or brought back to attention.

    `phone` names the sender when there is no patient (an unknown number): each number is a
    case of its own.
    """
    flag = _open_case(session, patient_id, phone, reason)
    if flag is None:
        flag = Flag(patient_id=patient_id, phone=None if patient_id else phone, reason=reason,
                    level=level, detail=detail, created_at=now, raised_at=now, message_id=message_id)
        session.add(flag)
        session.add(FlagEvent(flag=flag, at=now, kind=RAISED, level=level, detail=detail,
                              message_id=message_id))
        if level == URGENT:
            flag.notify_at, flag.notify_round = now, 0
        return flag
    louder = rank(level) < rank(flag.level)
    if rank(level) <= rank(flag.level):
        flag.level, flag.detail = level, detail
    session.add(FlagEvent(flag=flag, at=now, kind=TEXT, level=level, detail=detail, message_id=message_id))
    if message_id is None and not louder:
        return flag  # the same finding again (another missed dose): on the record, no new alarm
    flag.raised_at = now
    if flag.state == FLAG_ACKNOWLEDGED:
        flag.state, flag.acknowledged_at, flag.acknowledged_by = FLAG_OPEN, None, None
        session.add(FlagEvent(flag=flag, at=now, kind=REOPENED, level=flag.level))
    if level == URGENT:
        flag.notify_at, flag.notify_round = now, 0  # tell the on-call contact again, at once
    return flag


def _open_case(session, patient_id, phone, reason) -> Flag | None:
    who = Flag.patient_id == patient_id if patient_id else (Flag.patient_id.is_(None) & (Flag.phone == phone))
    return session.scalar(
        select(Flag).where(who, Flag.reason == reason, Flag.state != FLAG_RESOLVED)
        .order_by(Flag.id.desc()).limit(1)
    )


def acknowledge(session, flag: Flag, actor: str, now: datetime) -> bool:
    """Someone is on it: notifications stop (texts and e-mails not yet sent are withdrawn)."""
    if flag.state != FLAG_OPEN:
        return False
    flag.state, flag.acknowledged_at, flag.acknowledged_by = FLAG_ACKNOWLEDGED, now, actor
    _stop_notifying(session, flag)
    session.add(FlagEvent(flag=flag, at=now, kind=ACKNOWLEDGED, actor=actor))
    return True


def resolve(session, flag: Flag, actor: str, note: str, now: datetime) -> bool:
    if flag.state == FLAG_RESOLVED:
        return False
    flag.state, flag.resolved_at, flag.resolved_by, flag.note = FLAG_RESOLVED, now, actor, note
    flag.acknowledged_at = flag.acknowledged_at or now
    _stop_notifying(session, flag)
    session.add(FlagEvent(flag=flag, at=now, kind=RESOLVED, actor=actor, detail=note))
    return True


def _stop_notifying(session, flag: Flag) -> None:
    flag.notify_at = None
    session.execute(
        update(Message)
        .where(Message.id.in_(select(Notification.message_id).where(Notification.flag_id == flag.id)),
               Message.status == PENDING)
        .values(status=CANCELLED, lease_until=None)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Notification)
        .where(Notification.flag_id == flag.id, Notification.status == SENDING)
        .values(status=WITHDRAWN)
        .execution_options(synchronize_session=False)
    )
