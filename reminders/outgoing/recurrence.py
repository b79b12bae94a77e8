"""When a plan fires: RFC 5545 rules expanded in the patient's zone, answered in UTC.

The rule is expanded on naive wall-clock times in the patient's zone, then each
wall time is placed in the zone with fold=0. That single step is the DST policy:
a wall time that does not exist (spring forward, 02:30) takes the offset from
before the gap and so lands at 03:30; an ambiguous one (fall back, 01:30) takes
its first occurrence. Expanding wall times means each fires once, never twice.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from typing import Iterator
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import DAILY, MONTHLY, SECONDLY, YEARLY, rrule, rrulebase, rrulestr

UTC = timezone.utc
# Wall time and UTC differ by at most ~26 h, plus a DST gap: search from this
# far back in local time so no occurrence just after `after` is missed.
_SEARCH_MARGIN = timedelta(hours=27)
# Starts are kept far from datetime's limits (years 1 and 9999), so placing a wall
# time in its zone and the margins above never step off the calendar.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2999


def parse_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "America" is a directory, or a huge name
        raise ValueError(f"unknown time zone {name!r} (use an IANA name like America/New_York)")


def parse_local(text: str) -> datetime:
    """A wall-clock start such as 2027-03-14T08:00 (no offset: it is the patient's)."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"not a local date-time: {text!r} (expected e.g. 2027-03-14T08:00)")
    if value.tzinfo is not None:
        raise ValueError(f"{text!r} has an offset: give the patient's wall-clock time without one")
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError(f"{text!r}: the year must be between {EARLIEST_YEAR} and {LATEST_YEAR}")
    return value


class RuleError(ValueError):
    """A rule no plan may have; the message says why, in one line."""


class OverBudget(RuleError):
    """Expanding a rule took more CPU time than it was given."""


class PastHorizon(RuleError):
    """Expanding a rule walked past the instant it was asked to look up to."""


def parse_rule(text: str, start_local: datetime) -> rrule:
    """One RRULE (`FREQ=...`), starting at the plan's own start: what can be told from its text.

    Only what dateutil can expand safely gets through: no DTSTART (it would replace the
    plan's start), no RDATE/EXRULE/EXDATE (an EXRULE can exclude every instant), no INTERVAL
    below 1 (0 walks the same day for ever), no FREQ=SECONDLY (dateutil steps it second by
    second to each fire, seconds of CPU between two looks at the clock), no BYSETPOS on a rule
    finer than daily (one that picks nothing walks period by period for ever), no BYDAY ordinal or BYEASTER offset that runs
    past dateutil's tables (IndexError while expanding, long after parsing). What the rule
    does when it runs is `check_rule`'s to say.
    """
    cleaned = text.strip()
    if "DTSTART" in cleaned.upper():
        raise RuleError(f"invalid RRULE {text!r}: a rule carries no DTSTART (the plan's start is its start)")
    if cleaned.upper().startswith("RRULE:"):
        raise RuleError(f"invalid RRULE {text!r}: give the rule without the RRULE: prefix, e.g. {cleaned[6:]}")
    if len(text.split()) > 1:  # rrulestr reads each whitespace-separated word as a line
        raise RuleError(f"invalid RRULE {text!r}: give one rule, e.g. FREQ=WEEKLY;BYDAY=MO,TH")
    try:
        rule = rrulestr(cleaned, dtstart=start_local)
    except (ValueError, TypeError, LookupError, OverflowError) as error:  # dateutil raises all of these
        raise RuleError(f"invalid RRULE {text!r}: {error}") from None
    if not isinstance(rule, rrule):
        raise RuleError(f"invalid RRULE {text!r}: give one rule, e.g. FREQ=WEEKLY;BYDAY=MO,TH")
    if rule._interval < 1:
        raise RuleError(f"invalid RRULE {text!r}: INTERVAL must be 1 or more")
    if rule._count is not None and rule._count < 1:
        raise RuleError(f"invalid RRULE {text!r}: COUNT must be 1 or more (COUNT=0 never fires)")
    if rule._until is not None and rule._until.replace(tzinfo=None) < start_local:
        raise RuleError(f"invalid RRULE {text!r}: UNTIL is before the plan's start ({start_local:%Y-%m-%dT%H:%M})")
    if rule._freq == SECONDLY:  # dateutil steps it through up to 86,400 seconds per fire
        raise RuleError(f"invalid RRULE {text!r}: FREQ=SECONDLY cannot be expanded safely; "
                        "write it with FREQ=MINUTELY or longer (e.g. FREQ=DAILY;BYHOUR=8)")
    if rule._bysetpos and rule._freq > DAILY:
        raise RuleError(f"invalid RRULE {text!r}: BYSETPOS needs FREQ=DAILY or longer")
    # The nth weekday of a month is at most the 5th; of a year, the 53rd (RFC 5545).
    limit = 5 if rule._freq == MONTHLY or (rule._freq == YEARLY and rule._bymonth) else 53
    if any(abs(n) > limit for _, n in rule._bynweekday or ()):
        raise RuleError(f"invalid RRULE {text!r}: a BYDAY like +2MO counts at most {limit} weeks here")
    if rule._byeaster:
        raise RuleError(f"invalid RRULE {text!r}: BYEASTER is not supported")
    return rule


# -- what a rule does ------------------------------------------------------------

MIN_GAP = timedelta(hours=1)  # no two reminders closer than this
HORIZON = timedelta(days=5 * 365 + 1)  # a plan fires at least once in five years
CHECKED_FIRES = 9_000  # fires a check looks at: over a year (375 days) of an hourly rule, both DST changes
CHECK_SECONDS = 0.25  # CPU time a check may take: a few ms, up to ~100 for 9,000 fires of a MINUTELY rule


def check_rule(text: str, start_local: datetime, tz: str, after: datetime | None = None,
               budget: float = CHECK_SECONDS) -> rrule:
    """The rule, if it is fit to remind someone by: RuleError, in one line, if it is not.

    Counted from `after` (default: the plan's start) it must fire within five years and never
    twice within an hour. The fires are looked at as the clock will send them (UTC, so two
    fires a minute apart across a DST change are caught), up to CHECKED_FIRES of them or five
    years, within `budget` seconds of CPU whatever the rule.
    """
    rule, zone = parse_rule(text, start_local), parse_zone(tz)
    begin = max(to_utc(start_local, zone), after or to_utc(start_local, zone))
    previous = None
    try:
        for n, fire in enumerate(iter_fires(rule, zone, begin - timedelta(seconds=1), budget, begin + HORIZON)):
            if fire > begin + HORIZON:
                break
            if previous is not None and fire - previous < MIN_GAP:
                first, second = previous.astimezone(zone), fire.astimezone(zone)
                raise RuleError(f"RRULE {text!r}: two fires less than an hour apart "
                                f"({first:%Y-%m-%d %H:%M:%S %Z} and {second:%H:%M:%S %Z})")
            previous = fire
            if n + 1 >= CHECKED_FIRES:
                break
    except PastHorizon:
        pass
    except OverBudget:
        raise RuleError(f"RRULE {text!r} is too costly to work out: write it with a longer FREQ "
                        "(e.g. FREQ=DAILY;BYHOUR=8, not FREQ=MINUTELY) or a later start") from None
    except RuleError:
        raise
    except (ValueError, LookupError, OverflowError, TypeError) as error:  # dateutil, while expanding
        raise RuleError(f"invalid RRULE {text!r}: {error}") from None
    if previous is None:
        raise RuleError(f"RRULE {text!r}: no fire in the five years from {begin:%Y-%m-%d}")
    return rule


class _Walk(tuple):
    """Stands in for a rule's BYDAY ordinals (a tuple, often empty) while dateutil expands it.

    dateutil walks a rule period by period and stops only at a fire, at COUNT or UNTIL (both
    looked at on fires only) or at the year 9999, so a rule that never fires walks for seconds
    with no fire at which to stop it. What it does read on every month it walks through, fire
    or no fire, is the rule's BYDAY ordinals (when it rebuilds its masks for a new month, or
    once per period for MONTHLY and YEARLY rules). Reading them here counts the months walked
    and looks at the CPU time spent.
    """

    def __new__(cls, items, deadline: float | None, months: int | None):
        walk = super().__new__(cls, items)
        walk.deadline, walk.months_left = deadline, months
        return walk

    def check_time(self) -> None:
        if self.deadline is not None and time.thread_time() > self.deadline:
            raise OverBudget("the rule took too long to expand")

    def __bool__(self) -> bool:
        self.check_time()
        if self.months_left is not None:
            self.months_left -= 1  # at least a month walked since the last read
            if self.months_left < 0:
                raise PastHorizon("the rule walked past the horizon")
        return len(self) > 0


def _bounded(rule: rrule, seconds: float | None, horizon: datetime | None) -> rrule:
    """A copy of `rule` whose walk stops after `seconds` of this thread's CPU or past `horizon`."""
    copy = rule.replace()
    start = copy._dtstart
    months = None if horizon is None else (horizon.year - start.year) * 12 + horizon.month - start.month + 2
    copy._bynweekday = _Walk(copy._bynweekday or (), None if seconds is None else time.thread_time() + seconds,
                             months)
    return copy


def to_utc(wall: datetime, zone: ZoneInfo) -> datetime:
    return wall.replace(tzinfo=zone, fold=0).astimezone(UTC)


def iter_fires(rule: rrulebase, zone: ZoneInfo, after: datetime, budget: float | None = None,
               horizon: datetime | None = None) -> Iterator[datetime]:
    """UTC instants strictly after `after`, ascending, without repeats.

    With a `budget` (CPU seconds) the walk raises OverBudget once it has spent it; with a
    `horizon` (an instant) it raises PastHorizon once it has walked well past it. Either comes
    within milliseconds of that point, fire or no fire (see _Walk).
    """
    if budget is not None or horizon is not None:
        rule = _bounded(rule, budget, None if horizon is None else horizon.astimezone(zone))
    start = (after.astimezone(zone) - _SEARCH_MARGIN).replace(tzinfo=None)
    last = after
    for wall in rule.xafter(start, inc=True):
        if budget is not None:
            rule._bynweekday.check_time()
        try:
            instant = to_utc(wall, zone)
        except OverflowError:  # a huge INTERVAL reached the calendar's end: nothing fires after it
            return
        # Two wall times can meet at one instant across a gap (02:30 -> 03:30).
        if instant > last:
            last = instant
            yield instant


# The clock gives one plan's next fire this much CPU, and looks this far ahead for it: a plan
# past either (a rule written into the database past the checks) is turned off and flagged.
PLAN_SECONDS = 2.0
PLAN_HORIZON = timedelta(days=50 * 365)


def next_fire(rule_text: str, start_local: datetime, tz: str, after: datetime) -> datetime | None:
    """The plan's first instant after `after`; None when its COUNT or UNTIL is spent.

    RuleError when the rule cannot be expanded, costs more than PLAN_SECONDS or has no fire
    within PLAN_HORIZON."""
    rule = parse_rule(rule_text, start_local)
    fires = iter_fires(rule, parse_zone(tz), after, PLAN_SECONDS, after + PLAN_HORIZON)
    try:
        return next(fires, None)
    except OverBudget:
        raise RuleError(f"RRULE {rule_text!r} took more than {PLAN_SECONDS:g} s to work out") from None
    except PastHorizon:
        raise RuleError(f"RRULE {rule_text!r}: no fire in the {PLAN_HORIZON.days // 365} years "
                        f"after {after:%Y-%m-%d}") from None


PREVIEW_SECONDS = 0.5  # CPU time `schedule preview` may spend on the fires it prints


def first_fires(rule_text: str, start_local: datetime, tz: str, count: int) -> list[datetime]:
    """The first `count` instants of a plan, from its start on (the rule checked first)."""
    rule, zone = check_rule(rule_text, start_local, tz), parse_zone(tz)
    fires = iter_fires(rule, zone, to_utc(start_local, zone) - timedelta(seconds=1), PREVIEW_SECONDS)
    try:
        return [instant for _, instant in zip(range(count), fires)]
    except OverBudget:
        raise RuleError(f"RRULE {rule_text!r}: {count} fires take too long to work out; ask for fewer") from None
