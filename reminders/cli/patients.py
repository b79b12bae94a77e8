"""`reminders patients`: enrol and look at patients."""

from __future__ import annotations

import sys

import click
from sqlalchemy import select

from reminders.cli.common import Group, runtime
from reminders.cli.plans import plan_line
from reminders.core.db import utcnow
from reminders.core.models import TIP_CADENCES, Patient
from reminders.services import enrolment, patient_import


@click.group(cls=Group)
def patients() -> None:
    """Enrol and inspect patients."""


@patients.command("add")
@click.option("--phone", required=True, help="Mobile number; E.164 or national.")
@click.option("--name", required=True)
@click.option("--tz", required=True, help="IANA zone where the patient lives, e.g. America/New_York.")
@click.option("--lang", type=click.Choice(["en", "es"]), default="en", show_default=True)
@click.option("--quiet", default="21:00-08:00", show_default=True, help="Local quiet hours.")
@click.option("--team", help="An existing care team's name (see `reminders teams list`).")
@click.option("--create-team", is_flag=True, help="Create the --team if there is none of that name.")
@click.option("--discreet", is_flag=True, help="Keep diagnosis and drug names off texts.")
@click.option("--tips", type=click.Choice(TIP_CADENCES),
              help="How often reminders carry a tip (default: the team's, else every reminder).")
def patients_add(phone, name, tz, lang, quiet, team, create_team, discreet, tips) -> None:
    """Enrol a patient."""
    rt = runtime()
    with rt.session() as session:
        patient = enrolment.add_patient(
            session, phone=phone, name=name, tz=tz, lang=lang, quiet=quiet, team=team,
            create_team=create_team, discreet=discreet, region=rt.config.default_region, source="cli", config=rt.config,
            tip_cadence=tips,
        )
        click.echo(f"enrolled patient {patient.id}: {patient.name} {patient.phone} ({patient.tz})")


@patients.command("list")
@click.option("--team", help="Only this care team.")
def patients_list(team) -> None:
    """List patients."""
    with runtime().session() as session:
        query = select(Patient).order_by(Patient.id)
        if team:
            query = query.where(Patient.team_id == enrolment.find_team(session, team, False).id)
        rows = session.scalars(query).all()
        if not rows:
            click.echo("no patients")
        for p in rows:
            state = p.consent + (", paused" if p.paused else "")
            click.echo(f"{p.id:>6}  {p.phone:<16} {p.name:<24} {p.tz:<22} {p.lang}  {state}")


@patients.command("show")
@click.option("--phone", required=True)
def patients_show(phone) -> None:
    """Show a patient, their consent state and plans."""
    rt = runtime()
    with rt.session() as session:
        p = enrolment.find_patient(session, phone, rt.config.default_region)
        click.echo(f"patient {p.id}: {p.name}")
        click.echo(f"  phone     {p.phone}")
        click.echo(f"  zone      {p.tz}   language {p.lang}")
        click.echo(f"  quiet     {p.quiet_start:%H:%M}-{p.quiet_end:%H:%M}")
        click.echo(f"  team      {p.team.name if p.team else '-'}")
        click.echo(
            f"  consent   {p.consent} since {p.consent_at:%Y-%m-%d %H:%M}Z via {p.consent_source}"
            + (f" by {p.consent_by}" if p.consent_by else "")
        )
        click.echo(f"  paused    {'yes' if p.paused else 'no'}   discreet {'yes' if p.discreet else 'no'}")
        click.echo(f"  tips      {p.effective_tip_cadence}" + ("" if p.tip_cadence else " (the team's)"))
        click.echo(f"  plans     {len(p.plans) or 'none'}")
        for plan in p.plans:
            click.echo("    " + plan_line(plan))


@patients.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--skip-bad", is_flag=True, help="Write the good rows even if some are bad (the bad are listed).")
@click.option("--team", help="Care team of rows that name none (it must exist).")
@click.option("--create-team", is_flag=True, help="Create the teams named that do not exist yet.")
def patients_import(file, skip_bad, team, create_team) -> None:
    """Enrol a list of patients from a CSV file. The header names the columns:
    phone,name,tz,lang,team,quiet,dose_time,dose_days,label,blood_test_every_months,blood_test_next
    (only phone, name and tz are needed). Every row is checked first; nothing is written if
    any is bad, unless --skip-bad is given."""
    rt = runtime()
    rows = _read(file)
    now = utcnow()
    with rt.session() as session:
        checked = patient_import.check(session, rows, team=team, create_team=create_team,
                                       region=rt.config.default_region, now=now, lead_days=rt.config.lead_days,
                                       progress=_progress)
        for error in checked.errors:
            click.echo(str(error), err=True)
        bad = len(checked.errors)
        if bad and not skip_bad:
            good = f", or give --skip-bad to enrol the other {len(checked.rows):,}" if checked.rows else ""
            one = bad == 1
            raise click.ClickException(f"{_counted(bad, 'row')} of {checked.total:,} {'is' if one else 'are'} bad: "
                                       f"nothing was written (correct {'it' if one else 'them'}{good})")
        written = patient_import.write(session, checked.rows, now=now, config=rt.config, source="cli-import",
                                       progress=_progress)
    skipped = f"; {_counted(bad, 'bad row')} skipped" if bad else ""
    click.echo(f"enrolled {_counted(written, 'patient')}, each with a welcome text queued{skipped}")


def _counted(n: int, noun: str) -> str:
    """'1 row', '1,200 rows'."""
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _read(file: str) -> list:
    try:
        with open(file, encoding="utf-8-sig", newline="") as stream:  # -sig: a spreadsheet's byte-order mark
            return patient_import.read(stream)
    except UnicodeDecodeError:
        raise click.ClickException(f"{file}: not UTF-8 text (save the sheet as CSV UTF-8)") from None


def _progress(stage: str, done: int, total: int) -> None:
    """A line on the terminal that counts up; nothing when stderr is a file or a pipe."""
    if sys.stderr.isatty() and total >= patient_import.CHUNK:
        end = "\n" if done >= total else ""
        click.echo(f"\r{stage} {done:,} of {total:,} rows", err=True, nl=False)
        click.echo(end, err=True, nl=False)
