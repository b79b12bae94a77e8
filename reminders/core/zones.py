"""Which time zone names a patient or team may be given: canonical IANA zones only.

Legacy names such as EST (a fixed UTC-5 all year) or EST5EDT (US rules without the local
history) are valid to zoneinfo but put a reminder an hour off, or wrong in past years; old
aliases such as US/Eastern may vanish from the database. So input is matched against the
zones the tz database lists per country (zone.tab, from the `tzdata` package), plus UTC,
case-insensitively, and anything else is refused with a one-line suggestion.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = "UTC"

# Legacy names people actually type, and the zone they almost always mean. Newer tz
# releases make EST a link to America/Panama, so a byte match would mislead here.
_MEANT = {
    "EST": "America/New_York", "EDT": "America/New_York", "EST5EDT": "America/New_York",
    "CST": "America/Chicago", "CDT": "America/Chicago", "CST6CDT": "America/Chicago",
    "MST": "America/Denver", "MDT": "America/Denver", "MST7MDT": "America/Denver",
    "PST": "America/Los_Angeles", "PDT": "America/Los_Angeles", "PST8PDT": "America/Los_Angeles",
    "HST": "Pacific/Honolulu", "AKST": "America/Anchorage",
    "GMT": UTC, "GMT0": UTC, "GMT+0": UTC, "GMT-0": UTC, "Greenwich": UTC, "UCT": UTC,
    "Universal": UTC, "Zulu": UTC, "Etc/UTC": UTC, "Etc/GMT": UTC, "Etc/UCT": UTC, "Etc/Universal": UTC,
    "Etc/Zulu": UTC, "Etc/Greenwich": UTC, "Etc/GMT0": UTC, "Etc/GMT+0": UTC, "Etc/GMT-0": UTC,
}
# Zones whose offset never changes, or that follow one country's rules without its history.
_FIXED = {"EST", "MST", "HST", "EDT", "CST", "CDT", "MDT", "PST", "PDT", "AKST"}
_RULES_ONLY = {"EST5EDT", "CST6CDT", "MST7MDT", "PST8PDT", "CET", "EET", "MET", "WET"}
EXAMPLE = "America/New_York"


@dataclass(frozen=True)
class Zone:
    name: str  # e.g. America/New_York
    country: str  # e.g. United States
    comment: str  # the tz database's note, e.g. "Eastern (most areas)"


def _table(name: str) -> list[list[str]]:
    text = resources.files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@cache
def listed() -> tuple[Zone, ...]:
    """Every canonical zone with its country, sorted by country then name (UTC last)."""
    countries = {row[0]: row[1] for row in _table("iso3166.tab")}
    zones = [Zone(row[2], countries.get(row[0], row[0]), row[3] if len(row) > 3 else "")
             for row in _table("zone.tab")]
    zones.sort(key=lambda z: (z.country, z.name))
    return (*zones, Zone(UTC, "Coordinated Universal Time", ""))


@cache
def _by_lower() -> dict[str, str]:
    return {z.name.lower(): z.name for z in listed()}


@cache
def _by_bytes() -> dict[bytes, str]:
    """A zone's compiled data -> its canonical name: how an alias (US/Eastern) finds its zone."""
    found: dict[bytes, str] = {}
    for zone in listed():
        found.setdefault(_data(zone.name), zone.name)
    return found


def _data(name: str) -> bytes:
    parts = name.split("/")
    return resources.files("tzdata").joinpath("zoneinfo", *parts).read_bytes()


def _suggestion(name: str) -> str | None:
    if name in _MEANT:
        return _MEANT[name]
    if name.startswith("Etc/GMT"):
        return None  # a bare offset: only the person knows which city
    try:
        return _by_bytes().get(_data(name))
    except (OSError, ValueError):
        return None


def canonical(name: str) -> str:
    """The canonical spelling of a zone (`america/new_york` -> America/New_York), or a
    ValueError, in one line, that says what to use instead."""
    text = (name or "").strip()
    if not text:
        raise ValueError(f"time zone: give one, e.g. {EXAMPLE}")
    found = _by_lower().get(text.lower())
    if found:
        return found
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a directory such as "America"
        close = difflib.get_close_matches(text.lower(), _by_lower(), n=1, cutoff=0.75)
        hint = f"did you mean {_by_lower()[close[0]]}?" if close else f"use a name like {EXAMPLE}"
        raise ValueError(f"unknown time zone {text!r}: {hint}") from None
    meant = _suggestion(text)
    use = f"use {meant}" if meant else f"use the patient's city zone, e.g. {EXAMPLE}"
    if text in _FIXED or text.startswith("Etc/GMT") and meant is None:
        raise ValueError(f"{text} is a fixed offset that ignores daylight saving; {use}")
    if text in _RULES_ONLY:
        raise ValueError(f"{text} is a legacy zone without local history; {use}")
    if meant == UTC:
        raise ValueError(f"{text} is another name for UTC; use UTC")
    raise ValueError(f"{text} is an old alias; {use}")


def local_now(name: str, now: datetime | None = None) -> datetime:
    return (now or datetime.now(timezone.utc)).astimezone(ZoneInfo(name))
