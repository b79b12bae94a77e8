"""One person's texts arrive in the order they were queued, though sends run on several threads."""

import threading
from datetime import timedelta

from sqlalchemy import select

from reminders.core.models import Patient
from reminders.outgoing.outbox import Outbox
from reminders.outgoing.queue import queue_text
from reminders.outgoing.transports import Sent
from tests.scheduling_helpers import at, enrol

NOW = at("2027-03-10T12:00", "America/New_York")


class SlowFirstText:
    """The first text is slow on the wire: it finishes only once another send starts, or after 1 s.

    A sender that lets a second text to the same person start meanwhile
    delivers the two in the wrong order.
    """

    name = "slow-first"

    def __init__(self):
        self.delivered: list[tuple[str, str]] = []
        self.another_started = threading.Event()
        self.lock = threading.Lock()
        self.calls = 0

    def send(self, to: str, body: str, ref: int | None = None) -> Sent:
        with self.lock:
            self.calls += 1
            number = self.calls
        first = number == 1
        if first:
            self.another_started.wait(timeout=1)
        else:
            self.another_started.set()
        with self.lock:
            self.delivered.append((to, body))
        return Sent(sid=f"SM{number:032d}", status="sent")


def test_two_texts_to_one_person_in_one_batch_arrive_in_the_order_queued(rt):
    enrol(rt, phone="+16175550101")
    with rt.session() as session:
        patient = session.scalar(select(Patient))
        queue_text(session, patient, "coordinator", "First: your visit moved to Friday.", NOW - timedelta(minutes=2))
        queue_text(session, patient, "coordinator", "Second: bring your lab slip.", NOW - timedelta(minutes=1))
    transport = SlowFirstText()
    assert Outbox(rt, transport, threads=4).send_due(lambda: NOW) == 2
    assert [body for _, body in transport.delivered] == [
        "First: your visit moved to Friday.", "Second: bring your lab slip."]


def test_texts_to_different_people_still_go_out_side_by_side(rt):
    enrol(rt, phone="+16175550101")
    enrol(rt, phone="+16175550102")
    with rt.session() as session:
        for patient in session.scalars(select(Patient).order_by(Patient.id)):
            queue_text(session, patient, "coordinator", f"Hello {patient.phone}", NOW - timedelta(minutes=1))
    transport = SlowFirstText()
    assert Outbox(rt, transport, threads=4).send_due(lambda: NOW) == 2
    # The second person's text did not wait behind the first person's slow one.
    assert transport.delivered[0][0] == "+16175550102"
