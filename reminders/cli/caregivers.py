"""`reminders caregivers`: the people a patient asked us to tell when they need a check-in."""

from __future__ import annotations

import click

from reminders.cli.common import Group, runtime
from reminders.services import caregivers as family
from reminders.services import enrolment


@click.group(cls=Group)
def caregivers() -> None:
    """Add and list patients' caregivers."""


@caregivers.command("add")
@click.option("--phone", required=True, help="The patient's phone.")
@click.option("--caregiver-phone", required=True, help="The caregiver's phone.")
@click.option("--name", required=True, help="The caregiver's name.")
@click.option("--lang", type=click.Choice(["en", "es"]), default="en", show_default=True)
@click.option("--on", "on", default="missed,red_flag", show_default=True,
              help="What they are told about: missed, red_flag, or both.")
@click.option("--missed-in-a-row", type=int, default=3, show_default=True,
              help="With --on missed: after how many missed doses in a row.")
@click.option("--consent", required=True, help='How the patient agreed, e.g. "verbal, at clinic visit".')
@click.option("--tz", help="The caregiver's zone (default: the patient's).")
@click.option("--quiet", default="21:00-08:00", show_default=True, help="The caregiver's quiet hours.")
def caregivers_add(phone, caregiver_phone, name, lang, on, missed_in_a_row, consent, tz, quiet) -> None:
    """Add a caregiver; they are texted an invitation and must reply YES first."""
    rt = runtime()
    alerts = family.parse_alerts(on)
    with rt.session() as session:
        patient = enrolment.find_patient(session, phone, rt.config.default_region)
        caregiver = family.add_caregiver(
            session, patient, phone=caregiver_phone, name=name, consent=consent, lang=lang, alerts=alerts,
            missed_in_a_row=missed_in_a_row, tz=tz, quiet=quiet, region=rt.config.default_region,
            actor="command line", names=rt.config,
        )
        click.echo(f"added caregiver for {patient.name}: {family.describe(caregiver)}")
        click.echo("an invitation is queued: nothing else is sent to them until they reply YES")


@caregivers.command("list")
@click.option("--phone", required=True, help="The patient's phone.")
def caregivers_list(phone) -> None:
    """List a patient's caregivers, with their consent and what they are told about."""
    rt = runtime()
    with rt.session() as session:
        patient = enrolment.find_patient(session, phone, rt.config.default_region)
        rows = family.caregivers_of(session, patient)
        if not rows:
            click.echo(f"no caregivers for {patient.name}")
        for caregiver in rows:
            click.echo(family.describe(caregiver))
