"""Random RRULEs at `schedule preview` and `plans add`: each answers within a second, with
fires or with one line saying what is wrong, whatever the rule.

The rules mix BYSECOND, BYMINUTE and BYHOUR lists with every FREQ, INTERVAL from 0 to 1000,
COUNT and UNTIL, and now and then a BYDAY or BYMONTHDAY: the shapes that used to hang (INTERVAL=0),
walk for seconds (rules that never fire) or fire every few seconds.
"""

from __future__ import annotations

import json
import time
from datetime import datetime

from hypothesis import event, given
from hypothesis import strategies as st

from tests.fuzz.strategies import FUZZ
from tests.fuzz.test_cli_fuzz import SEEDED, assert_clean, seeded  # noqa: F401  (fixture)

FREQS = ["SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"]
START = "2027-03-14T08:00"  # the morning the clocks spring forward in New York


def by_list(top: int) -> st.SearchStrategy[str]:
    return st.lists(st.integers(0, top), min_size=1, max_size=12, unique=True).map(
        lambda values: ",".join(map(str, values)))


@st.composite
def rules(draw) -> str:
    parts = [f"FREQ={draw(st.sampled_from(FREQS))}"]
    optional = {
        "INTERVAL": st.integers(0, 1000).map(str),
        "BYSECOND": by_list(59), "BYMINUTE": by_list(59), "BYHOUR": by_list(23),
        "BYDAY": st.sampled_from(["MO", "TU,TH", "SA,SU", "1MO", "-1FR"]),
        "BYMONTHDAY": st.sampled_from(["1", "15", "29", "30", "31", "-1"]),
    }
    for name, values in optional.items():
        if draw(st.booleans()):
            parts.append(f"{name}={draw(values)}")
    ending = draw(st.sampled_from(["none", "count", "until"]))
    if ending == "count":
        parts.append(f"COUNT={draw(st.integers(0, 1000))}")
    elif ending == "until":
        until = draw(st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2040, 1, 1)))
        parts.append(f"UNTIL={until:%Y%m%dT%H%M%S}")
    return ";".join(draw(st.permutations(parts)))


def timed(runner, *args):
    started = time.monotonic()
    result = runner(*args)
    return result, time.monotonic() - started


def check(result, elapsed: float, args) -> None:
    assert_clean(result, list(args))
    assert elapsed < 1.0, f"{args!r} took {elapsed:.2f}s"
    event("fires" if result.exit_code == 0 else "refused")


@FUZZ
@given(rule=rules(), count=st.integers(1, 50))
def test_schedule_preview_answers_any_rule_within_a_second(runner, rule, count):
    args = ("schedule", "preview", "--tz", "America/New_York", "--rrule", rule, "--start", START,
            "--count", str(count))
    result, elapsed = timed(runner, *args)
    check(result, elapsed, args)
    if result.exit_code == 0:
        fires = json.loads(result.output)["fires"]
        assert 1 <= len(fires) <= count and fires == sorted(set(fires))


@FUZZ
@given(rule=rules())
def test_plans_add_answers_any_rule_within_a_second(runner, seeded, rule):  # noqa: F811
    args = ("plans", "add", "--phone", SEEDED, "--kind", "supplement", "--rrule", rule, "--start", START)
    result, elapsed = timed(runner, *args)
    check(result, elapsed, args)
