"""What every command module shares: the one-line error contract and the runtime."""

from __future__ import annotations

import sys
from datetime import datetime, timezone

import click
from alembic.util import CommandError
from sqlalchemy.exc import OperationalError, ProgrammingError

from reminders.core.config import Config, ConfigError
from reminders.core.runtime import Runtime
from reminders.outgoing import recurrence
from reminders.services import enrolment

# Characters str.splitlines() breaks on: a value echoed in an error must not start a second line.
_LINE_BREAKS = {ord(c): c.encode("unicode_escape").decode() for c in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"}


class Group(click.Group):
    """Turns expected failures into one line on stderr instead of a traceback."""

    def main(self, args=None, prog_name=None, **extra):
        # Click's usage errors print usage, a hint and a blank line: the
        # contract is one line, so show only the error itself.
        try:
            return super().main(args, prog_name or "reminders", standalone_mode=False, **extra)
        except click.exceptions.Abort:
            click.echo("Aborted.", err=True)
            sys.exit(1)
        except click.exceptions.NoArgsIsHelpError as error:
            error.show()  # a group with no command: its help, as Click shows it, not "Error: Usage: ..."
            sys.exit(error.exit_code)
        except click.ClickException as error:
            click.echo(f"Error: {error.format_message().translate(_LINE_BREAKS)}", err=True)
            sys.exit(error.exit_code)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (ConfigError, enrolment.EnrolmentError, ValueError, CommandError) as error:
            raise click.ClickException(str(error)) from None
        except (OperationalError, ProgrammingError) as error:
            reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            raise click.ClickException(
                f"database: {reason} (is DATABASE_URL right, and has `reminders db upgrade` run?)"
            ) from None


def runtime() -> Runtime:
    ctx = click.get_current_context()
    root = ctx.find_root()
    if root.obj is None:
        root.obj = Runtime.from_config(Config.from_env())
        root.call_on_close(root.obj.close)
    return root.obj


def instant(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(f"not an ISO 8601 instant: {text!r}", param_hint="--now") from None
    if not recurrence.EARLIEST_YEAR <= value.year <= recurrence.LATEST_YEAR:  # the clock adds days to it
        raise click.BadParameter(
            f"the year must be between {recurrence.EARLIEST_YEAR} and {recurrence.LATEST_YEAR}", param_hint="--now")
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
