"""The schedule picker's choices, and the RRULE each one writes.

A coordinator picks "every day", "on chosen days of the week", "every few weeks" or "every few
months"; this module turns that into the rule the clock runs, and reads a stored rule back
into a choice (for editing). Only "custom" takes a rule as typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reminders.content.schedules import DAYS

DAILY, DAYS_OF_WEEK, WEEKS, MONTHS, CUSTOM = "daily", "days", "weeks", "months", "custom"
REPEATS = (DAILY, DAYS_OF_WEEK, WEEKS, MONTHS, CUSTOM)
LAST_DAY = -1  # BYMONTHDAY=-1: the last day of each month
MAX_EVERY = 24


class ChoiceError(ValueError):
    """A choice that writes no rule; `field` is which part to fix."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass
class Choice:
    repeat: str = DAILY
    days: list[str] = field(default_factory=list)  # MO..SU, for days and weeks
    every: int = 1  # weeks or months between reminders
    month_day: int = 1  # 1-28, or LAST_DAY
    rule: str = ""  # the rule as typed, for custom


def build(choice: Choice) -> str:
    """The RRULE for a choice, or ChoiceError naming the field to fix."""
    if choice.repeat not in REPEATS:
        raise ChoiceError("repeat", f"repeats: choose one of {', '.join(REPEATS)}")
    if choice.repeat == CUSTOM:
        if not choice.rule.strip():
            raise ChoiceError("rule", "Enter a rule such as FREQ=WEEKLY;BYDAY=MO,TH.")
        return choice.rule.strip()
    if choice.repeat == DAILY:
        return "FREQ=DAILY"
    interval = _interval(choice)
    if choice.repeat == MONTHS:
        if not (1 <= choice.month_day <= 28 or choice.month_day == LAST_DAY):
            # The 29th-31st are silently skipped in shorter months: a missed reminder.
            raise ChoiceError("month_day", "Choose a day from the 1st to the 28th, or the last day of the month.")
        return f"FREQ=MONTHLY{interval};BYMONTHDAY={choice.month_day}"
    days = [d for d in DAYS if d in {d.upper() for d in choice.days}]
    if not days or len(days) != len(set(choice.days)):
        raise ChoiceError("days", "Choose at least one day of the week.")
    return f"FREQ=WEEKLY{interval if choice.repeat == WEEKS else ''};BYDAY={','.join(days)}"


def _interval(choice: Choice) -> str:
    if choice.repeat in (DAYS_OF_WEEK, DAILY):
        return ""
    if not 1 <= choice.every <= MAX_EVERY:
        unit = "weeks" if choice.repeat == WEEKS else "months"
        raise ChoiceError("every", f"Every how many {unit}: a number from 1 to {MAX_EVERY}.")
    return "" if choice.every == 1 else f";INTERVAL={choice.every}"


def read(rule: str) -> Choice:
    """The picker's choice that writes `rule` exactly; custom when no choice does."""
    parts = dict(p.partition("=")[::2] for p in rule.strip().upper().split(";"))
    every = parts.get("INTERVAL", "1")
    guess: Choice | None = None
    if set(parts) == {"FREQ"} and parts["FREQ"] == "DAILY":
        guess = Choice(DAILY)
    elif parts.get("FREQ") == "WEEKLY" and "BYDAY" in parts and every.isdigit():
        days = parts["BYDAY"].split(",")
        guess = Choice(WEEKS if "INTERVAL" in parts else DAYS_OF_WEEK, days=days, every=int(every))
    elif parts.get("FREQ") == "MONTHLY" and every.isdigit() and parts.get("BYMONTHDAY", "").lstrip("-").isdigit():
        guess = Choice(MONTHS, every=int(every), month_day=int(parts["BYMONTHDAY"]))
    try:
        if guess is not None and build(guess) == rule.strip():
            return guess
    except ChoiceError:
        pass
    return Choice(CUSTOM, rule=rule.strip())
