"""Enrolling a clinic's list from an uploaded CSV (reminders.services.patient_import, as the
`reminders patients import` command): every row checked first, every bad one listed by line."""

from __future__ import annotations

import io

from flask import flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField

from dashboard.enrol import team_choices
from dashboard.forms import options
from dashboard.web import audit, bp, user
from reminders.core.db import utcnow
from reminders.core.models import CareTeam
from reminders.services import patient_import
from reminders.web.context import db, runtime

SHOWN_ERRORS = 200  # bad rows listed on the page; the count says how many more


class ImportForm(FlaskForm):
    file = FileField("CSV file", validators=[FileRequired("Choose the CSV file to import.")],
                     render_kw={"accept": ".csv,text/csv"})
    team_id = SelectField("Care team for rows that name none", coerce=int)
    skip_bad = BooleanField("Enrol the good rows even if some are bad")


@bp.route("/enrol/import", methods=["GET", "POST"])
def enrol_import():
    form = ImportForm()
    teams = team_choices()
    form.team_id.choices = options(teams or [(0, "No care team")])
    checked = written = None
    if form.validate_on_submit():
        rows = _rows(form)
        if rows is not None:
            checked, written = _import(form, rows, [name for _, name in teams])
            if written is not None and not checked.errors:
                flash(f"{written} patients are enrolled; each gets a welcome text.", "ok")
                return redirect(url_for("dashboard.patients"))
    status = 400 if form.errors or (checked and checked.errors and written is None) else 200
    return render_template("enrol_import.html", form=form, checked=checked, written=written,
                           columns=patient_import.COLUMNS, shown=SHOWN_ERRORS), status


def _rows(form: ImportForm) -> list | None:
    try:
        text = form.file.data.read().decode("utf-8-sig")  # -sig: a spreadsheet's byte-order mark
        return patient_import.read(io.StringIO(text, newline=""))
    except UnicodeDecodeError:
        form.file.errors.append("The file is not UTF-8 text: save the sheet as “CSV UTF-8”.")
    except patient_import.ImportFileError as error:
        message = str(error)
        form.file.errors.append(message[:1].upper() + message[1:])
    return None


def _import(form: ImportForm, rows: list, allowed: list[str]):
    """(what the check found, how many were written, or None when nothing was)."""
    s, config, now = db(), runtime().config, utcnow()
    team = s.get(CareTeam, form.team_id.data)
    checked = patient_import.check(s, rows, team=team.name if team else None,
                                   teams=None if user().is_admin else allowed,
                                   region=config.default_region, now=now, lead_days=config.lead_days)
    if checked.errors and not form.skip_bad.data:
        s.rollback()
        return checked, None
    written = patient_import.write(s, checked.rows, now=now, config=config, source="dashboard-import",
                                   actor=user().email)
    audit("import", detail=f"{written} patients enrolled from a file of {checked.total} rows"
          + (f", {len(checked.errors)} bad rows skipped" if checked.errors else ""))
    s.commit()
    return checked, written
