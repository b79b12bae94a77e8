"""Delivery statuses: their order, and callbacks that come before their text is recorded.

Twilio can call back within moments of a send, while the outbox is still
sending the rest of its batch and has not yet stored the text's sid. The status
webhook keeps such an event with no message; the clock's next tick hands those
events to their messages here, so no status is lost.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from reminders.core.models import ROUTINE, Message, MessageEvent
from reminders.core.runtime import Runtime
from reminders.records.flags import raise_flag

RANK = {
    "pending": 0, "accepted": 1, "scheduled": 1, "queued": 2, "sending": 3, "sent": 4,
    "delivered": 5, "undelivered": 5, "failed": 5, "read": 6,
}

# Delivery errors that mean the number itself is wrong: unknown handset, landline.
UNREACHABLE = {30005, 30006}


def moves_forward(current: str, new: str) -> bool:
    return RANK.get(new, -1) > RANK.get(current, -1)


def apply_status(session, message: Message, status: str, error_code: int | None, now: datetime) -> None:
    """Move `message` to `status` if that is forward; flag a number that cannot get texts."""
    if moves_forward(message.status, status):
        message.status = status
        if error_code is not None:
            message.error_code = error_code
    if error_code in UNREACHABLE and message.patient_id:
        raise_flag(session, message.patient_id, "invalid_number", ROUTINE,
                   f"delivery error {error_code}: the number cannot receive texts", now, message.id)


def attach_early_events(rt: Runtime) -> int:
    """Events kept with no message whose sid a message now has: given to it, in order.

    Run each tick, so a status that came early lands within a tick. Events for
    sids we never sent stay as they are (there should be few).
    """
    with rt.session() as session:
        rows = session.execute(
            select(MessageEvent, Message)
            .join(Message, Message.twilio_sid == MessageEvent.twilio_sid)
            .where(MessageEvent.message_id.is_(None))
            .order_by(MessageEvent.id)
            .with_for_update(of=Message)  # the status webhook may be moving the same message
        ).all()
        for event, message in rows:
            event.message_id = message.id
            apply_status(session, message, event.status, event.error_code, event.at)
        return len(rows)
