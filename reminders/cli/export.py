"""`reminders export`: the logs, as CSV or JSON lines, on stdout."""

from __future__ import annotations

import click

from reminders.cli.common import runtime
from reminders.services import enrolment
from reminders.services import export as log_export


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("--phone", help="Only this patient (E.164 or national).")
@click.option("--since", help="From this date (UTC), e.g. 2027-03-01.")
@click.option("--until", help="Up to (not including) this date (UTC).")
def export(fmt, phone, since, until) -> None:
    """Write the logs (messages, doses, symptoms, labs, consent, flags) to stdout."""
    rt = runtime()
    window = log_export.Window(
        since=log_export.day_start(since) if since else None,
        until=log_export.day_start(until) if until else None,
    )
    with rt.session() as session:
        ids = None
        if phone:
            ids = [enrolment.find_patient(session, phone, rt.config.default_region).id]
        events = log_export.log_events(session, patient_ids=ids, window=window)
        for chunk in log_export.csv_lines(events) if fmt == "csv" else log_export.json_lines(events):
            click.echo(chunk, nl=False)
