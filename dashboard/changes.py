"""What a patient changed by text (a new time, a pause, a resume), and undoing it."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for

from dashboard.web import audit, bp, patient_or_404, user
from reminders.core import words
from reminders.core.changes import PatientChange
from reminders.core.db import utcnow
from reminders.services import changes
from reminders.web.context import db, runtime


@bp.post("/patients/<int:patient_id>/changes/<int:change_id>/undo")
def undo_change(patient_id: int, change_id: int):
    p = patient_or_404(patient_id)
    change = db().get(PatientChange, change_id)
    if change is None or change.patient_id != p.id:
        abort(404)
    try:
        undo = changes.undo(db(), change, actor=user().email, now=utcnow(), lead_days=runtime().config.lead_days)
    except changes.ChangeError as error:
        flash(str(error), "error")
        return redirect(url_for("dashboard.patient", patient_id=p.id) + "#changes")
    audit("undo_change", patient_id=p.id, detail=f"change {change.id} ({words.plain(change.kind)}) undone by change {undo.id}")
    db().commit()
    flash("Undone. The patient is told by text.", "ok")
    return redirect(url_for("dashboard.patient", patient_id=p.id) + "#changes")
