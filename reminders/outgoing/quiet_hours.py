"""Per-patient quiet hours: nothing is sent inside them; a reminder is held to their end."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from reminders.outgoing.recurrence import UTC, to_utc

DEFAULT = "21:00-08:00"


def parse(text: str) -> tuple[time, time]:
    """'21:00-08:00' -> (21:00, 08:00). Equal ends mean no quiet hours."""
    try:
        start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
    except ValueError:
        raise ValueError(f"quiet hours {text!r}: expected HH:MM-HH:MM, e.g. {DEFAULT}") from None
    return start, end


def inside(clock: time, start: time, end: time) -> bool:
    """Whether a local `clock` time falls inside quiet hours from `start` to `end`."""
    if start == end:
        return False
    if start < end:
        return start <= clock < end
    return clock >= start or clock < end  # spans midnight


def release_time(instant: datetime, tz: str, start: time, end: time) -> datetime:
    """`instant` if it is outside quiet hours, else the UTC instant they end."""
    zone = ZoneInfo(tz)
    local = instant.astimezone(zone)
    if not inside(local.time(), start, end):
        return instant
    day = local.date()
    if start > end and local.time() >= start:
        day += timedelta(days=1)
    release = to_utc(datetime.combine(day, end), zone)
    return max(release, instant).astimezone(UTC)


def format_range(start: time, end: time) -> str:
    return f"{start:%H:%M}-{end:%H:%M}"
