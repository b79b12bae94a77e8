"""CSV downloads (reminders.services.export) over a date range: the log of one patient or a team,
and a team's adherence summary (one row per patient)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Response, abort, render_template, request, stream_with_context
from sqlalchemy import select

from dashboard.formatting import viewer_zone
from dashboard.forms import ExportForm
from dashboard.web import audit, bp, patient_or_404, user
from reminders.core.db import utcnow
from reminders.core.models import CareTeam
from reminders.services import export as log_export
from reminders.services.report_data import Period
from reminders.web.context import db


def _teams() -> list[CareTeam]:
    if user().is_admin:
        return list(db().scalars(select(CareTeam).order_by(CareTeam.name)))
    return [user().team] if user().team else []


def _window(form: ExportForm) -> log_export.Window:
    # Whole days on the user's clock, both ends included. The day after 9999-12-31 does not
    # exist (nor does local midnight near either end of time): no bound there.
    return log_export.Window(since=_midnight(form.since.data), until=_midnight(form.until.data, 1))


def _midnight(day: date, days_after: int = 0):
    try:
        return datetime.combine(day + timedelta(days=days_after), time(0), ZoneInfo(viewer_zone())).astimezone(UTC)
    except OverflowError:
        return None


ADHERENCE = "adherence"  # the adherence form's prefix: its fields' ids differ from the log form's


def _page(form: ExportForm | None = None, adherence: ExportForm | None = None, **extra) -> str:
    today = utcnow().date()
    defaults = dict(formdata=None, since=today - timedelta(days=30), until=today)
    adherence = adherence or ExportForm(prefix=ADHERENCE, **defaults)
    # Its days are each patient's own, not UTC days.
    adherence.since.label.text, adherence.until.label.text = "From (the patient's date)", "To (inclusive)"
    return render_template("exports.html", form=form or ExportForm(**defaults), adherence=adherence,
                           teams=_teams(), **extra)


@bp.get("/exports")
def exports():
    return _page()


@bp.get("/exports/team.csv")
def export_team():
    form = ExportForm(request.args)
    team_id = request.args.get("team", type=int)
    team = next((t for t in _teams() if t.id == team_id), None)
    if team is None:
        abort(404)
    if not form.validate():
        return _page(form), 400
    audit("export", detail=f"team {team.name}: {form.since.data} to {form.until.data}")
    db().commit()
    events = log_export.log_events(db(), team_id=team.id, window=_window(form))
    return _csv(events, f"team-{team.id}-{form.since.data}-{form.until.data}.csv")


@bp.get("/exports/adherence.csv")
def export_adherence():
    form = ExportForm(request.args, prefix=ADHERENCE)
    team_id = request.args.get("team", type=int)
    team = next((t for t in _teams() if t.id == team_id), None)
    if team is None:
        abort(404)
    if not form.validate():
        return _page(adherence=form), 400
    audit("export", detail=f"adherence, team {team.name}: {form.since.data} to {form.until.data}")
    db().commit()
    # The patients' own days, both ends included, as the visit report counts them.
    period = Period(form.since.data, form.until.data)
    rows = log_export.adherence_rows(db(), period, team_id=team.id)
    return _csv_lines(log_export.adherence_csv_lines(rows),
                      f"adherence-team-{team.id}-{form.since.data}-{form.until.data}.csv")


@bp.get("/patients/<int:patient_id>/export.csv")
def export_patient(patient_id: int):
    p = patient_or_404(patient_id)
    form = ExportForm(request.args)
    if not form.validate():
        return _page(form, patient=p), 400
    audit("export", patient_id=p.id, detail=f"{form.since.data} to {form.until.data}")
    db().commit()
    events = log_export.log_events(db(), patient_ids=[p.id], window=_window(form))
    return _csv(events, f"patient-{p.id}-{form.since.data}-{form.until.data}.csv")


def _csv(events, filename: str) -> Response:
    return _csv_lines(log_export.csv_lines(events, zone=viewer_zone()), filename)


def _csv_lines(lines, filename: str) -> Response:
    return Response(
        stream_with_context(lines),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
