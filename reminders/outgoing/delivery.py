"""Delivery statuses: their order, and callbacks that come before their text is recorded.

Twilio can call back within moments of a send, while the outbox is still
sending the rest of its batch and has not yet stored the text's sid. The status
webhook keeps such an event with no message; the clock's next tick hands those
events to their messages here, so no status is lost. An event whose message never
turns up (a sid we did not send) is looked for for a day, then logged and left out of
the re-check, so the tick's cost does not grow with every stray callback ever received.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import case, select, update

from reminders.core import logs
from reminders.core.db import utcnow
from reminders.core.models import ROUTINE, Message, MessageEvent
from reminders.core.runtime import Runtime
from reminders.records.flags import raise_flag

log = logging.getLogger(__name__)

RANK = {
    "pending": 0, "accepted": 1, "scheduled": 1, "queued": 2, "sending": 3, "sent": 4,
    "delivered": 5, "undelivered": 5, "failed": 5, "read": 6,
}

# Delivery errors that mean the number itself is wrong: unknown handset, landline.
UNREACHABLE = {30005, 30006}

# How long an event with no message is looked for: a batch records its sids within seconds.
RECHECK_FOR = timedelta(days=1)


# A message's status as its rank, inside the UPDATE that moves it.
_RANK_OF_STATUS = case(RANK, value=Message.status, else_=-1)


def apply_status(session, message: Message, status: str, error_code: int | None, now: datetime) -> None:
    """Move `message` to `status` if that is forward; flag a number that cannot get texts.

    One conditional UPDATE, the rank compared with the row as it is when written: the status
    webhook and the clock (handing early events to their message) can move one message at
    once, each from what it read, and on SQLite (no FOR UPDATE) the later write used to undo
    the other's ("delivered" back to "sent").
    """
    values = {"status": status, **({"error_code": error_code} if error_code is not None else {})}
    session.execute(
        update(Message).where(Message.id == message.id, _RANK_OF_STATUS < RANK.get(status, -1))
        .values(**values).execution_options(synchronize_session=False)
    )
    session.expire(message, ["status", "error_code"])
    if error_code in UNREACHABLE and message.patient_id:
        raise_flag(session, message.patient_id, "invalid_number", ROUTINE,
                   f"delivery error {error_code}: the number cannot receive texts", now, message.id)


def attach_early_events(rt: Runtime, now: datetime | None = None) -> int:
    """Events kept with no message whose sid a message now has: given to it, in order.

    Run each tick, so a status that came early lands within a tick. Events still without a
    message a day after they came are given up on (`give_up_unmatched`).
    """
    now = now or utcnow()
    with rt.session() as session:
        rows = session.execute(
            select(MessageEvent, Message)
            .join(Message, Message.twilio_sid == MessageEvent.twilio_sid)
            .where(MessageEvent.message_id.is_(None), MessageEvent.unmatched_at.is_(None))
            .order_by(MessageEvent.id)
            .with_for_update(of=Message)  # the status webhook may be moving the same message
        ).all()
        for event, message in rows:
            event.message_id = message.id
            apply_status(session, message, event.status, event.error_code, event.at)
    give_up_unmatched(rt, now)
    return len(rows)


def give_up_unmatched(rt: Runtime, now: datetime) -> int:
    """Events older than RECHECK_FOR that found no message leave the re-check: each is logged
    once, and its row stays, marked with when it was given up on."""
    with rt.session() as session:
        given_up = session.execute(
            update(MessageEvent)
            .where(MessageEvent.message_id.is_(None), MessageEvent.unmatched_at.is_(None),
                   MessageEvent.at < now - RECHECK_FOR)
            .values(unmatched_at=now)
            .returning(MessageEvent.id, MessageEvent.twilio_sid, MessageEvent.status, MessageEvent.at)
            .execution_options(synchronize_session=False)
        ).all()
    for event_id, sid, status, at in given_up:
        logs.event(log, "status_for_unknown_text", logging.WARNING, event_id=event_id, sid=sid,
                   status=status, received=f"{at:%Y-%m-%dT%H:%M:%SZ}",
                   detail="no text of ours has this sid after a day; no longer looked for")
    return len(given_up)
