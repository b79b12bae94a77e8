"""Plans in plain words (reminders/content/schedules.py), the picker's rules
(reminders/services/schedules.py) and which zone names are taken (reminders/core/zones.py)."""

from __future__ import annotations

from datetime import datetime

import pytest

from reminders.content.schedules import describe
from reminders.core import zones
from reminders.outgoing import recurrence
from reminders.services import schedules
from reminders.services.schedules import Choice

START = datetime(2026, 12, 1, 10, 0)  # a Tuesday


@pytest.mark.parametrize("rule, start, words", [
    ("FREQ=DAILY", datetime(2027, 1, 1, 8, 0), "Every day at 8:00 am"),
    ("FREQ=WEEKLY;BYDAY=MO,TH", datetime(2027, 1, 1, 21, 0), "Mondays and Thursdays at 9:00 pm"),
    ("FREQ=MONTHLY;INTERVAL=3", START, "Every 3 months on the 1st at 10:00 am"),
    ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1", START, "Every 3 months on the 1st at 10:00 am"),
    ("FREQ=MONTHLY;BYMONTHDAY=-1", START, "Every month on the last day at 10:00 am"),
    ("FREQ=MONTHLY;BYMONTHDAY=22", START, "Every month on the 22nd at 10:00 am"),
    ("FREQ=WEEKLY", START, "Tuesdays at 10:00 am"),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=SA", START, "Every 2 weeks on Saturdays at 10:00 am"),
    ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", START, "Weekdays (Monday to Friday) at 10:00 am"),
    ("FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0", START, "Every day at 8:00 am and 8:00 pm"),
    ("FREQ=DAILY;COUNT=10", datetime(2027, 1, 1, 0, 0), "Every day at 12:00 am, 10 times"),
    ("FREQ=DAILY;UNTIL=20270301T000000", datetime(2027, 1, 1, 12, 30), "Every day at 12:30 pm, until 1 March 2027"),
    ("FREQ=MONTHLY;BYDAY=2TU", START, "Every month on the second Tuesday at 10:00 am"),
    ("FREQ=YEARLY", START, "Every year on 1 December at 10:00 am"),
    ("freq=daily", START, "Every day at 10:00 am"),
])
def test_a_plan_reads_in_plain_words(rule, start, words):
    assert describe(rule, start) == words


@pytest.mark.parametrize("rule", ["FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU", "FREQ=HOURLY;INTERVAL=6",
                                  "FREQ=DAILY;BYDAY=MO;BYDAY=TU", "nonsense", "FREQ=YEARLY;BYWEEKNO=20"])
def test_a_rule_without_plain_words_is_shown_as_written(rule):
    assert describe(rule, START) == f"Custom: {rule}"


@pytest.mark.parametrize("choice, rule", [
    (Choice(schedules.DAILY), "FREQ=DAILY"),
    (Choice(schedules.DAYS_OF_WEEK, days=["TH", "MO"]), "FREQ=WEEKLY;BYDAY=MO,TH"),
    (Choice(schedules.WEEKS, days=["TU"], every=2), "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
    (Choice(schedules.WEEKS, days=["TU"], every=1), "FREQ=WEEKLY;BYDAY=TU"),
    (Choice(schedules.MONTHS, every=3, month_day=1), "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1"),
    (Choice(schedules.MONTHS, every=1, month_day=-1), "FREQ=MONTHLY;BYMONTHDAY=-1"),
    (Choice(schedules.CUSTOM, rule=" FREQ=YEARLY "), "FREQ=YEARLY"),
])
def test_the_picker_writes_a_rule_the_clock_accepts_and_reads_it_back(choice, rule):
    assert schedules.build(choice) == rule
    recurrence.check_rule(rule, START, "America/New_York")
    back = schedules.read(rule)
    assert schedules.build(back) == rule
    assert back.repeat == (schedules.DAYS_OF_WEEK if choice.repeat == schedules.WEEKS and choice.every == 1
                           else choice.repeat)


@pytest.mark.parametrize("choice, field", [
    (Choice(schedules.DAYS_OF_WEEK), "days"), (Choice(schedules.DAYS_OF_WEEK, days=["XX"]), "days"),
    (Choice(schedules.WEEKS, days=["MO"], every=0), "every"), (Choice(schedules.MONTHS, month_day=31), "month_day"),
    (Choice(schedules.CUSTOM), "rule"), (Choice("often"), "repeat"),
])
def test_an_incomplete_choice_names_its_field(choice, field):
    with pytest.raises(schedules.ChoiceError) as error:
        schedules.build(choice)
    assert error.value.field == field


def test_a_rule_the_picker_cannot_write_reads_back_as_custom():
    assert schedules.read("FREQ=MONTHLY;BYDAY=2TU") == Choice(schedules.CUSTOM, rule="FREQ=MONTHLY;BYDAY=2TU")
    assert schedules.read("FREQ=MONTHLY;INTERVAL=3").repeat == schedules.CUSTOM  # no day given: kept as typed


@pytest.mark.parametrize("name, canonical", [
    ("america/new_york", "America/New_York"), ("UTC", "UTC"), ("utc", "UTC"), (" Europe/Madrid ", "Europe/Madrid"),
    ("ASIA/KATHMANDU", "Asia/Kathmandu"),
])
def test_canonical_zones_are_taken_in_any_case(name, canonical):
    assert zones.canonical(name) == canonical


@pytest.mark.parametrize("name, words", [
    ("EST", "EST is a fixed offset that ignores daylight saving; use America/New_York"),
    ("EST5EDT", "EST5EDT is a legacy zone without local history; use America/New_York"),
    ("US/Eastern", "US/Eastern is an old alias; use America/New_York"),
    ("Asia/Calcutta", "use Asia/Kolkata"),
    ("Etc/GMT+5", "Etc/GMT+5 is a fixed offset that ignores daylight saving"),
    ("GMT", "use UTC"),
    ("Mars/Olympus", "unknown time zone 'Mars/Olympus'"),
    ("America/New_Yrok", "did you mean America/New_York?"),
    ("America", "unknown time zone"),
    ("", "give one"),
])
def test_other_names_are_refused_with_a_suggestion(name, words):
    with pytest.raises(ValueError) as error:
        zones.canonical(name)
    assert words in str(error.value) and "\n" not in str(error.value)


def test_every_listed_zone_has_a_country_and_loads():
    listed = zones.listed()
    assert len(listed) > 300
    assert all(z.country for z in listed)
    new_york = next(z for z in listed if z.name == "America/New_York")
    assert new_york.country == "United States"
    assert all(zones.canonical(z.name) == z.name for z in listed)
