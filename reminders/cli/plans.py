"""`reminders plans` and `reminders schedule`: reminder plans, and what a rule would do."""

from __future__ import annotations

import json

import click
from sqlalchemy import select

from reminders.cli.common import Group, runtime
from reminders.content import schedules
from reminders.core import zones
from reminders.core.db import utcnow
from reminders.core.models import Plan
from reminders.outgoing import recurrence
from reminders.services import enrolment


def plan_line(plan: Plan) -> str:
    if plan.next_fire_at and plan.active:
        local = plan.next_fire_at.astimezone(recurrence.parse_zone(plan.patient.tz))
        nxt = f"next {local:%Y-%m-%d %H:%M %Z} ({plan.next_fire_at:%Y-%m-%dT%H:%M}Z)"
    else:
        nxt = "inactive" if not plan.active else "no further occurrences"
    paused = plan.patient.paused_until
    if paused and paused > utcnow() and plan.active:
        nxt += f"; paused by text until {paused.astimezone(recurrence.parse_zone(plan.patient.tz)):%Y-%m-%d %H:%M %Z}"
    label = f" {plan.label!r}" if plan.label else ""
    words = schedules.describe(plan.rrule, plan.start_local)
    return f"#{plan.id} {plan.kind.replace('_', '-')}{label}: {words}, from {plan.start_local:%Y-%m-%d}; {nxt}"


def echo_warnings(plan: Plan) -> None:
    """Allowed but probably not meant (a start in the past, quiet hours): one line each."""
    for warning in enrolment.warnings_for(plan):
        click.echo(f"Warning: {warning}", err=True)



@click.group(cls=Group)
def plans() -> None:
    """Give patients reminder plans."""


@plans.command("add")
@click.option("--phone", required=True)
@click.option("--kind", required=True, type=click.Choice(["supplement", "blood-test"]))
@click.option("--rrule", required=True, help="RFC 5545 rule, e.g. FREQ=DAILY.")
@click.option("--start", required=True, help="Local start, e.g. 2027-03-14T08:00.")
@click.option("--label", help='e.g. "B12 1000 mcg sublingual".')
def plans_add(phone, kind, rrule, start, label) -> None:
    """Add a reminder plan to a patient."""
    rt = runtime()
    with rt.session() as session:
        patient = enrolment.find_patient(session, phone, rt.config.default_region)
        plan = enrolment.add_plan(
            session, patient, kind=kind, rrule=rrule, start=start, label=label,
            lead_days=rt.config.lead_days,
        )
        click.echo(f"added plan {plan_line(plan)}")
        echo_warnings(plan)


@plans.command("list")
@click.option("--phone", help="Only this patient's plans.")
def plans_list(phone) -> None:
    """List plans."""
    rt = runtime()
    with rt.session() as session:
        query = select(Plan).order_by(Plan.id)
        if phone:
            patient = enrolment.find_patient(session, phone, rt.config.default_region)
            query = query.where(Plan.patient_id == patient.id)
        rows = session.scalars(query).all()
        if not rows:
            click.echo("no plans")
        for plan in rows:
            click.echo(f"{plan.patient.phone:<16} {plan_line(plan)}")



@click.group(cls=Group)
def schedule() -> None:
    """Look at schedules without touching the database."""


@schedule.command("preview")
@click.option("--tz", required=True)
@click.option("--rrule", required=True)
@click.option("--start", required=True, help="Local start, e.g. 2027-03-14T08:00.")
@click.option("--count", default=10, show_default=True, type=click.IntRange(1, 10_000))
def schedule_preview(tz, rrule, start, count) -> None:
    """Print the first COUNT fire instants, in UTC, as JSON."""
    fires = recurrence.first_fires(rrule, recurrence.parse_local(start), zones.canonical(tz), count)
    click.echo(json.dumps({"fires": [f.strftime("%Y-%m-%dT%H:%M:%SZ") for f in fires]}))
