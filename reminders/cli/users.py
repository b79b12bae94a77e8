"""`reminders users`: the dashboard's accounts.

The root group turns ValueError into a one-line error, so these commands simply raise it.
"""

from __future__ import annotations

import sys

import click
from sqlalchemy import select

from reminders.cli.common import runtime
from reminders.services import accounts, enrolment


def read_password() -> str:
    """Prompted (hidden, twice) on a terminal; one line from stdin otherwise. Never an argument."""
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    line = sys.stdin.readline()
    if not line:
        raise ValueError("password: expected one line on stdin")
    return line.rstrip("\r\n")


@click.group()
def users() -> None:
    """Dashboard accounts for coordinators and admins."""


@users.command("add")
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice(accounts.ROLES))
@click.option("--team", help="An existing care team's name; required for a coordinator.")
@click.option("--create-team", is_flag=True, help="Create the --team if there is none of that name.")
def users_add(email, role, team, create_team) -> None:
    """Add a dashboard user. The password is prompted for (or read from stdin)."""
    password = read_password()
    with runtime().session() as session:
        team_id = None
        if team:
            found = enrolment.find_team(session, team, create_team)
            session.flush()  # a new team gets its id
            team_id = found.id
        user = accounts.add_user(session, email=email, role=role, password=password, team_id=team_id)
        where = f" in team {team}" if team else ""
        click.echo(f"added {user.role} {user.email}{where}")


@users.command("list")
def users_list() -> None:
    """List dashboard users."""
    with runtime().session() as session:
        rows = session.scalars(select(accounts.User).order_by(accounts.User.email)).all()
        if not rows:
            click.echo("no users")
        for u in rows:
            state = "" if u.active else "  (disabled)"
            click.echo(f"{u.email:<32} {u.role:<12} {u.team.name if u.team else '-'}{state}")
