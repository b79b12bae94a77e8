"""A new time or a pause, read back out of the words the parser's rule matched:
"time 9pm" -> set_time at "21:00", "pause a week" -> pause of 7 days, "away until friday"."""

from __future__ import annotations

import re

from reminders.incoming import clock_times
from reminders.incoming import lexicon as lex
from reminders.incoming.intents import Intent

_PAUSE_AMOUNT = re.compile(lex.PAUSE_AMOUNT)
_WEEKDAY = re.compile(r"\b(?P<day>" + "|".join(lex.WEEKDAYS) + r")\b")
_ENGLISH_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def set_time(m: re.Match, s: str) -> Intent | None:
    """"time 9pm" -> at 21:00, the last time named ("change my 8am reminder to 9pm")."""
    at = clock_times.last(m.group())
    return Intent("set_time", at=at) if at else None


def pause(m: re.Match, s: str) -> Intent:
    """"pause 7" -> 7 days, "pause a week" -> 7, "away until friday" -> until friday, "pause" -> neither."""
    said = m.group()
    if day := _WEEKDAY.search(said):
        return Intent("pause", until=_ENGLISH_WEEKDAYS[lex.WEEKDAYS[day["day"]]])
    if amount := _PAUSE_AMOUNT.search(said):
        n = lex.NUMBER_WORDS.get(amount["n"]) or int(amount["n"])
        weeks = (amount["u"] or "").startswith(("week", "semana"))
        return Intent("pause", days=max(1, round(n * (7 if weeks else 1))))
    return Intent("pause")
