"""A snooze's clock time: "at 9", "9:30 pm", "a las 21:00", "after dinner" -> "HH:MM" local."""

from __future__ import annotations

import re

from reminders.incoming import lexicon as lex

_AT_CLOCK = re.compile(lex.AT_CLOCK)
_CLOCK = re.compile(lex.CLOCK)
_MEAL = re.compile(lex.MEAL)


def read(said: str) -> tuple[str | None, bool, str]:
    """The "HH:MM" a snooze names (None: none), whether it was given without am or pm, and the
    rest of what was said, which may still name minutes ("7am" is no "a m(inute)")."""
    if found := _AT_CLOCK.search(said):
        at, ambiguous = _clock(_CLOCK.search(found.group()))
        return at, ambiguous, said[:found.start()] + said[found.end():]
    return _meal(said), False, said


def last(said: str) -> str | None:
    """The "HH:MM" of the last clock time in `said` (a new reminder time), or None."""
    found = None
    for found in _AT_CLOCK.finditer(said):
        pass
    return _clock(_CLOCK.search(found.group()))[0] if found else None


def _clock(c: re.Match) -> tuple[str, bool]:
    if c["named"]:
        return lex.CLOCK_NAMED[c["named"]], False
    hour = int(c["h"]) if c["h"] else lex.HOUR_WORDS[c["hw"]]
    minute = int(c["m"][1:]) if c["m"] else lex.CLOCK_HALF.get(c["half"], 0)
    if c["pm"] and hour < 12:
        hour += 12
    elif c["am"] and hour == 12:
        hour = 0
    # "9" or "9:30" could be either half of the day; "21:00", "09:00", "12" and "9pm" cannot
    ambiguous = not (c["am"] or c["pm"]) and 1 <= hour <= 11 and not (c["h"] or "").startswith("0")
    return f"{hour:02d}:{minute:02d}", ambiguous


def _meal(said: str) -> str | None:
    """A meal's default time, an hour later after it and earlier before it (lexicon.MEAL_TIMES)."""
    if not (meal := _MEAL.search(said)):
        return None
    name = next(name for name in lex.MEAL_TIMES if meal[name])
    hours, minutes = map(int, lex.MEAL_TIMES[name].split(":"))
    shift = lex.MEAL_AFTER_MINUTES if meal["after"] else lex.MEAL_BEFORE_MINUTES if meal["before"] else 0
    total = (hours * 60 + minutes + shift) % (24 * 60)
    return f"{total // 60:02d}:{total % 60:02d}"
