"""When a plan fires: RFC 5545 rules expanded in the patient's zone, answered in UTC.

The rule is expanded on naive wall-clock times in the patient's zone, then each
wall time is placed in the zone with fold=0. That single step is the DST policy:
a wall time that does not exist (spring forward, 02:30) takes the offset from
before the gap and so lands at 03:30; an ambiguous one (fall back, 01:30) takes
its first occurrence. Expanding wall times means each fires once, never twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Iterator
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import HOURLY, MONTHLY, YEARLY, rrule, rrulebase, rrulestr

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


def parse_rule(text: str, start_local: datetime) -> rrulebase:
    """One RRULE (`FREQ=...`, an `RRULE:` prefix is fine), starting at the plan's own start.

    Only what dateutil can expand safely gets through: no DTSTART (it would replace the
    plan's start), no RDATE/EXRULE/EXDATE (an EXRULE can exclude every instant, and the
    search for the next fire then never ends), no BYDAY ordinal or BYEASTER offset that
    runs past dateutil's tables (IndexError while expanding, long after parsing).
    """
    if len(text.split()) > 1:  # rrulestr reads each whitespace-separated word as a line
        raise ValueError(f"invalid RRULE {text!r}: give one rule, e.g. FREQ=WEEKLY;BYDAY=MO,TH")
    try:
        rule = rrulestr(text.strip(), dtstart=start_local)
    except (ValueError, TypeError, LookupError, OverflowError) as error:  # dateutil raises all of these
        raise ValueError(f"invalid RRULE {text!r}: {error}") from None
    if not isinstance(rule, rrule):
        raise ValueError(f"invalid RRULE {text!r}: give one rule, e.g. FREQ=WEEKLY;BYDAY=MO,TH")
    if rule._freq > HOURLY:
        raise ValueError(f"invalid RRULE {text!r}: reminders repeat at most hourly")
    # The nth weekday of a month is at most the 5th; of a year, the 53rd (RFC 5545).
    limit = 5 if rule._freq == MONTHLY or (rule._freq == YEARLY and rule._bymonth) else 53
    if any(abs(n) > limit for _, n in rule._bynweekday or ()):
        raise ValueError(f"invalid RRULE {text!r}: a BYDAY like +2MO counts at most {limit} weeks here")
    if rule._byeaster:
        raise ValueError(f"invalid RRULE {text!r}: BYEASTER is not supported")
    return rule


def to_utc(wall: datetime, zone: ZoneInfo) -> datetime:
    return wall.replace(tzinfo=zone, fold=0).astimezone(UTC)


def iter_fires(rule: rrulebase, zone: ZoneInfo, after: datetime) -> Iterator[datetime]:
    """UTC instants strictly after `after`, ascending, without repeats."""
    start = (after.astimezone(zone) - _SEARCH_MARGIN).replace(tzinfo=None)
    last = after
    for wall in rule.xafter(start, inc=True):
        try:
            instant = to_utc(wall, zone)
        except OverflowError:  # a huge INTERVAL reached the calendar's end: nothing fires after it
            return
        # Two wall times can meet at one instant across a gap (02:30 -> 03:30).
        if instant > last:
            last = instant
            yield instant


def next_fire(rule_text: str, start_local: datetime, tz: str, after: datetime) -> datetime | None:
    rule = parse_rule(rule_text, start_local)
    return next(iter_fires(rule, parse_zone(tz), after), None)


def first_fires(rule_text: str, start_local: datetime, tz: str, count: int) -> list[datetime]:
    """The first `count` instants of a plan, from its start on."""
    zone = parse_zone(tz)
    rule = parse_rule(rule_text, start_local)
    before_start = to_utc(start_local, zone) - timedelta(seconds=1)
    fires = iter_fires(rule, zone, before_start)
    return [instant for _, instant in zip(range(count), fires)]
