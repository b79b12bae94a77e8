"""Flags: what needs a coordinator's eye, one open flag per patient and reason."""

from __future__ import annotations

from sqlalchemy import select

from reminders.core.models import FLAG_RESOLVED, Flag


def raise_flag(session, patient_id, reason, level, detail, now, message_id=None) -> Flag | None:
    """One open flag per patient and reason: a coordinator needs one nudge, not ten."""
    existing = session.scalar(
        select(Flag.id).where(
            Flag.patient_id == patient_id, Flag.reason == reason, Flag.state != FLAG_RESOLVED
        )
    )
    if existing is not None:
        return None
    flag = Flag(
        patient_id=patient_id, reason=reason, level=level, detail=detail,
        created_at=now, message_id=message_id,
    )
    session.add(flag)
    return flag
