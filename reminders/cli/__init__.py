"""The `reminders` command line: one module per command group, gathered on the root group here.

Every command exits non-zero with one line on bad input (see common.Group). Command modules
import reminders.cli.common, never this root.
"""

from __future__ import annotations

import click

from reminders.cli.caregivers import caregivers
from reminders.cli.common import Group
from reminders.cli.database import db
from reminders.cli.demo import demo
from reminders.cli.export import export
from reminders.cli.parse import parse
from reminders.cli.patients import patients
from reminders.cli.plans import plans, schedule
from reminders.cli.processes import clock, dispatch, doctor, worker
from reminders.cli.report import report_command
from reminders.cli.teams import teams
from reminders.cli.tips import tips
from reminders.cli.users import users


@click.group(cls=Group)
def main() -> None:
    """B12 Reminders: SMS dose and blood-test reminders."""


for command in (db, patients, plans, schedule, clock, worker, dispatch, doctor, demo, tips, parse, users, export,
                teams, report_command, caregivers):
    main.add_command(command)
