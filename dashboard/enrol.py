"""Enrolling a patient with a B12 dose plan (and, if wanted, a blood-test plan) in one form."""

from __future__ import annotations

from zoneinfo import available_timezones

from flask import flash, redirect, render_template, url_for
from sqlalchemy import select

from dashboard.forms import EnrolForm, options
from dashboard.web import audit, bp, user
from reminders.core import phones
from reminders.core.models import CareTeam, Patient
from reminders.services import enrolment
from reminders.web.context import db, runtime

ZONES = sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))


def team_choices() -> list[tuple[int, str]]:
    if user().is_admin:
        return [(t.id, t.name) for t in db().scalars(select(CareTeam).order_by(CareTeam.name))]
    team = user().team
    return [(team.id, team.name)] if team else []


@bp.route("/enrol", methods=["GET", "POST"])
def enrol():
    form = EnrolForm()
    form.team_id.choices = options(team_choices())
    if form.validate_on_submit() and _check(form):
        s = db()
        team = s.get(CareTeam, form.team_id.data)
        try:
            p = enrolment.add_patient(
                s, phone=form.phone.data, name=form.name.data, tz=form.tz.data.strip(), lang=form.lang.data,
                quiet=form.quiet.data, team=team.name, discreet=form.discreet.data,
                region=runtime().config.default_region, actor=user().email, source="dashboard",
                config=runtime().config,
            )
            enrolment.add_plan(s, p, kind="supplement", rrule=form.rule(), start=form.start.data,
                               label=form.label.data or None)
            if form.blood_test.data:
                enrolment.add_plan(s, p, kind="blood-test", rrule=form.rule("bt_"), start=form.bt_start.data,
                                   label=form.bt_label.data or None)
        except enrolment.EnrolmentError as error:  # checked above; a race is still possible
            s.rollback()
            form.name.errors.append(str(error))
        else:
            audit("enrol", patient_id=p.id, detail=f"{len(p.plans)} plan(s)")
            s.commit()
            flash(f"{p.name} is enrolled.", "ok")
            return redirect(url_for("dashboard.patient", patient_id=p.id))
    status = 400 if form.errors else 200
    return render_template("enrol.html", form=form, zones=ZONES), status


def _check(form: EnrolForm) -> bool:
    """What the field validators can't see alone: duplicates, and rules with their starts."""
    ok = True
    e164 = phones.normalise(form.phone.data, runtime().config.default_region)
    if db().scalar(select(Patient.id).where(Patient.phone == e164)) is not None:
        form.phone.errors.append(f"A patient with {e164} is already enrolled.")
        ok = False
    ok = form.check_plan(form.tz.data.strip()) and ok
    if form.blood_test.data:
        if not form.bt_start.data:
            form.bt_start.errors.append("Give the date and time of the first blood test.")
            ok = False
        else:
            ok = form.check_plan(form.tz.data.strip(), prefix="bt_") and ok
    return ok
