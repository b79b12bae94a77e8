"""`reminders db`: migrations."""

from __future__ import annotations

import click

from reminders.cli.common import Group
from reminders.core import migrate
from reminders.core.config import Config


@click.group(cls=Group)
def db() -> None:
    """Database migrations."""


@db.command()
def upgrade() -> None:
    """Migrate the database to the newest schema."""
    migrate.upgrade(Config.from_env().database_url)
    click.echo("database is at the newest revision")


@db.command()
@click.argument("revision")
def downgrade(revision: str) -> None:
    """Migrate the database down to REVISION (e.g. base)."""
    try:
        migrate.downgrade(Config.from_env().database_url, revision)
    except AssertionError:  # how Alembic refuses some malformed revisions ('', 'x@')
        raise click.BadParameter(f"not a revision: {revision!r} (e.g. base)", param_hint="REVISION") from None
