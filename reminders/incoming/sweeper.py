"""The sweep: inbound texts stored but never interpreted, because the web worker that stored
them died before it could (killed, out of memory, a deploy). Run by the clock's tick.

Each stuck text is interpreted with the same claim as the webhook's (received -> handled, in
the transaction that writes its records), so a text is interpreted exactly once even if its
own worker is only slow and finishes first. Its answer goes out through the outbox. A text
that makes the interpreter fail is tried MAX_TRIES times, then left to the coordinators'
"unprocessed" flag.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select, update

from reminders.core import logs
from reminders.core.models import INBOUND, RECEIVED, ROUTINE, Message
from reminders.core.runtime import Runtime
from reminders.incoming.inbound import interpret
from reminders.records.flags import raise_flag

log = logging.getLogger(__name__)

BATCH = 100
MAX_TRIES = 3

MESSAGES = Message.__table__
_STUCK = (
    select(MESSAGES.c.id, MESSAGES.c.patient_id, MESSAGES.c.from_number)
    .where(MESSAGES.c.direction == INBOUND, MESSAGES.c.status == RECEIVED,
           MESSAGES.c.attempts < MAX_TRIES)
    .order_by(MESSAGES.c.created_at)
    .limit(BATCH)
)


def sweep_stuck(rt: Runtime, now: datetime) -> int:
    """Interpret the texts received more than INBOUND_SWEEP_SECONDS ago and not yet; how many."""
    cutoff = now - timedelta(seconds=rt.config.sweep_after_seconds)
    with rt.engine.connect() as connection:
        with connection.begin():
            stuck = connection.execute(_STUCK.where(MESSAGES.c.created_at < cutoff)).all()
        for row in stuck:
            with connection.begin():  # counted before trying: a text that kills the sweep too ends
                connection.execute(update(MESSAGES).where(MESSAGES.c.id == row.id)
                                   .values(attempts=MESSAGES.c.attempts + 1))
            try:
                interpret(rt, connection, row, now, late=True)
                logs.event(log, "swept", logging.WARNING, message=row.id)
            except Exception:
                log.exception("sweep_failed", extra={"fields": {"message": row.id}})
                with rt.session() as session:
                    raise_flag(session, row.patient_id, "unprocessed", ROUTINE,
                               "the bot failed on this reply: please read it", now, row.id)
    return len(stuck)
