"""`reminders report`: the one-page visit report, as a PDF file."""

from __future__ import annotations

from pathlib import Path

import click

from reminders.cli.common import runtime
from reminders.services import enrolment, report


@click.command("report")
@click.option("--phone", required=True, help="The patient (E.164 or national).")
@click.option("--since", required=True, help="First day, in the patient's zone, e.g. 2027-03-01.")
@click.option("--until", required=True, help="Last day (included), e.g. 2027-05-31.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Where to write the PDF, e.g. report.pdf.")
def report_command(phone, since, until, out: Path) -> None:
    """Write a patient's visit report (adherence, symptoms, labs, flags) for a date range."""
    rt = runtime()
    period = report.Period.parse(since, until)
    if out.suffix.lower() != ".pdf":
        raise click.BadParameter(f"{out}: the report is a PDF; give a file name ending in .pdf", param_hint="--out")
    with rt.session() as session:
        patient = enrolment.find_patient(session, phone, rt.config.default_region)
        pdf = report.visit_report(session, patient, period, config=rt.config, actor="command line")
        try:
            out.write_bytes(pdf)
        except OSError as error:
            raise click.ClickException(f"cannot write {out}: {error.strerror}") from None
    click.echo(f"wrote {out} ({len(pdf) // 1024 + 1} KB): {patient.name}, {period.since} to {period.until}")
