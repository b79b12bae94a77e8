"""The words of every text we send: templates filled in, always GSM-7, at most 2 segments.

The templates live in content/templates.toml, one table per language, so they can be
read and reviewed without reading code.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo

from reminders.content import gsm
from reminders.content.keywords import keywords
from reminders.content.tip import Tip
from reminders.core.discretion import SENSITIVE, mentions_sensitive  # noqa: F401 (checked on every discreet text)

PURPOSES = ("reminder", "nudge", "due_soon", "due_today", "follow_up", "tip")
LANGUAGES = ("en", "es")
# Which plan kind each purpose is about (a TIP reply is about none).
KIND_OF = {
    "reminder": "supplement",
    "nudge": "supplement",
    "due_soon": "blood_test",
    "due_today": "blood_test",
    "follow_up": "blood_test",
}

MAX_SEPTETS = 2 * gsm.PART_GSM  # 306: two segments
MAX_TIP = 140  # septets; leaves the rest of the two segments to the reminder itself
MAX_LABEL = 60  # septets; longer labels are cut (enrolment should refuse them)
MAX_DAYS_AHEAD = 366  # a due_soon text is never sent more than a year ahead


@lru_cache(maxsize=1)
def templates() -> dict:
    """The templates as sent: accents GSM-7 lacks folded."""
    return _normalised(raw_templates())


def raw_templates() -> dict:
    """The templates as written in templates.toml, accents and all."""
    return tomllib.loads(resources.files("reminders").joinpath("content/templates.toml").read_text("utf-8"))


def _normalised(value):
    if isinstance(value, str):
        return gsm.normalise(value)
    if isinstance(value, list):
        return [_normalised(v) for v in value]
    if isinstance(value, dict):
        return {k: _normalised(v) for k, v in value.items()}
    return value


def compose(
    purpose: str,
    *,
    lang: str,
    discreet: bool,
    label: str | None,
    local_time: datetime,
    tip: Tip | None = None,
    due_date: date | None = None,
) -> str:
    """One outbound text. Raises ValueError on arguments no text can be made from."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}; one of {', '.join(PURPOSES)}")
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; one of {', '.join(LANGUAGES)}")
    if local_time.tzinfo is None:
        raise ValueError("local_time must be aware, in the patient's zone")
    t = templates()[lang]
    if purpose == "tip":
        if tip is None:
            raise ValueError("a tip text needs a tip")
        text = t["purposes"]["tip"].format(tip=_tip_text(tip, lang, discreet), **keywords(lang))
    else:
        fields = {"name": _name(t, KIND_OF[purpose], discreet, label), "time": _clock(local_time, t["clock"])}
        if purpose in ("due_soon", "follow_up"):
            fields.update(_due(t, purpose, local_time, due_date))
        text = t["purposes"][purpose].format(**fields, **keywords(lang))
        if tip is not None:
            text = t["with_tip"].format(text=text, tip=_tip_text(tip, lang, discreet))
    return _checked(text, discreet)


def plan_name(kind: str, lang: str, discreet: bool, label: str | None) -> str:
    """What a text calls a plan: its label, or the kind's name (a neutral one when discreet)."""
    return _name(templates()[lang], kind, discreet, label)


def clock_words(moment: datetime, lang: str) -> str:
    """A local time as the language writes it: "9:00 pm", "21:00"."""
    return _clock(moment, templates()[lang]["clock"])


def date_words(day: date, lang: str) -> str:
    """A date as the language writes it: "Monday, March 22", "lunes 22 de marzo"."""
    return gsm.normalise(_date(templates()[lang], day))


def moment_words(local: datetime, lang: str) -> str:
    """A local date and time: "Thursday, March 11, 9:00 pm", "jueves 11 de marzo, 21:00"."""
    return f"{date_words(local.date(), lang)}, {clock_words(local, lang)}"


def _name(t: dict, kind: str, discreet: bool, label: str | None) -> str:
    if discreet:
        return t["names"][f"discreet_{kind}"]
    return clean_label(label) or t["names"][kind]


def clean_label(label: str | None) -> str:
    """A plan label as it can appear in a text: GSM-7, one line, at most MAX_LABEL septets.

    Labels are typed by people; a stray emoji must not turn a reminder into UCS-2 and
    an over-long one must not push it past two segments, so both are mended, not refused.
    """
    if not label:
        return ""
    text = " ".join(gsm.normalise(label).split())
    text = "".join(ch if gsm.is_gsm7(ch) else "?" for ch in text)
    while gsm.septets(text) > MAX_LABEL:
        text = text[:-1]
    return text.rstrip()


def _tip_text(tip: Tip, lang: str, discreet: bool) -> str:
    if discreet and not tip.discreet:
        raise ValueError(f"tip {tip.id} is not discreet-safe; a discreet patient gets none or a discreet one")
    return gsm.normalise(tip.text(lang, discreet))


def _clock(moment: datetime, style: str) -> str:
    if style == "12h":
        return f"{moment.hour % 12 or 12}:{moment.minute:02d} {'am' if moment.hour < 12 else 'pm'}"
    return f"{moment.hour}:{moment.minute:02d}"


def _date(t: dict, day: date) -> str:
    return t["date"].format(weekday=t["weekdays"][day.weekday()], month=t["months"][day.month - 1], day=day.day)


def _due(t: dict, purpose: str, local_time: datetime, due_date: date | None) -> dict:
    if due_date is None:
        raise ValueError(f"{purpose} needs a due_date")
    if isinstance(due_date, datetime):
        due_date = due_date.astimezone(local_time.tzinfo).date()
    fields = {"date": _date(t, due_date)}
    if purpose == "due_soon":
        days = (due_date - local_time.date()).days
        if not 1 <= days <= MAX_DAYS_AHEAD:
            raise ValueError(f"due_soon needs a due date 1 to {MAX_DAYS_AHEAD} days ahead, not {days}")
        template = t["tomorrow"] if days == 1 else t["in_days"]
        fields["when"] = template.format(days=days, date=fields["date"])
    return fields


def _checked(text: str, discreet: bool) -> str:
    bad = gsm.non_gsm7_chars(text)
    if bad:
        raise ValueError(f"text is not GSM-7 ({', '.join(map(gsm.describe, bad))}): {text!r}")
    if gsm.septets(text) > MAX_SEPTETS:
        raise ValueError(f"text needs {gsm.segments(text)} segments, more than 2: {text!r}")
    if discreet and mentions_sensitive(text):
        raise ValueError(f"discreet text names {mentions_sensitive(text)}: {text!r}")
    return text


# -- worst cases, for the library check ---------------------------------------

# The longest date either language writes (a Wednesday in September: "Wednesday,
# September 30", "miércoles 30 de septiembre"), seen the longest way ahead, at a
# time with the most digits. tests/test_compose.py proves nothing longer exists.
WORST_DUE = date(2026, 9, 30)
WORST_TIME = datetime(2026, 9, 30, 12, 30, tzinfo=ZoneInfo("America/New_York")) - timedelta(days=MAX_DAYS_AHEAD)
WORST_LABEL = "W" * MAX_LABEL


def worst_cases(tip: Tip) -> Iterator[tuple[str, str, bool, dict]]:
    """Every (purpose, lang, discreet) a tip can be sent with, with compose's keyword
    arguments at their longest (label, time, date). Discreet only for discreet-safe tips.

    Yields (purpose, lang, discreet, kwargs): `compose(purpose, **kwargs)` is that text.
    """
    for lang in LANGUAGES:
        for discreet in (False, True) if tip.discreet else (False,):
            for purpose in PURPOSES:
                yield purpose, lang, discreet, dict(
                    lang=lang, discreet=discreet, label=WORST_LABEL,
                    local_time=WORST_TIME, tip=tip, due_date=WORST_DUE,
                )
