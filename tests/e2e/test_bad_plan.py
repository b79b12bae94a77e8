"""A rule written straight into the database, past every check, through the real clock process:
it is turned off and flagged, and the clock goes on texting everyone else.

Before, FREQ=DAILY;INTERVAL=0 held the clock's tick for good: nobody got a reminder after it.
"""

from sqlalchemy import select

from reminders.core.db import utcnow
from reminders.core.models import Flag, Heartbeat, Patient, Plan
from tests.e2e.stack import seed_due_plans, wait_until


def heartbeat(rt):
    with rt.session() as session:
        return session.scalar(select(Heartbeat.at).where(Heartbeat.name == "clock"))


def test_the_clock_turns_off_a_plan_that_hangs_dateutil_and_texts_the_rest(stack, rt):
    twilio = stack.start_twilio()
    now = utcnow()
    bad_phone, *phones = seed_due_plans(rt, 4, now)
    with rt.session() as session:
        plan = session.scalar(select(Plan).join(Patient).where(Patient.phone == bad_phone))
        plan.rrule = "FREQ=DAILY;INTERVAL=0"
    stack.clock()

    wait_until(lambda: set(phones) <= {m["to"] for m in twilio.messages}, 60,
               "every other patient's reminder to reach Twilio", stack.logs)

    def flagged():
        with rt.session() as session:
            return session.scalar(select(Flag).where(Flag.reason == "bad_schedule"))

    flag = wait_until(flagged, 30, "the bad plan to be flagged", stack.logs)
    assert "INTERVAL must be 1 or more" in flag.detail
    with rt.session() as session:
        assert session.scalar(select(Plan.active).where(Plan.patient_id == flag.patient_id)) is False
    # And the clock is still ticking.
    first = wait_until(lambda: heartbeat(rt), 30, "a heartbeat", stack.logs)
    wait_until(lambda: heartbeat(rt) > first, 30, "the next tick", stack.logs)
