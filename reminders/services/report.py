"""The visit report: one page per patient and date range, for the neurologist.

`visit_report` gathers what the page shows (report_data), writes the audit row, like an
export's, and returns the PDF that report_pdf lays out. The command line (`reminders
report`) and the dashboard's download both call it, so the two never disagree.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from reminders.core.config import Config
from reminders.core.db import utcnow
from reminders.core.models import Patient
from reminders.services import accounts, report_pdf
from reminders.services.report_data import Period, ReportError, gather

__all__ = ["Period", "ReportError", "visit_report"]


def visit_report(session: Session, patient: Patient, period: Period, *, config: Config, user=None,
                 actor: str | None = None, address: str | None = None, now: datetime | None = None) -> bytes:
    """The one-page PDF, with its audit row added to `session` (committed by the caller)."""
    report = gather(session, patient, period, now or utcnow(), config.program_name)
    accounts.audit(session, "report", user=user, actor=actor, patient_id=patient.id,
                   detail=f"visit report {period.since} to {period.until}", address=address)
    return report_pdf.render(report)
