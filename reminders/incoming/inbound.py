"""Inbound texts: stored first, de-duplicated on MessageSid, then interpreted once.

Storing is one statement, committed at once before anything else can fail, so a
reply is never lost to a bug further on. Interpreting claims the stored row
with a conditional UPDATE (received -> handled) in the same transaction as the
records it writes: a duplicate delivery racing the first one either waits for
it and returns its answer, or finds it done. Either way nothing is logged twice.
It first locks the patient's row, so that texts from one patient that arrive
together are interpreted one after the other, each seeing what the last did
(tests/test_reply_races.py).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Connection, Row, and_, bindparam, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from reminders.core import logs
from reminders.core.models import (
    HANDLED,
    INBOUND,
    OUTBOUND,
    RECEIVED,
    ROUTINE,
    Message,
    Patient,
)
from reminders.core.phones import masked
from reminders.core.runtime import Runtime
from reminders.incoming import caregiver_replies, conversation
from reminders.outgoing.queue import queue_text
from reminders.records.flags import raise_flag

log = logging.getLogger(__name__)

ANSWER = "answer"  # the purpose of an automatic reply (sent back as TwiML)

# Every inbound text takes this path: it reads and writes the messages table with
# statements built once (Core), not through the ORM's unit of work, which cost
# more CPU than the queries themselves (docs/benchmarks.md, inbound webhook).
MESSAGES = Message.__table__

# PostgreSQL text cannot hold NUL. Twilio never sends one (GSM-7's 0x00 is "@"),
# but a text must never be lost to it, so the stored body escapes it reversibly:
# U+2400 (the visible "symbol for null") is the escape character, U+2400 "0"
# stands for NUL and U+2400 U+2400 for U+2400 itself. Other text is stored as sent.
NUL_ESCAPE = "\u2400"
_ESCAPED = re.compile("\u2400([\u24000])")


def storable(body: str) -> str:
    """A text's body as stored: NUL escaped (see `original`), anything else unchanged."""
    return body.replace(NUL_ESCAPE, NUL_ESCAPE * 2).replace("\x00", NUL_ESCAPE + "0")


def original(stored: str) -> str:
    """The body exactly as the patient sent it, from what `storable` stored."""
    return _ESCAPED.sub(lambda m: "\x00" if m[1] == "0" else NUL_ESCAPE, stored)


@dataclass(frozen=True)
class Inbound:
    sid: str
    sender: str
    recipient: str
    body: str
    media_urls: list[str] = field(default_factory=list)


def receive(rt: Runtime, text: Inbound, now: datetime) -> str | None:
    """Store, then interpret; the answer to send back, or None for silence."""
    # One pooled connection (one liveness check) serves both transactions.
    with rt.engine.connect() as connection:
        stored = store(connection, text, now)
        try:
            return interpret(rt, connection, stored, now)
        except Exception:
            # Stored and safe; a coordinator sees it. The patient gets no answer
            # rather than a wrong one.
            log.exception("interpret_failed", extra={"fields": {"message": stored.id}})
    with rt.session() as session:
        raise_flag(session, stored.patient_id, "unprocessed", ROUTINE,
                   "the bot failed on this reply: please read it", now, stored.id, phone=stored.from_number)
    return None


# What `store` returns of a text, whether it stored it now or a delivery before did.
_STORED = (MESSAGES.c.id, MESSAGES.c.patient_id, MESSAGES.c.from_number)


def _store_statement(dialect_insert):
    """One statement: the sender matched to a patient inside the INSERT, and a MessageSid stored
    before refused by its unique index (nothing returned) instead of raising."""
    return dialect_insert(MESSAGES).values(
        patient_id=select(Patient.id).where(Patient.phone == bindparam("sender")).scalar_subquery(),
        from_number=bindparam("sender"),
    ).on_conflict_do_nothing(index_elements=[MESSAGES.c.twilio_sid]).returning(*_STORED)


_STORE = {"postgresql": _store_statement(postgresql.insert), "sqlite": _store_statement(sqlite.insert)}
_STORED_BEFORE = select(*_STORED).where(MESSAGES.c.twilio_sid == bindparam("sid"))


def store(connection: Connection, text: Inbound, now: datetime) -> Row:
    """The text, committed: its row's id, patient_id and from_number. A MessageSid stored
    before keeps its first row."""
    # One statement in autocommit: stored and durable in a single round trip (no BEGIN, no
    # COMMIT sent; the begin() below only closes SQLAlchemy's own bookkeeping), before anything
    # else runs.
    default = connection.default_isolation_level
    connection.execution_options(isolation_level="AUTOCOMMIT")
    try:
        with connection.begin():
            stored = connection.execute(_STORE[connection.dialect.name], {
                "sender": text.sender, "direction": INBOUND, "purpose": "reply",
                "body": storable(text.body), "to_number": text.recipient, "twilio_sid": text.sid,
                "status": RECEIVED, "media_urls": text.media_urls or None, "created_at": now,
            }).one_or_none()
            if stored is None:
                # The same MessageSid, stored by an earlier or a parallel delivery (committed: a
                # parallel insert of it is waited for by the unique index).
                stored = connection.execute(_STORED_BEFORE, {"sid": text.sid}).one()
    finally:
        connection.execution_options(isolation_level=default)
    logs.event(log, "received", message=stored.id, sid=text.sid, sender=masked(text.sender),
               media=len(text.media_urls) or None)
    return stored


# Automatic answers sent to a number in the last hour: the guard against reply loops.
CAP_WINDOW = timedelta(hours=1)  # the answer cap counts the answers of the last hour


def counted_answers(table, number, since):
    """The rows the hourly answer cap counts: automatic answers to `number` after `since`."""
    return and_(table.c.purpose == ANSWER, table.c.to_number == number, table.c.created_at > since)


_EARLIER = MESSAGES.alias("earlier")
_ANSWERS_LAST_HOUR = select(func.count()).select_from(_EARLIER).where(
    counted_answers(_EARLIER, bindparam("number"), bindparam("since"))
).scalar_subquery()

# Claiming the row (received -> handled) also reads what interpreting needs: the text's
# columns and its number's answers this hour. One statement, built once, a plain row
# (nothing changes the stored text itself).
_CLAIM = (
    update(MESSAGES)
    .where(MESSAGES.c.id == bindparam("message_id"), MESSAGES.c.status == RECEIVED)
    .values(status=HANDLED)
    .returning(MESSAGES.c.id, MESSAGES.c.patient_id, MESSAGES.c.body, MESSAGES.c.from_number,
               MESSAGES.c.to_number, MESSAGES.c.twilio_sid, _ANSWERS_LAST_HOUR.label("answers_last_hour"))
)


# The patient, loaded and locked (SELECT .. FOR UPDATE) by a statement built once.
_LOCK_PATIENT = select(Patient).where(Patient.id == bindparam("patient_id")).with_for_update()


def interpret(rt: Runtime, connection: Connection, stored: Row, now: datetime,
              late: bool = False) -> str | None:
    """Interpret a stored text once; the answer to send back as TwiML. `late`: the text's own
    request is gone (the sweeper), so the answer goes through the outbox instead."""
    with rt.sessions(bind=connection) as session, session.begin():
        # The session's transaction, begun on `connection` now: the Core statements below run on
        # it directly (no ORM bookkeeping), and the session commits them with its own writes.
        # (Begun by a Core statement first, the session would only join it, and nothing would
        # commit: tests/test_sms_webhook.py, a stranger's text.)
        session.connection()
        # One patient's texts are interpreted one at a time, the lock taken before the claim:
        # two that arrive together must not both snooze, close or flag what only one of them
        # should, nor both count the same answers under the hourly cap.
        patient = (session.execute(_LOCK_PATIENT, {"patient_id": stored.patient_id}).scalar_one()
                   if stored.patient_id is not None else None)
        message = connection.execute(_CLAIM, {"message_id": stored.id, "number": stored.from_number,
                                              "since": now - CAP_WINDOW}).one_or_none()
        if message is None:
            return stored_answer(session, stored.id)
        # A caregiver's number goes to the caregiver logic, ahead of the unknown-number triage. A
        # patient's own number is always theirs (services/caregivers.py refuses it as a caregiver's).
        answer = ((caregiver_replies.answer(session, message, now, rt.config) if patient is None else None)
                  or conversation.respond(session, message, patient, now, rt.config))
        if late:
            text = _queue_answer(session, message, patient, answer, rt.config.auto_replies_per_hour, now)
        else:
            text = _record_answer(connection, message, answer, rt.config.auto_replies_per_hour, now)
        logs.event(log, "reply_handled", message=message.id, sid=message.twilio_sid,
                   intents=",".join(answer.kinds) or None, answered=text is not None)
        return text


def stored_answer(session, message_id: int) -> str | None:
    """What the first delivery of this text was answered (None: it was not)."""
    return session.scalar(
        select(Message.body).where(Message.in_reply_to_id == message_id, Message.purpose == ANSWER)
    )


def _answerable(message: Row, answer, per_hour: int) -> bool:
    if not answer.text:
        return False
    if answer.capped and message.answers_last_hour >= per_hour:
        logs.event(log, "answer_capped", logging.WARNING, message=message.id,
                   sender=masked(message.from_number or ""))
        return False
    return True


def _queue_answer(session, message: Row, patient, answer, per_hour: int, now: datetime) -> str | None:
    """A late answer, sent by the outbox like any text (consent, quiet hours): a stranger gets none."""
    if patient is None or not _answerable(message, answer, per_hour):
        return None
    queued = queue_text(session, patient, ANSWER, answer.text, now, tip_id=answer.tip_id)
    queued.in_reply_to_id = message.id
    return answer.text


_ANSWER = insert(MESSAGES)


def _record_answer(connection: Connection, message: Row, answer, per_hour: int, now: datetime) -> str | None:
    """The TwiML answer, written in the reply's transaction (the session flushes its own at commit)."""
    if not _answerable(message, answer, per_hour):
        return None
    connection.execute(_ANSWER, {
        "patient_id": message.patient_id, "direction": OUTBOUND, "purpose": ANSWER, "body": answer.text,
        "to_number": message.from_number, "from_number": message.to_number, "status": "sent",
        "in_reply_to_id": message.id, "tip_id": answer.tip_id, "created_at": now, "sent_at": now,
        "send_after": now,  # sent at once, as the webhook's TwiML
    })
    return answer.text
