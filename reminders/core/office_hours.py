"""A care team's office hours ("Mon-Fri 08:00-17:00", in the team's zone): when no one is on call,
the answer to a red flag says whether the office is open to see it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from reminders.core import zones

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
EXAMPLE = "Mon-Fri 08:00-17:00"
_FORM = re.compile(r"^\s*(?P<days>[A-Za-z,\- ]+?)\s+(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})\s*$")


@dataclass(frozen=True)
class OfficeHours:
    days: frozenset[int]  # 0 = Monday
    start: time
    end: time

    def open_at(self, instant: datetime, tz: str) -> bool:
        local = instant.astimezone(ZoneInfo(tz))
        return local.weekday() in self.days and self.start <= local.time() < self.end

    def __str__(self) -> str:
        return f"{_days(self.days)} {self.start:%H:%M}-{self.end:%H:%M}"


def is_open(hours: str | None, tz: str, now: datetime) -> bool | None:
    """Whether an office with these hours (as stored) is open at `now` in `tz`; None if not known."""
    return parse(hours).open_at(now, tz) if hours else None


def parse(text: str) -> OfficeHours:
    """'Mon-Fri 08:00-17:00', 'Mon,Wed 09:00-13:00' or 'Daily 08:00-20:00'; ValueError with words."""
    match = _FORM.match(text or "")
    if not match:
        raise ValueError(f"office hours {text!r}: expected days and times, e.g. {EXAMPLE}")
    try:
        start, end = time.fromisoformat(match["start"].zfill(5)), time.fromisoformat(match["end"].zfill(5))
    except ValueError:
        raise ValueError(f"office hours {text!r}: times are HH:MM, e.g. {EXAMPLE}") from None
    if start >= end:
        raise ValueError(f"office hours {text!r}: the office must open before it closes")
    return OfficeHours(_parse_days(match["days"], text), start, end)


def _parse_days(words: str, text: str) -> frozenset[int]:
    if words.strip().lower() in ("daily", "every day"):
        return frozenset(range(7))
    days: set[int] = set()
    for part in words.replace(" ", "").split(","):
        first, _, last = part.partition("-")
        a, b = _day(first, text), _day(last or first, text)
        days.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
    return frozenset(days)


def _day(word: str, text: str) -> int:
    for index, name in enumerate(DAYS):
        if word[:3].lower() == name.lower():
            return index
    raise ValueError(f"office hours {text!r}: {word!r} is not a day (Mon, Tue ... Sun)")


def _days(days: frozenset[int]) -> str:
    if days == frozenset(range(7)):
        return "Daily"
    ordered = sorted(days)
    if ordered == list(range(ordered[0], ordered[-1] + 1)) and len(ordered) > 2:
        return f"{DAYS[ordered[0]]}-{DAYS[ordered[-1]]}"
    return ",".join(DAYS[d] for d in ordered)


def check_zone(tz: str) -> str:
    """The zone's canonical name: legacy and fixed-offset zones are refused (core/zones.py)."""
    return zones.canonical(tz)
