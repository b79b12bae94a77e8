"""`reminders export`: the logs as CSV (a column per field) or JSON, or the adherence summary, on stdout."""

from __future__ import annotations

from datetime import timedelta

import click

from reminders.cli.common import runtime
from reminders.core.db import utcnow
from reminders.services import enrolment
from reminders.services import export as log_export
from reminders.services.report_data import Period, ReportError

ADHERENCE_DAYS = 30  # the summary's default range: the last 30 days, today included


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "adherence"]), default="csv", show_default=True,
              help="csv or json: every logged event; adherence: one CSV row per patient with the scheduled doses "
                   "taken, skipped and missed, and the percentage taken.")
@click.option("--phone", help="Only this patient (E.164 or national).")
@click.option("--since", help="From this date (UTC; for adherence, the patient's own day), e.g. 2027-03-01.")
@click.option("--until", help="Up to (not including) this date. Adherence: default tomorrow, since: 30 days before.")
def export(fmt, phone, since, until) -> None:
    """Write the logs (messages, doses, symptoms, labs, consent, flags), or the adherence summary, to stdout."""
    rt = runtime()
    with rt.session() as session:
        ids = None
        if phone:
            ids = [enrolment.find_patient(session, phone, rt.config.default_region).id]
        if fmt == "adherence":
            rows = log_export.adherence_rows(session, _period(since, until), patient_ids=ids)
            for chunk in log_export.adherence_csv_lines(rows):
                click.echo(chunk, nl=False)
            return
        window = log_export.Window(
            since=log_export.day_start(since) if since else None,
            until=log_export.day_start(until) if until else None,
        )
        events = log_export.log_events(session, patient_ids=ids, window=window)
        for chunk in log_export.csv_lines(events) if fmt == "csv" else log_export.json_lines(events):
            click.echo(chunk, nl=False)


def _period(since: str | None, until: str | None) -> Period:
    """Whole days, from --since up to (not including) --until, as everywhere in `export`."""
    end = log_export.day_start(until).date() if until else utcnow().date() + timedelta(days=1)
    start = log_export.day_start(since).date() if since else end - timedelta(days=ADHERENCE_DAYS)
    if end <= start:
        raise ReportError(f"--until {end} must be after --since {start}")
    return Period(start, end - timedelta(days=1))
