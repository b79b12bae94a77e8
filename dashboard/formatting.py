"""How the dashboard writes times, phone numbers and stored names: one clock (the signed-in
user's zone, with the patient's own time beside it where it matters), numbers as people dial
them, and words for every status, purpose, reason and action (reminders/core/words.py).

Templates use these as filters: `when`, `day`, `phone`, `tel`, `numbers`, `person`, `words`,
`zone_name`, and the global `quiet_hours`.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from flask_login import current_user
from markupsafe import Markup

from dashboard.web import bp
from reminders.core import phones, words, zones
from reminders.core.db import utcnow
from reminders.web.context import runtime

UTC = "UTC"


# -- zones ----------------------------------------------------------------------------


def check_zone(name: str) -> str:
    """A zone a user may pick, spelled canonically ("america/new_york" -> America/New_York) or UTC.
    Legacy names (EST, EST5EDT, US/Eastern) put a time an hour off half the year: refused with
    what to use instead (reminders/core/zones.py, the one check patients and teams get too)."""
    return zones.canonical(name)


def viewer_zone() -> str:
    """The zone every time on this page is shown in: the user's own, else their team's, else UTC."""
    if current_user and current_user.is_authenticated:
        return current_user.zone
    return UTC


def _abbreviation(moment: datetime) -> str:
    name = moment.tzname() or UTC
    return f"UTC{name}" if name[0] in "+-" else name  # "-03" says less than "UTC-03"


def clock(moment: datetime) -> str:
    """"3:05 pm", the way the dashboard writes a time of day."""
    return words.clock(moment.time())


# -- filters ----------------------------------------------------------------------------


@bp.app_template_filter("when")
def when(value: datetime | None, patient_tz: str | None = None) -> str:
    """A UTC instant in the viewer's zone, with its abbreviation: "Tue Dec 01, 3:05 pm EST".
    With `patient_tz`, the patient's own time follows when it differs:
    "... 3:05 pm EST (patient: 12:05 pm PST)"."""
    if value is None:
        return "-"
    mine = value.astimezone(ZoneInfo(viewer_zone()))
    shown = f"{mine:%a %b %d}, {clock(mine)} {_abbreviation(mine)}"
    if not patient_tz:
        return shown
    theirs = value.astimezone(ZoneInfo(patient_tz))
    if theirs.utcoffset() == mine.utcoffset() and _abbreviation(theirs) == _abbreviation(mine):
        return shown
    their_day = f"{theirs:%a} " if theirs.date() != mine.date() else ""
    return f"{shown} (patient: {their_day}{clock(theirs)} {_abbreviation(theirs)})"


@bp.app_template_filter("day")
def day(value: datetime | None) -> str:
    """The date of a UTC instant in the viewer's zone: "Dec 01, 2026"."""
    if value is None:
        return "-"
    return f"{value.astimezone(ZoneInfo(viewer_zone())):%b %d, %Y}"


@bp.app_template_filter("phone")
def phone(e164: str | None) -> str:
    """A stored number as people here dial it: "(617) 555-0100"; "+44 20 7946 0958" from abroad."""
    return phones.display(e164, runtime().config.default_region)


@bp.app_template_filter("tel")
def tel(e164: str | None, prefix: str = "") -> Markup:
    """A number as a link that dials it on a phone; the E.164 form stays in the href only."""
    if not e164:
        return Markup("")
    return Markup('<a href="tel:{0}" class="tel">{1}{2}</a>').format(e164, prefix, phone(e164))


_E164 = re.compile(r"\+\d{8,15}\b")


@bp.app_template_filter("numbers")
def numbers_in(text: str | None) -> str:
    """Free text (an audit line, a flag's detail) with any E.164 number in it written as dialled."""
    return _E164.sub(lambda m: phone(m.group(0)), text or "")


@bp.app_template_filter("person")
def person(who: str | None) -> str:
    """Who did something: an e-mail address as it is, a phone number (a patient's text) as dialled."""
    return phone(who) if who and _E164.fullmatch(who) else (who or "")


@bp.app_template_filter("words")
def say(value: str | None, kind: str) -> str:
    """A stored name in words: `{{ m.status | words('status') }}` -> "delivered"."""
    return words.say(kind, value)


@bp.app_template_filter("zone_name")
def zone_name(tz: str | None) -> str:
    """A zone for reading: "America/New York (EST)", with its abbreviation now."""
    if not tz:
        return ""
    abbreviation = _abbreviation(utcnow().astimezone(ZoneInfo(tz)))
    return tz if abbreviation == tz else f"{tz.replace('_', ' ')} ({abbreviation})"


def quiet_hours(start, end) -> str:
    return words.quiet_hours(start, end)


bp.add_app_template_global(quiet_hours)
bp.add_app_template_global(viewer_zone)
