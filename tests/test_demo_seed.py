"""The demo's seeded history is history: nothing in it waits to be interpreted and answered."""

from sqlalchemy import select

from reminders.core.models import INBOUND, RECEIVED, Message
from reminders.services import demo


def test_seeded_replies_are_already_handled_so_the_sweeper_answers_none_of_them(rt, config):
    with rt.session() as session:
        assert demo.seed(session, config)
    with rt.session() as session:
        inbound = session.scalars(select(Message.status).where(Message.direction == INBOUND)).all()
    assert inbound and RECEIVED not in inbound  # a received one would be swept up and answered today
