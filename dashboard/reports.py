"""The visit report's download: one page of PDF for a patient and a date range (audit-logged)."""

from __future__ import annotations

from flask import Response, request

from dashboard.forms import ReportForm
from dashboard.patients import _render
from dashboard.web import address, bp, patient_or_404, user
from reminders.services import report
from reminders.web.context import db, runtime


@bp.get("/patients/<int:patient_id>/report.pdf")
def visit_report(patient_id: int):
    p = patient_or_404(patient_id)
    form = ReportForm(request.args, prefix="report")
    period = None
    if form.validate():
        try:
            period = report.Period.parse(form.since.data, form.until.data)
        except report.ReportError as error:
            form.until.errors = [str(error)]
    if period is None:
        return _render(p, 400, report=form)
    pdf = report.visit_report(db(), p, period, config=runtime().config, user=user(), address=address())
    db().commit()
    filename = f"visit-report-{p.id}-{period.since}-{period.until}.pdf"
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
