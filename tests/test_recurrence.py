"""Fire instants, through the `reminders schedule preview` contract and the functions behind it."""

import json
from datetime import datetime, timezone

import pytest

from reminders.outgoing import recurrence


def preview(runner, tz, rrule, start, count):
    result = runner("schedule", "preview", "--tz", tz, "--rrule", rrule, "--start", start, "--count", str(count))
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["fires"]


def test_daily_8am_new_york_keeps_local_time_across_both_dst_changes(runner):
    spring = preview(runner, "America/New_York", "FREQ=DAILY", "2027-03-13T08:00", 2)
    assert spring == ["2027-03-13T13:00:00Z", "2027-03-14T12:00:00Z"]
    autumn = preview(runner, "America/New_York", "FREQ=DAILY", "2027-11-06T08:00", 2)
    assert autumn == ["2027-11-06T12:00:00Z", "2027-11-07T13:00:00Z"]


def test_0230_on_spring_forward_day_fires_once_at_0330(runner):
    fires = preview(runner, "America/New_York", "FREQ=DAILY", "2027-03-13T02:30", 3)
    # 02:30 does not exist on the 14th: it fires at 03:30 EDT (07:30Z), once.
    assert fires == ["2027-03-13T07:30:00Z", "2027-03-14T07:30:00Z", "2027-03-15T06:30:00Z"]


def test_0130_on_fall_back_day_fires_once_at_its_first_occurrence(runner):
    fires = preview(runner, "America/New_York", "FREQ=DAILY", "2027-11-06T01:30", 3)
    assert fires == ["2027-11-06T05:30:00Z", "2027-11-07T05:30:00Z", "2027-11-08T06:30:00Z"]


def test_hourly_rule_through_the_fall_back_hour_never_repeats_an_instant():
    fires = recurrence.first_fires("FREQ=HOURLY", datetime(2027, 11, 7, 0, 30), "America/New_York", 4)
    assert [f.strftime("%H:%M") for f in fires] == ["04:30", "05:30", "07:30", "08:30"]
    assert len(set(fires)) == 4


def test_half_hourly_wall_times_across_the_gap_do_not_fire_twice():
    rule = "FREQ=DAILY;BYHOUR=2,3;BYMINUTE=30"
    fires = recurrence.first_fires(rule, datetime(2027, 3, 14, 2, 30), "America/New_York", 3)
    # 02:30 (shifted to 03:30) and 03:30 are one instant: sent once.
    assert [f.isoformat() for f in fires] == [
        "2027-03-14T07:30:00+00:00", "2027-03-15T06:30:00+00:00", "2027-03-15T07:30:00+00:00",
    ]


def test_weekly_injection_on_mondays(runner):
    fires = preview(runner, "Europe/Madrid", "FREQ=WEEKLY;BYDAY=MO", "2027-03-10T09:00", 4)
    assert fires == [
        "2027-03-15T08:00:00Z", "2027-03-22T08:00:00Z", "2027-03-29T07:00:00Z", "2027-04-05T07:00:00Z",
    ]


def test_monthly_on_the_last_day(runner):
    fires = preview(runner, "UTC", "FREQ=MONTHLY;BYMONTHDAY=-1", "2027-01-15T10:00", 3)
    assert fires == ["2027-01-31T10:00:00Z", "2027-02-28T10:00:00Z", "2027-03-31T10:00:00Z"]


def test_kathmandu_quarter_hour_offset(runner):
    assert preview(runner, "Asia/Kathmandu", "FREQ=DAILY", "2027-06-01T08:00", 1) == ["2027-06-01T02:15:00Z"]


def test_next_fire_after_an_instant():
    after = datetime(2027, 3, 14, 12, 0, tzinfo=timezone.utc)
    nxt = recurrence.next_fire("FREQ=DAILY", datetime(2027, 1, 1, 8, 0), "America/New_York", after)
    assert nxt == datetime(2027, 3, 15, 12, 0, tzinfo=timezone.utc)


def test_exhausted_rule_has_no_next_fire():
    after = datetime(2027, 3, 14, tzinfo=timezone.utc)
    assert recurrence.next_fire("FREQ=DAILY;COUNT=2", datetime(2027, 1, 1, 8), "UTC", after) is None


@pytest.mark.parametrize(
    "args",
    [
        ["--tz", "Mars/Olympus", "--rrule", "FREQ=DAILY", "--start", "2027-01-01T08:00"],
        ["--tz", "UTC", "--rrule", "FREQ=SOMETIMES", "--start", "2027-01-01T08:00"],
        ["--tz", "UTC", "--rrule", "FREQ=MINUTELY", "--start", "2027-01-01T08:00"],
        ["--tz", "UTC", "--rrule", "FREQ=DAILY", "--start", "soon"],
        ["--tz", "UTC", "--rrule", "FREQ=DAILY", "--start", "2027-01-01T08:00", "--count", "0"],
    ],
)
def test_preview_refuses_bad_input_in_one_line(runner, args):
    result = runner("schedule", "preview", *args)
    assert result.exit_code != 0
    assert len(result.output.strip().splitlines()) == 1, result.output
