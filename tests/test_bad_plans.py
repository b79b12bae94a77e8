"""The clock survives any single bad plan: a rule written straight into the database, past the
checks, is turned off and flagged, and everyone else's reminders go out on the same tick.

Before, FREQ=DAILY;INTERVAL=0 held the tick for good (nobody got a reminder again), a rule that
never fires held it for seconds on every tick, and one that fires every 10 seconds texted the
patient every 10 seconds.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from reminders.core.models import Flag, Plan
from tests.scheduling_helpers import Phone, at, enrol, messages, tick, without_hanging
from tests.test_rule_checks import EVERY_10_SECONDS

DUE = at("2027-03-10T08:00", "America/New_York")


def written_past_the_checks(rt, plan_id: int, rule: str) -> None:
    with rt.session() as session:
        session.get(Plan, plan_id).rrule = rule


@pytest.mark.parametrize("rule", [
    "FREQ=DAILY;INTERVAL=0",  # walks the same day for ever
    "FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30",  # never fires: dateutil walks to the year 9999
    EVERY_10_SECONDS,
    "DTSTART:20270101T090000",  # dateutil: "list index out of range"
    "FREQ=MINUTELY;INTERVAL=1440;BYHOUR=3",  # dateutil: ValueError while expanding
])
def test_a_bad_plan_is_turned_off_and_flagged_and_the_others_still_go_out(rt, rule):
    enrol(rt, phone="+16175550101")
    bad_patient, bad_plan = enrol(rt, phone="+16175550102")
    written_past_the_checks(rt, bad_plan, rule)
    phone = Phone()

    result = without_hanging(lambda: tick(rt, phone, DUE))

    assert any(text.startswith("[sms to +16175550101]") for text in phone.texts)
    with rt.session() as session:
        plan = session.get(Plan, bad_plan)
        assert (plan.active, plan.next_fire_at) == (False, None)
        [flag] = session.scalars(select(Flag).where(Flag.patient_id == bad_patient)).all()
    assert flag.reason == "bad_schedule" and "turned off" in flag.detail
    assert result.occurrences >= 1
    # The next ticks go on, and do not try the bad plan again.
    without_hanging(lambda: tick(rt, phone, DUE + timedelta(days=1)))
    assert len([m for m in messages(rt, purpose="reminder") if m.to_number == "+16175550101"]) == 2
