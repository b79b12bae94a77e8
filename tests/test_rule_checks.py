"""Schedules are checked by what they do: on the CLI, at enrolment and in the dashboard's forms.

Every rule here was accepted before, and either hung `schedule preview`, the web worker that
saved it and the clock's tick (INTERVAL=0, a rule that never fires), texted a patient every
10 seconds (an HOURLY rule with BYSECOND), or crashed with an IndexError (DTSTART).
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from reminders.outgoing import recurrence

EVERY_10_SECONDS = ("FREQ=HOURLY;BYMINUTE=" + ",".join(map(str, range(60)))
                    + ";BYSECOND=" + ",".join(map(str, range(0, 60, 10))))

# (rule, words the one-line error must contain)
REFUSED = [
    ("FREQ=DAILY;INTERVAL=0", "INTERVAL"),
    ("FREQ=HOURLY;INTERVAL=0", "INTERVAL"),
    ("FREQ=WEEKLY;INTERVAL=-2", "INTERVAL"),
    (EVERY_10_SECONDS, "less than an hour apart"),
    ("FREQ=MINUTELY;INTERVAL=30", "less than an hour apart"),
    ("FREQ=DAILY;BYHOUR=8;BYMINUTE=0,30", "less than an hour apart"),
    # 01:59 and 03:00 are 61 minutes apart on the wall clock, but 1 minute apart on the
    # morning the clocks spring forward (2027-03-14 in New York).
    ("FREQ=DAILY;BYHOUR=1,3;BYMINUTE=0,59;BYSETPOS=2,3", "less than an hour apart"),
    ("FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30", "no fire in the five years"),
    ("FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31", "no fire in the five years"),
    ("FREQ=DAILY;INTERVAL=7;BYDAY=TU", "no fire in the five years"),  # the start is a Monday
    ("FREQ=MINUTELY;BYHOUR=8;BYSETPOS=2", "FREQ=DAILY or longer"),
    ("FREQ=SECONDLY;INTERVAL=3600", "FREQ=SECONDLY cannot be expanded safely"),
    ("FREQ=DAILY;COUNT=0", "COUNT"),
    ("FREQ=DAILY;UNTIL=20270101T000000", "UNTIL"),
    ("DTSTART:20270101T090000", "no DTSTART"),
    ("FREQ=DAILY;DTSTART=20270101T090000", "no DTSTART"),
    ("DTSTART:20270101T090000\nRRULE:FREQ=DAILY", "no DTSTART"),
    ("RRULE:FREQ=DAILY", "without the RRULE: prefix"),
]
START = "2027-03-08T08:00"  # a Monday, in New York


def one_line_error(result) -> str:
    assert result.exit_code != 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


@pytest.mark.parametrize("rule, words", REFUSED)
def test_schedule_preview_refuses_with_one_line(runner, rule, words):
    result = runner("schedule", "preview", "--tz", "America/New_York", "--rrule", rule,
                    "--start", START, "--count", "3")
    assert words in one_line_error(result)


@pytest.mark.parametrize("rule, words", REFUSED)
def test_plans_add_refuses_with_one_line_and_writes_nothing(runner, rule, words):
    assert runner("patients", "add", "--phone", "+16175550101", "--name", "Pat",
                  "--tz", "America/New_York").exit_code == 0
    result = runner("plans", "add", "--phone", "+16175550101", "--kind", "supplement",
                    "--rrule", rule, "--start", START)
    assert words in one_line_error(result)
    assert runner("plans", "list").output.strip() == "no plans"


@pytest.mark.parametrize("rule, first", [
    ("FREQ=MINUTELY;INTERVAL=60", "2027-03-08T13:00:00Z"),  # hourly, whatever its FREQ says
    ("FREQ=MINUTELY;BYMINUTE=15", "2027-03-08T13:15:00Z"),
    ("FREQ=HOURLY;BYHOUR=8,20", "2027-03-08T13:00:00Z"),
    ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "2028-02-29T13:00:00Z"),  # rare, but within five years
    ("FREQ=DAILY;COUNT=2", "2027-03-08T13:00:00Z"),
])
def test_rules_are_judged_by_their_fires_not_their_freq(runner, rule, first):
    result = runner("schedule", "preview", "--tz", "America/New_York", "--rrule", rule,
                    "--start", START, "--count", "2")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["fires"][0] == first


def test_a_plan_whose_rule_fired_only_in_the_past_is_refused(runner):
    runner("patients", "add", "--phone", "+16175550101", "--name", "Pat", "--tz", "UTC")
    result = runner("plans", "add", "--phone", "+16175550101", "--kind", "supplement",
                    "--rrule", "FREQ=DAILY;COUNT=3", "--start", "2020-01-01T08:00")
    assert "no fire in the five years from" in one_line_error(result)


def test_the_check_gives_up_on_a_rule_too_costly_to_expand():
    # Daily at 08:00, written minute by minute: dateutil steps through each minute of the
    # day to find the next fire. It is refused with a way to write it, within its budget.
    with pytest.raises(recurrence.RuleError, match="too costly.*FREQ=DAILY;BYHOUR=8"):
        recurrence.check_rule("FREQ=MINUTELY;BYHOUR=8;BYMINUTE=0", datetime(2027, 3, 8, 8), "UTC",
                              budget=0.05)


def test_a_walk_that_never_fires_stops_past_its_horizon_without_a_time_limit():
    # dateutil alone walks FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30 to the year 9999 (seconds of CPU):
    # the bounded walk counts the months it passes and stops a little past the horizon.
    rule = recurrence.parse_rule("FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30", datetime(2027, 3, 8, 8))
    after = datetime(2027, 3, 8, tzinfo=recurrence.UTC)
    with pytest.raises(recurrence.PastHorizon):
        next(recurrence.iter_fires(rule, recurrence.parse_zone("UTC"), after,
                                   horizon=after + recurrence.HORIZON))


def test_a_rule_with_a_count_still_ends_normally_inside_its_horizon():
    rule = recurrence.parse_rule("FREQ=DAILY;COUNT=2", datetime(2027, 3, 8, 8))
    after = datetime(2027, 3, 1, tzinfo=recurrence.UTC)
    fires = list(recurrence.iter_fires(rule, recurrence.parse_zone("UTC"), after, 1.0, after + recurrence.HORIZON))
    assert [f.day for f in fires] == [8, 9]


def test_a_rule_dateutil_fails_to_expand_is_refused_with_its_words(runner):
    result = runner("schedule", "preview", "--tz", "UTC", "--rrule", "FREQ=MINUTELY;INTERVAL=1440;BYHOUR=3",
                    "--start", START)
    assert "invalid RRULE 'FREQ=MINUTELY;INTERVAL=1440;BYHOUR=3': Invalid combination" in one_line_error(result)
