"""`reminders clock`, `worker`, `dispatch` and `doctor`: the running processes, and a check of them."""

from __future__ import annotations

import sys

import click

from reminders.cli.common import instant, runtime
from reminders.core import logs
from reminders.incoming import sweeper
from reminders.outgoing import clock as clock_module
from reminders.services import doctor as doctor_module

# What the clock's tick does beyond scheduling and sending (see clock.Sweep).
SWEEPS = (sweeper.sweep_stuck,)


@click.command()
def clock() -> None:
    """The scheduler process: one tick every CLOCK_TICK_SECONDS. Run exactly one."""
    _log_to_stderr()
    clock_module.run(runtime(), sweeps=SWEEPS)


@click.command()
def worker() -> None:
    """Schedule due plans beside the clock and send outbox rows (scale-out on PostgreSQL)."""
    _log_to_stderr()
    clock_module.work(runtime())


@click.command()
@click.option("--once", is_flag=True, required=True, help="Run one tick and exit.")
@click.option("--now", "at", help="The instant to tick at (ISO 8601, UTC if no offset).")
def dispatch(once, at) -> None:
    """Run one tick of the clock: schedule what is due and send it."""
    result = clock_module.tick(runtime(), now=instant(at) if at else None, sweeps=SWEEPS)
    click.echo(f"tick: {result}")


def _log_to_stderr() -> None:
    logs.configure()


@click.command()
def doctor() -> None:
    """Check configuration, database, Twilio credentials and the clock, in plain words."""
    findings = doctor_module.examine()
    for finding in findings:
        click.echo(str(finding))
    if not all(finding.ok for finding in findings):
        sys.exit(1)
