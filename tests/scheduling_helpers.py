"""Shared set-up for the clock tests: a patient, a plan, a tick at a given instant."""

from __future__ import annotations

import io
import threading
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import select

from reminders.core.models import Message, Occurrence
from reminders.outgoing import clock
from reminders.outgoing.transports import ConsoleTransport
from reminders.services import enrolment


def at(text: str, tz: str = "UTC") -> datetime:
    """'2027-03-14T08:00' in zone `tz`, as an aware UTC instant."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(tz)).astimezone(timezone.utc)


class Phone:
    """The console transport, writing to a buffer: what patients' phones received."""

    def __init__(self):
        self.buffer = io.StringIO()
        self.transport = ConsoleTransport(self.buffer)

    @property
    def texts(self) -> list[str]:
        """One entry per text: its first line (continuation lines are indented)."""
        return [line for line in self.buffer.getvalue().splitlines() if line.startswith("[sms to ")]


def enrol(rt, phone="+16175550101", tz="America/New_York", rrule="FREQ=DAILY",
          start="2027-03-10T08:00", kind="supplement", now=None, quiet="21:00-08:00", label=None):
    with rt.session() as session:
        # The welcome text has tests of its own; here it would only add noise.
        patient = enrolment.add_patient(session, phone=phone, name="Pat", tz=tz, quiet=quiet,
                                        welcome=False)
        plan = enrolment.add_plan(session, patient, kind=kind, rrule=rrule, start=start,
                                  label=label, now=now or at("2027-03-01T00:00"))
        return patient.id, plan.id


def tick(rt, phone: Phone, now: datetime):
    return clock.tick(rt, phone.transport, now=now)


def messages(rt, **where):
    with rt.session() as session:
        query = select(Message).order_by(Message.id)
        for key, value in where.items():
            query = query.where(getattr(Message, key) == value)
        return session.scalars(query).all()


def occurrences(rt):
    with rt.session() as session:
        return session.scalars(select(Occurrence).order_by(Occurrence.due_at)).all()


def without_hanging(call, seconds: float = 60):
    """`call()`'s result; a failure, not a hung test run, if it is still running after
    `seconds` (what INTERVAL=0 did to the tick and to the web worker before it was refused)."""
    box = {}
    worker = threading.Thread(target=lambda: box.update(result=call()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still running after {seconds}s"
    return box["result"]
