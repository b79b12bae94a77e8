"""POST /webhooks/twilio/status: delivery status callbacks.

Callbacks can be missing, repeated or out of order, and none comes for the
first status. Every one is kept as an event; a message's status only moves
forward (a late "sent" never overwrites "delivered").
"""

from __future__ import annotations

import logging

from flask import Blueprint, request
from sqlalchemy import select

from reminders.core.db import utcnow
from reminders.core.models import Message, MessageEvent
from reminders.outgoing.delivery import RANK, apply_status
from reminders.web.context import db
from webhooks.signature import require_signature

log = logging.getLogger(__name__)

bp = Blueprint("webhooks_status", __name__, url_prefix="/webhooks/twilio")


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
    # The URL's ?m= names the outbox row (the signature covers it): kept while the sid is
    # unknown, so a retry of an ambiguous send can tell that this text is its own.
    ref = None if message else _int(request.args.get("m"))
    session.add(
        MessageEvent(message_id=message.id if message else None, twilio_sid=sid,
                     status=new, error_code=error_code, at=utcnow(), ref=ref)
    )
    if message is None:
        # Kept: the outbox may not have recorded this text's sid yet (reminders/outgoing/delivery.py).
        log.info("status %s for unknown message sid %s", new, sid)
    else:
        apply_status(session, message, new, error_code, utcnow())
    session.commit()
    return ("", 200)


def _int(value: str | None) -> int | None:
    try:
        number = int(value) if value else None
    except ValueError:
        return None
    # Twilio's codes have five digits: one that doesn't fit the INTEGER column is no code of theirs.
    return number if number is None or -2**31 <= number < 2**31 else None
