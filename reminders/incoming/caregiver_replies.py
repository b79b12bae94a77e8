"""Texts from a caregiver's phone: YES (their double opt-in), STOP (theirs only), START, HELP.

A caregiver's number may be on file for more than one patient: their answer applies to
each. Anything else they write lands in the coordinators' queue for each patient, and
gets a neutral answer (none after their STOP), so nothing they send is lost.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Row, bindparam, select, update

from reminders.content import answers
from reminders.core.config import Config
from reminders.core.caregivers import ACTIVE, INVITED, STOPPED, Caregiver
from reminders.core.models import ROUTINE, Message
from reminders.incoming.conversation import Answer
from reminders.incoming.parser import parse_reply
from reminders.outgoing import caregivers as caregiver_texts
from reminders.records.flags import raise_flag


# Asked of every text from a number no patient has: a statement built once, a plain row.
_IS_CAREGIVER = select(Caregiver.__table__.c.id).where(Caregiver.__table__.c.phone == bindparam("phone")).limit(1)


def caregivers_at(session, phone: str | None) -> list[Caregiver]:
    """Every caregiver on file with this number (none: the sender is not a caregiver)."""
    if not phone or session.execute(_IS_CAREGIVER, {"phone": phone}).first() is None:
        return []
    return session.scalars(select(Caregiver).where(Caregiver.phone == phone).order_by(Caregiver.id)).all()


def answer(session, message: Row, now: datetime, config: Config) -> Answer | None:
    """The answer to a text from a number no patient has, if it is a caregiver's (None: it is not)."""
    carers = caregivers_at(session, message.from_number)
    if not carers:
        return None
    intents = parse_reply(message.body or "")
    text, capped = respond(session, message, carers, [i.kind for i in intents], now, config)
    return Answer(answers.finish(text, discreet=False), capped=capped, kinds=tuple(i.kind for i in intents))


def respond(session, message: Row, carers: list[Caregiver], kinds: list[str], now: datetime,
            names) -> tuple[str | None, bool]:
    """What the caregiver's text does, and the answer: (text or None, counts against the cap)."""
    session.execute(update(Message).where(Message.id == message.id).values(caregiver_id=carers[0].id))
    if "opt_out" in kinds:
        live = [c for c in carers if c.state != STOPPED]
        if not live:
            return None, False  # one confirmation, then silence
        caregiver_texts.stop(session, live, now)
        return _say(live, "cg_stopped", names), False
    if "opt_in" in kinds or "affirm" in kinds:
        wanted = (INVITED, STOPPED) if "opt_in" in kinds else (INVITED,)
        joining = [c for c in carers if c.state in wanted]
        for caregiver in joining:
            caregiver.state, caregiver.state_at = ACTIVE, now
        if joining or all(c.state == ACTIVE for c in carers):
            return _say(joining or carers, "cg_confirmed", names), True
    if "help" in kinds:
        return _say(carers, "cg_help", names), True
    for caregiver in carers:
        raise_flag(session, caregiver.patient_id, "caregiver_reply", ROUTINE,
                   f"a text from caregiver {caregiver.name}: please read it", now, message.id)
    if all(c.state == STOPPED for c in carers):
        return None, True
    return _say(carers, "cg_other", names), True


def _say(carers: list[Caregiver], key: str, names) -> str:
    """One answer for all the patients this number cares for, in the first one's language."""
    if len(carers) == 1:
        return caregiver_texts.words(carers[0], key, names)
    joined = " & ".join(caregiver_texts.first_name(c.patient) for c in carers)
    program = names.program_for(any(c.patient.discreet for c in carers))
    return answers.say(key, carers[0].lang, program=program, patient=joined)
