"""The `reminders` command line. Every command exits non-zero with one line on bad input."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone

import click
from alembic.util import CommandError
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError, ProgrammingError

from reminders import enrolment, migrate, recurrence
from reminders.cli_parse import parse
from reminders.cli_tips import tips
from reminders.config import Config, ConfigError
from reminders.models import Patient, Plan
from reminders.runtime import Runtime


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


@click.group(cls=Group)
def main() -> None:
    """B12 Reminders: SMS dose and blood-test reminders."""


# -- db ---------------------------------------------------------------------


@main.group(cls=Group)
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


# -- patients ---------------------------------------------------------------


@main.group(cls=Group)
def patients() -> None:
    """Enrol and inspect patients."""


@patients.command("add")
@click.option("--phone", required=True, help="Mobile number; E.164 or national.")
@click.option("--name", required=True)
@click.option("--tz", required=True, help="IANA zone, e.g. America/New_York.")
@click.option("--lang", type=click.Choice(["en", "es"]), default="en", show_default=True)
@click.option("--quiet", default="21:00-08:00", show_default=True, help="Local quiet hours.")
@click.option("--team", help="Care team name (created if new).")
@click.option("--discreet", is_flag=True, help="Keep diagnosis and drug names off texts.")
def patients_add(phone, name, tz, lang, quiet, team, discreet) -> None:
    """Enrol a patient."""
    rt = runtime()
    with rt.session() as session:
        patient = enrolment.add_patient(
            session, phone=phone, name=name, tz=tz, lang=lang, quiet=quiet, team=team,
            discreet=discreet, region=rt.config.default_region, source="cli",
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
        click.echo(f"  plans     {len(p.plans) or 'none'}")
        for plan in p.plans:
            click.echo("    " + _plan_line(plan))


def _plan_line(plan: Plan) -> str:
    if plan.next_fire_at and plan.active:
        local = plan.next_fire_at.astimezone(recurrence.parse_zone(plan.patient.tz))
        nxt = f"next {local:%Y-%m-%d %H:%M %Z} ({plan.next_fire_at:%Y-%m-%dT%H:%M}Z)"
    else:
        nxt = "inactive" if not plan.active else "no further occurrences"
    label = f" {plan.label!r}" if plan.label else ""
    return f"#{plan.id} {plan.kind.replace('_', '-')}{label} {plan.rrule} from {plan.start_local:%Y-%m-%dT%H:%M}; {nxt}"


# -- plans ------------------------------------------------------------------


@main.group(cls=Group)
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
        click.echo(f"added plan {_plan_line(plan)}")


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
            click.echo(f"{plan.patient.phone:<16} {_plan_line(plan)}")


# -- schedule ---------------------------------------------------------------


@main.group(cls=Group)
def schedule() -> None:
    """Look at schedules without touching the database."""


@schedule.command("preview")
@click.option("--tz", required=True)
@click.option("--rrule", required=True)
@click.option("--start", required=True, help="Local start, e.g. 2027-03-14T08:00.")
@click.option("--count", default=10, show_default=True, type=click.IntRange(1, 10_000))
def schedule_preview(tz, rrule, start, count) -> None:
    """Print the first COUNT fire instants, in UTC, as JSON."""
    fires = recurrence.first_fires(rrule, recurrence.parse_local(start), tz, count)
    click.echo(json.dumps({"fires": [f.strftime("%Y-%m-%dT%H:%M:%SZ") for f in fires]}))


# -- clock ------------------------------------------------------------------


@main.command()
def clock() -> None:
    """The scheduler process: one tick every CLOCK_TICK_SECONDS. Run exactly one."""
    from reminders import clock as clock_module

    _log_to_stderr()
    clock_module.run(runtime())


@main.command()
def worker() -> None:
    """Only send outbox rows (scale-out on PostgreSQL; run as many as senders allow)."""
    from reminders import clock as clock_module

    _log_to_stderr()
    clock_module.work(runtime())


@main.command()
@click.option("--once", is_flag=True, required=True, help="Run one tick and exit.")
@click.option("--now", "at", help="The instant to tick at (ISO 8601, UTC if no offset).")
def dispatch(once, at) -> None:
    """Run one tick of the clock: schedule what is due and send it."""
    from reminders import clock as clock_module

    result = clock_module.tick(runtime(), now=_instant(at) if at else None)
    click.echo(f"tick: {result}")


def _instant(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(f"not an ISO 8601 instant: {text!r}", param_hint="--now") from None
    if not recurrence.EARLIEST_YEAR <= value.year <= recurrence.LATEST_YEAR:  # the clock adds days to it
        raise click.BadParameter(
            f"the year must be between {recurrence.EARLIEST_YEAR} and {recurrence.LATEST_YEAR}", param_hint="--now")
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _log_to_stderr() -> None:
    from reminders import logs

    logs.configure()


@main.command()
def doctor() -> None:
    """Check configuration, database, Twilio credentials and the clock, in plain words."""
    from reminders import doctor as doctor_module

    findings = doctor_module.examine()
    for finding in findings:
        click.echo(str(finding))
    if not all(finding.ok for finding in findings):
        sys.exit(1)


# -- demo -------------------------------------------------------------------


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Only migrate and seed.")
def demo(host, port, no_serve) -> None:
    """Migrate a SQLite database, seed a demo patient and serve the app."""
    from reminders import demo as demo_module

    config = Config.from_env()
    if config.sms_transport != "console":
        raise click.ClickException("demo: runs only with SMS_TRANSPORT=console (no texts are really sent)")
    migrate.upgrade(config.database_url)
    rt = runtime()
    with rt.session() as session:
        created = demo_module.seed(session)
        demo_module.seed_user(session)
        count = session.scalar(select(func.count()).select_from(Patient))
    click.echo(f"demo data {'seeded' if created else 'already present'}: {count} patient(s)")
    if not no_serve:
        demo_module.serve(rt.config, host, port)


main.add_command(tips)
main.add_command(parse)
# -- users and export (the dashboard's accounts; the log export) -------------

from reminders.cli_dashboard import export as _export, users as _users  # noqa: E402

main.add_command(_users)
main.add_command(_export)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
