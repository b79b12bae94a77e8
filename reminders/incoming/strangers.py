"""Texts from numbers no patient has. It may be a patient's new phone, so each text is triaged like
a patient's (a red flag is an urgent flag and gets the safety answer) and listed for a coordinator,
one case per number; the answer is neutral and kind, and says nothing about what the program is.
STOP is confirmed once and honoured: that number gets no more answers until START.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Row, delete

from reminders.content import answers
from reminders.core.models import ROUTINE, OptedOutNumber
from reminders.incoming import safety
from reminders.records.flags import raise_flag


def respond(session, message: Row, intents, now: datetime) -> tuple[str | None, bool]:
    """The answer to a stranger's text (None: silence) and whether it counts against the hourly cap."""
    number = message.from_number or ""
    kinds = {intent.kind for intent in intents}
    stopped = session.get(OptedOutNumber, number) if number else None
    if "opt_out" in kinds:
        if stopped is not None:
            return None, False  # one confirmation, then silence
        session.add(OptedOutNumber(phone=number, at=now, message_id=message.id))
        return answers.to_stranger("stranger_stopped"), False
    if "opt_in" in kinds and stopped is not None:
        session.execute(delete(OptedOutNumber).where(OptedOutNumber.phone == number))
        stopped = None
    red = safety.assess(message.body or "", safety.symptoms_of(intents))
    if red is not None:
        raise_flag(session, None, "red_flag", red.level, red.reason, now, message.id, phone=number)
    else:
        raise_flag(session, None, "unknown_sender", ROUTINE, "a text from a number no patient has", now,
                   message.id, phone=number)
    if stopped is not None:
        return None, False  # kept and listed, never answered
    if red is not None and red.urgent:
        return answers.to_stranger("stranger_red_flag"), False
    return answers.to_stranger("stranger"), True
