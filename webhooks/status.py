"""POST /webhooks/twilio/status: delivery status callbacks.

Callbacks can be missing, repeated or out of order, and none comes for the
first status. Every one is kept as an event; a message's status only moves
forward (a late "sent" never overwrites "delivered").
"""

from __future__ import annotations

import logging

from flask import Blueprint, request
from sqlalchemy import select

from reminders.app import db
from reminders.db import utcnow
from reminders.models import ROUTINE, Message, MessageEvent
from reminders.scheduling import raise_flag
from webhooks.signature import require_signature

log = logging.getLogger(__name__)

bp = Blueprint("webhooks_status", __name__, url_prefix="/webhooks/twilio")

RANK = {
    "pending": 0, "accepted": 1, "scheduled": 1, "queued": 2, "sending": 3, "sent": 4,
    "delivered": 5, "undelivered": 5, "failed": 5, "read": 6,
}


# Delivery errors that mean the number itself is wrong: unknown handset, landline.
UNREACHABLE = {30005, 30006}


def moves_forward(current: str, new: str) -> bool:
    return RANK.get(new, -1) > RANK.get(current, -1)


@bp.post("/status")
@require_signature
def status():
    sid = request.form.get("MessageSid", "")
    new = (request.form.get("MessageStatus") or request.form.get("SmsStatus") or "").lower()
    # Twilio's SIDs are 34 characters; the columns hold 64, and PostgreSQL refuses NUL in text.
    if not sid or len(sid) > 64 or "\x00" in sid or new not in RANK:
        return ("", 400)
    error_code = _int(request.form.get("ErrorCode"))
    session = db()
    message = session.scalar(select(Message).where(Message.twilio_sid == sid).with_for_update())
    session.add(
        MessageEvent(message_id=message.id if message else None, twilio_sid=sid,
                     status=new, error_code=error_code, at=utcnow())
    )
    if message is None:
        log.info("status %s for unknown message sid %s", new, sid)
    elif moves_forward(message.status, new):
        message.status = new
        if error_code is not None:
            message.error_code = error_code
    if message is not None and error_code in UNREACHABLE and message.patient_id:
        raise_flag(session, message.patient_id, "invalid_number", ROUTINE,
                   f"delivery error {error_code}: the number cannot receive texts", utcnow(), message.id)
    session.commit()
    return ("", 200)


def _int(value: str | None) -> int | None:
    try:
        number = int(value) if value else None
    except ValueError:
        return None
    # Twilio's codes have five digits: one that doesn't fit the INTEGER column is no code of theirs.
    return number if number is None or -2**31 <= number < 2**31 else None
