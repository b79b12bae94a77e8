"""`reminders teams`: care teams and their on-call contacts.

The root group turns ValueError into a one-line error, so these commands simply raise it.
"""

from __future__ import annotations

import click

from reminders.cli.common import Group, runtime
from reminders.core.models import TIP_CADENCES
from reminders.core.office_hours import EXAMPLE
from reminders.services import teams as teams_service


def contact_options(command):
    """--phone, --on-call-phone, --on-call-email, --backup-phone, --backup-email, --hours, --tz, --tips."""
    helps = {
        "contact_phone": "The number patients are given (HELP, red-flag answers).",
        "on_call_phone": "Texted at once about an urgent flag (E.164 or national).",
        "on_call_email": "E-mailed at once about an urgent flag.",
        "backup_phone": "Texted when no one acknowledges an urgent flag in time.",
        "backup_email": "E-mailed when no one acknowledges an urgent flag in time.",
    }
    command = click.option("--tips", "tip_cadence", type=click.Choice(TIP_CADENCES),
                           help="How often the team's patients get a tip with a reminder (default: every).")(command)
    command = click.option("--tz", "tz", help="The zone of the office hours (default: each patient's).")(command)
    command = click.option("--hours", "hours", help=f"When the office is open, e.g. {EXAMPLE!r}.")(command)
    for field in reversed(list(teams_service.CONTACTS)):
        flag = "--phone" if field == "contact_phone" else "--" + field.replace("_", "-")
        command = click.option(flag, field, help=helps[field])(command)
    return command


@click.group(cls=Group)
def teams() -> None:
    """Care teams and who is on call for them."""


@teams.command("add")
@click.option("--name", required=True)
@contact_options
def teams_add(name, **contacts) -> None:
    """Add a care team."""
    _save(teams_service.add_team, "added", name, contacts)


@teams.command("update")
@click.option("--name", required=True, help="The team to change.")
@contact_options
def teams_update(name, **contacts) -> None:
    """Change a team's contacts: only the options given change; an empty value ("") clears one."""
    _save(teams_service.update_team, "updated", name, contacts)


@teams.command("list")
def teams_list() -> None:
    """List care teams, their patients and contacts."""
    with runtime().session() as session:
        rows = teams_service.listing(session)
        if not rows:
            click.echo("no teams")
        for row in rows:
            team = row.team
            click.echo(f"{team.name}  ({row.patients} patient{'' if row.patients == 1 else 's'})")
            for field, words in {**teams_service.CONTACTS, **teams_service.HOURS, **teams_service.SETTINGS}.items():
                click.echo(f"  {words:<15} {getattr(team, field) or '-'}")


def _save(change, done: str, name: str, contacts: dict) -> None:
    """Add or update (`change`) the team, say so, and warn when an urgent flag would reach no one."""
    rt = runtime()
    with rt.session() as session:
        team = change(session, name, rt.config.default_region, **contacts)
        click.echo(f"{done} team {team.name}")
        for gap in teams_service.gaps(team):
            click.echo(f"warning: {gap}", err=True)
