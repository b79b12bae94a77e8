"""A plan's rule in words: "Every day at 8:00 am", "Mondays and Thursdays at 9:00 pm".

One function, `describe`, used wherever a plan is shown (dashboard, command line, the enrol
confirmation). It reads the rule's text, not dateutil's object, so what it says is what was
written; a rule it has no words for is shown as "Custom: FREQ=...", never guessed at.
"""

from __future__ import annotations

from datetime import datetime, time

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = dict(zip(DAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")))
_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
# Parts a plain sentence can carry; any other (BYSETPOS, BYWEEKNO...) makes it "Custom".
_KNOWN = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYHOUR", "BYMINUTE", "COUNT", "UNTIL", "WKST"}


def clock(t: time) -> str:
    """8:00 am, 12:30 pm, 12:00 am (midnight)."""
    hour = t.hour % 12 or 12
    return f"{hour}:{t.minute:02d} {'am' if t.hour < 12 else 'pm'}"


def ordinal(n: int) -> str:
    if n == -1:
        return "last day"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _parts(rule: str) -> dict[str, str] | None:
    parts = {}
    for piece in rule.strip().upper().split(";"):
        key, sep, value = piece.partition("=")
        if not sep or key in parts or key not in _KNOWN:
            return None
        parts[key] = value
    return parts if "FREQ" in parts else None


def _numbers(text: str | None) -> list[int] | None:
    if text is None:
        return None
    try:
        return [int(n) for n in text.split(",")]
    except ValueError:
        return []


def _times(parts: dict[str, str], start: datetime) -> str | None:
    hours = _numbers(parts.get("BYHOUR")) or [start.hour]
    minutes = _numbers(parts.get("BYMINUTE")) or [start.minute]
    if not all(0 <= h < 24 for h in hours) or not all(0 <= m < 60 for m in minutes):
        return None
    return _and([clock(time(h, m)) for h in sorted(hours) for m in sorted(minutes)])


def _weekdays(byday: str) -> str | None:
    days = byday.split(",")
    if any(d not in DAYS for d in days):
        return None
    chosen = [d for d in DAYS if d in days]
    if len(chosen) == 7:
        return "every day"
    if chosen == list(DAYS[:5]):
        return "weekdays (Monday to Friday)"
    if chosen == ["SA", "SU"]:
        return "weekends"
    return _and([DAY_NAMES[d] + "s" for d in chosen])


def _nth_weekday(byday: str) -> str | None:
    """2TU -> "second Tuesday"; -1FR -> "last Friday"."""
    day, number = byday[-2:], byday[:-2].lstrip("+")
    try:
        n = int(number)
    except ValueError:
        return None
    if day not in DAYS or n not in _ORDINALS:
        return None
    return f"{_ORDINALS[n]} {DAY_NAMES[day]}"


def _every(n: int, unit: str) -> str:
    return f"every {unit}" if n == 1 else f"every {n} {unit}s"


def _rhythm(parts: dict[str, str], start: datetime) -> str | None:
    """The repeating part, lower case: "every day", "Mondays", "every 3 months on the 1st"."""
    freq, interval = parts["FREQ"], _numbers(parts.get("INTERVAL", "1"))
    if not interval or len(interval) != 1 or interval[0] < 1:
        return None
    n, byday = interval[0], parts.get("BYDAY")
    if parts.get("BYMONTH") and freq != "YEARLY":
        return None
    if freq == "DAILY" and not byday and not parts.get("BYMONTHDAY"):
        return _every(n, "day")
    if freq in ("DAILY", "WEEKLY") and byday and not parts.get("BYMONTHDAY"):
        days = _weekdays(byday)
        if days is None or (freq == "DAILY" and n > 1):
            return None
        return days if n == 1 else f"every {n} weeks on {days}"
    if freq == "WEEKLY" and not parts.get("BYMONTHDAY"):
        day = DAY_NAMES[DAYS[start.weekday()]]
        return f"{day}s" if n == 1 else f"every {n} weeks on {day}"
    if freq == "MONTHLY":
        if byday and not parts.get("BYMONTHDAY") and "," not in byday:
            nth = _nth_weekday(byday)
            return None if nth is None else f"{_every(n, 'month')} on the {nth}"
        if byday:
            return None
        days = _numbers(parts.get("BYMONTHDAY")) or [start.day]
        if not all(1 <= abs(d) <= 31 for d in days) or any(d < -1 for d in days):
            return None
        return f"{_every(n, 'month')} on the {_and([ordinal(d) for d in days])}"
    if freq == "YEARLY" and not byday:
        months, days = _numbers(parts.get("BYMONTH")) or [start.month], _numbers(parts.get("BYMONTHDAY")) or [start.day]
        if len(months) != 1 or len(days) != 1 or not 1 <= months[0] <= 12 or not 1 <= days[0] <= 31:
            return None
        return f"{_every(n, 'year')} on {days[0]} {_MONTHS[months[0] - 1]}"
    return None


def _limit(parts: dict[str, str]) -> str | None:
    if "COUNT" in parts:
        count = _numbers(parts["COUNT"])
        return None if not count or len(count) != 1 else f", {count[0]} time{'s' if count[0] != 1 else ''}"
    if "UNTIL" in parts:
        try:
            until = datetime.strptime(parts["UNTIL"][:8], "%Y%m%d")
        except ValueError:
            return None
        return f", until {until.day} {_MONTHS[until.month - 1]} {until.year}"
    return ""


def describe(rule: str, start: datetime) -> str:
    """The plan's schedule as a sentence; a rule with no plain words is shown as written."""
    parts = _parts(rule)
    rhythm = _rhythm(parts, start) if parts else None
    at = _times(parts, start) if parts else None
    limit = _limit(parts) if parts else None
    if rhythm is None or at is None or limit is None:
        return f"Custom: {rule.strip()}"
    return f"{rhythm[0].upper()}{rhythm[1:]} at {at}{limit}"
