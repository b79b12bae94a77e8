"""Enrolling a patient with a B12 dose plan (and, if wanted, a blood-test plan) in one form.

Every field is checked in one pass (the form's validators, then the same enrolment checks
the command line and the import use), so all errors show at once. What is allowed but
probably not meant (a start in the past, a time inside quiet hours) is shown as a warning
before anything is saved, with a button to save anyway.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone

from flask import flash, redirect, render_template, url_for
from sqlalchemy import select

from dashboard.forms import EnrolForm, add_error, options
from dashboard.web import audit, bp, user
from reminders.content import schedules as words
from reminders.core import zones
from reminders.core.models import BLOOD_TEST, CareTeam
from reminders.outgoing import quiet_hours, recurrence
from reminders.services import enrolment
from reminders.web.context import db, runtime

PATIENT_FIELDS = {"phone": "phone", "name": "name", "tz": "tz", "quiet": "quiet", "lang": "lang", "team": "team_id"}


def team_choices() -> list[tuple[int, str]]:
    if user().is_admin:
        return [(t.id, t.name) for t in db().scalars(select(CareTeam).order_by(CareTeam.name))]
    team = user().team
    return [(team.id, team.name)] if team else []


def zone_choices(now: datetime | None = None) -> dict[str, list[tuple[str, str]]]:
    """Canonical zones grouped by country, each with its local time now: a select's optgroups."""
    now = now or datetime.now(timezone.utc)
    groups: dict[str, list[tuple[str, str]]] = {}
    for zone in zones.listed():
        local = words.clock(zones.local_now(zone.name, now).time())
        city = zone.name.rsplit("/", 1)[-1].replace("_", " ")
        note = f", {zone.comment}" if zone.comment else ""
        groups.setdefault(zone.country, []).append((zone.name, f"{city}{note} ({local} now)"))
    return groups


@bp.route("/enrol", methods=["GET", "POST"])
def enrol():
    form = EnrolForm()
    form.team_id.choices = options(team_choices())
    form.tz.choices = zone_choices()
    if not form.is_submitted() and user().team and user().team.tz:
        form.tz.data = user().team.tz  # the team's office zone is the likeliest
    warnings: list[str] = []
    if form.is_submitted():
        form.validate()  # every field's own checks; then the domain's, whatever these found
        if _check(form) and not form.errors:
            warnings = _warnings(form)
            if not warnings or form.acknowledged.data == digest(warnings):
                return _save(form)
    status = 400 if form.errors else 200
    return render_template("enrol.html", form=form, warnings=warnings, digest=digest(warnings)), status


def digest(warnings: list[str]) -> str:
    return hashlib.sha256("\n".join(warnings).encode()).hexdigest()[:16] if warnings else ""


def _team_name(form: EnrolForm) -> str | None:
    # Only a team the form offers: any other id (another team's, or one past every row id)
    # is the field's own error, never a database lookup.
    return {choice.value: choice.label for choice in form.team_id.choices}.get(form.team_id.data)


def _check(form: EnrolForm) -> bool:
    """The enrolment checks the command line runs, all at once, each error next to its field."""
    ok = True
    try:
        enrolment.check_patient(
            db(), phone=form.phone.data or "", name=form.name.data or "", tz=form.tz.data or "",
            lang=form.lang.data or "", quiet=form.quiet.data or "", team=_team_name(form),
            region=runtime().config.default_region)
    except enrolment.Invalid as invalid:
        ok = False
        for problem in invalid.problems:
            add_error(form[PATIENT_FIELDS[problem.field]], problem.message)
    tz = _zone(form)
    ok = form.check_plan(tz) and ok
    if form.blood_test.data:
        if not form.bt_start.data:
            add_error(form.bt_start, "Give the date and time of the first blood test.")
            ok = False
        else:
            ok = form.check_plan(tz, prefix="bt_", kind="blood-test") and ok
    return ok


def _zone(form: EnrolForm) -> str | None:
    try:
        return zones.canonical(form.tz.data or "")
    except ValueError:
        return None


def _plans(form: EnrolForm) -> list[tuple[str, str, str, str | None]]:
    """(kind, rule, start, label) of each plan the form asks for."""
    plans = [("supplement", form.rule(), form.start.data, form.label.data or None)]
    if form.blood_test.data:
        plans.append(("blood-test", form.rule("bt_"), form.bt_start.data, form.bt_label.data or None))
    return plans


def _warnings(form: EnrolForm) -> list[str]:
    quiet_start, quiet_end = quiet_hours.parse(form.quiet.data)
    found = []
    for kind, rule, start, _label in _plans(form):
        found += enrolment.plan_warnings(kind=kind, rrule=rule, start_local=recurrence.parse_local(start),
                                         tz=_zone(form), quiet_start=quiet_start, quiet_end=quiet_end)
    return found


def _save(form: EnrolForm):
    s = db()
    try:
        p = enrolment.add_patient(
            s, phone=form.phone.data, name=form.name.data, tz=form.tz.data, lang=form.lang.data,
            quiet=form.quiet.data, team=_team_name(form), discreet=form.discreet.data,
            region=runtime().config.default_region, actor=user().email, source="dashboard",
            config=runtime().config,
        )
        plans = [enrolment.add_plan(s, p, kind=kind, rrule=rule, start=start, label=label,
                                    lead_days=runtime().config.lead_days)
                 for kind, rule, start, label in _plans(form)]
    except enrolment.EnrolmentError as error:  # checked above; a race is still possible
        s.rollback()
        form.name.errors.append(str(error))
        return render_template("enrol.html", form=form, warnings=[], digest=""), 400
    audit("enrol", patient_id=p.id, detail=f"{len(plans)} plan(s)")
    s.commit()
    said = "; ".join(f"{'blood test' if pl.kind == BLOOD_TEST else 'B12 dose'}: "
                     f"{words.describe(pl.rrule, pl.start_local)}" for pl in plans)
    flash(f"{p.name} is enrolled. {said}.", "ok")
    return redirect(url_for("dashboard.patient", patient_id=p.id))


