"""Care teams and who is told of an urgent flag: what `reminders teams` and the admin's team page
change. Both come through here, so a bad number or address is refused the same way everywhere."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reminders.core import office_hours, phones
from reminders.core.models import TIP_CADENCES, TIP_EVERY, CareTeam, Patient
from reminders.services import accounts

# The contact fields, in the order they are shown, with the words used for them.
CONTACTS = {
    "contact_phone": "phone",  # the number patients are given
    "on_call_phone": "on-call phone",
    "on_call_email": "on-call e-mail",
    "backup_phone": "backup phone",
    "backup_email": "backup e-mail",
}
# When the office is open, and in which zone (default: each patient's own).
HOURS = {"hours": "office hours", "tz": "time zone"}
PHONES = {"contact_phone", "on_call_phone", "backup_phone"}
# How often the team's patients get a tip with a reminder, unless a patient has a setting of their own.
SETTINGS = {"tip_cadence": "tips"}


class TeamError(ValueError):
    """Input a person must correct; the words say which field and why."""


def clean(field: str, value: str | None, region: str = "US") -> str | None:
    """A field as stored: E.164, a lower-case address, office hours, a zone; None for an empty value."""
    value = (value or "").strip()
    if field == "tip_cadence":
        return _cadence(value)
    if not value:
        return None
    try:
        if field == "hours":
            return str(office_hours.parse(value))
        if field == "tz":
            return office_hours.check_zone(value)
        return phones.normalise(value, region) if field in PHONES else accounts.normalise_email(value)
    except ValueError as error:
        label = CONTACTS.get(field) or HOURS[field]
        raise TeamError(str(error) if str(error).startswith(label) else f"{label}: {error}") from None


def _cadence(value: str) -> str:
    if value not in TIP_CADENCES:
        raise TeamError(f"tips: one of {', '.join(TIP_CADENCES)}, not {value!r}")
    return value


def _name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise TeamError("team name: required")
    if len(name) > CareTeam.name.type.length:
        raise TeamError(f"team name: at most {CareTeam.name.type.length} characters")
    return name


def add_team(session: Session, name: str, region: str = "US", **contacts: str | None) -> CareTeam:
    """A new team; `contacts` are CONTACTS and HOURS fields."""
    name = _name(name)
    if session.scalar(select(CareTeam.id).where(CareTeam.name == name)) is not None:
        raise TeamError(f"a team named {name!r} already exists (change it with `teams update`)")
    team = CareTeam(name=name, **{f: clean(f, contacts.get(f), region) for f in (*CONTACTS, *HOURS)},
                    tip_cadence=_cadence(contacts.get("tip_cadence") or TIP_EVERY))
    session.add(team)
    session.flush()
    return team


def update_team(session: Session, name: str, region: str = "US", **contacts: str | None) -> CareTeam:
    """Only the fields given change; an empty one is cleared."""
    team = find(session, name)
    for field, value in contacts.items():
        if field not in CONTACTS and field not in HOURS and field not in SETTINGS:
            raise TeamError(f"not a team field: {field}")
        if value is not None:
            setattr(team, field, clean(field, value, region))
    return team


def find(session: Session, name: str) -> CareTeam:
    team = session.scalar(select(CareTeam).where(CareTeam.name == _name(name)))
    if team is None:
        raise TeamError(f"no care team named {name.strip()!r}")
    return team


@dataclass(frozen=True)
class TeamRow:
    team: CareTeam
    patients: int


def listing(session: Session) -> list[TeamRow]:
    counts = dict(session.execute(select(Patient.team_id, func.count()).group_by(Patient.team_id)).all())
    teams = session.scalars(select(CareTeam).order_by(CareTeam.name)).all()
    return [TeamRow(team, counts.get(team.id, 0)) for team in teams]


def gaps(team: CareTeam) -> list[str]:
    """What is missing for an urgent flag to reach a person beyond the dashboard, in words."""
    missing = []
    if not (team.on_call_phone or team.on_call_email):
        missing.append(f"{team.name} has no on-call phone or e-mail: urgent flags reach only the admins' "
                       "e-mail, and patients are not told anyone was alerted")
    if not (team.backup_phone or team.backup_email):
        missing.append(f"{team.name} has no backup contact: an unacknowledged urgent flag goes on to the admins only")
    return missing
