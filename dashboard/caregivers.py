"""A patient's caregivers on their page: who is told what, their own consent, and adding one."""

from __future__ import annotations

from flask import flash, redirect, url_for

from dashboard.forms import CaregiverForm
from dashboard.patients import _render
from dashboard.web import audit, bp, patient_or_404, user
from reminders.core.caregivers import MISSED, RED_FLAG
from reminders.services import caregivers as family
from reminders.services.enrolment import EnrolmentError
from reminders.web.context import db, runtime


@bp.post("/patients/<int:patient_id>/caregivers")
def add_caregiver(patient_id: int):
    p = patient_or_404(patient_id)
    form = CaregiverForm(prefix="caregiver")
    if not form.validate():
        return _render(p, 400, caregiver=form)
    alerts = [a for a, on in ((MISSED, form.on_missed.data), (RED_FLAG, form.on_red_flag.data)) if on]
    try:
        caregiver = family.add_caregiver(
            db(), p, phone=form.phone.data, name=form.name.data, consent=form.consent.data,
            lang=form.lang.data, alerts=alerts, missed_in_a_row=form.missed_in_a_row.data,
            region=runtime().config.default_region, actor=user().email, names=runtime().config,
        )
    except EnrolmentError as error:
        db().rollback()
        form.phone.errors.append(str(error))
        return _render(p, 400, caregiver=form)
    audit("caregiver_add", patient_id=p.id, detail=f"caregiver {caregiver.id}: {family.alerts_in_words(caregiver)}")
    db().commit()
    flash(f"{caregiver.name} added. They were texted an invitation and hear nothing more until they reply YES.",
          "ok")
    return redirect(url_for("dashboard.patient", patient_id=p.id) + "#caregivers")
