"""Admins' pages: care teams, users, and the audit log. Anyone else gets 404 here too."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import func, select

from dashboard.formatting import phone
from dashboard.forms import ActionForm, TeamContactsForm, TeamForm, UserForm, options
from dashboard.web import admin_only, audit, bp, id_arg, page_number, user
from reminders.core import words
from reminders.core.models import CareTeam, Patient
from reminders.services import accounts, teams
from reminders.web.context import db, runtime

AUDIT_PAGE = 100


@bp.before_request
def _admins_only():
    if request.endpoint and request.endpoint.startswith("dashboard.admin_"):
        admin_only()


def _team_choices():
    return [(0, "No team (admins only)")] + [
        (t.id, t.name) for t in db().scalars(select(CareTeam).order_by(CareTeam.name))
    ]


@bp.route("/admin/users", methods=["GET", "POST"])
def admin_users():
    form = UserForm()
    form.team_id.choices = options(_team_choices())
    status = 200
    if form.validate_on_submit():
        try:
            new = accounts.add_user(db(), email=form.email.data, role=form.role.data,
                                    password=form.password.data, team_id=form.team_id.data or None)
        except ValueError as error:
            db().rollback()
            form.email.errors.append(str(error))
        else:
            audit("user_add", detail=f"{new.email} ({words.say('role', new.role)})")
            db().commit()
            flash(f"Added {new.email}.", "ok")
            return redirect(url_for("dashboard.admin_users"))
    if form.errors:
        status = 400
    users = db().scalars(select(accounts.User).order_by(accounts.User.email)).all()
    return render_template("admin_users.html", form=form, users=users, action_form=ActionForm()), status


@bp.post("/admin/users/<int:user_id>/active")
def admin_user_active(user_id: int):
    target = db().get(accounts.User, user_id)
    if target is None:
        return redirect(url_for("dashboard.admin_users"))
    if target.id == user().id:
        flash("You cannot disable your own account.", "error")
        return redirect(url_for("dashboard.admin_users"))
    target.active = not target.active
    if not target.active:
        accounts.end_all_sessions(db(), target)  # signed out everywhere, now
    audit("user_enable" if target.active else "user_disable", detail=target.email)
    db().commit()
    flash(f"{target.email} {'enabled' if target.active else 'disabled'}.", "ok")
    return redirect(url_for("dashboard.admin_users"))


@bp.route("/admin/teams", methods=["GET", "POST"])
def admin_teams():
    form = TeamForm()
    if form.validate_on_submit():
        try:
            team = teams.add_team(db(), form.name.data, runtime().config.default_region, **form.contacts())
        except teams.TeamError as error:
            db().rollback()
            form.name.errors.append(str(error))
        else:
            audit("team_add", detail=_contacts_line(team))
            db().commit()
            flash(f"Added team {team.name}.", "ok")
            return redirect(url_for("dashboard.admin_teams"))
    return _teams_page(form, status=400 if form.errors else 200)


@bp.post("/admin/teams/<int:team_id>")
def admin_team_edit(team_id: int):
    team = db().get(CareTeam, team_id)
    if team is None:
        return redirect(url_for("dashboard.admin_teams"))
    form = TeamContactsForm(prefix=f"team{team.id}")
    if form.validate():
        teams.update_team(db(), team.name, runtime().config.default_region, **form.contacts())
        audit("team_edit", detail=_contacts_line(team))
        db().commit()
        flash(f"Saved {team.name}." + "".join(f" Note: {gap}." for gap in teams.gaps(team)), "ok")
        return redirect(url_for("dashboard.admin_teams") + f"#team-{team.id}")
    return _teams_page(TeamForm(formdata=None), status=400, failed={team.id: form})


def _teams_page(form: TeamForm, status: int, failed: dict | None = None):
    rows = teams.listing(db())
    edit = {row.team.id: (failed or {}).get(row.team.id) or _contacts_form(row.team) for row in rows}
    return render_template("admin_teams.html", form=form, rows=rows, edit=edit, gaps=teams.gaps,
                           escalate_minutes=runtime().config.escalate_after_minutes), status


def _contacts_form(team: CareTeam) -> TeamContactsForm:
    """The team's contacts to edit, numbers as people write them (the form takes either form back)."""
    form = TeamContactsForm(formdata=None, prefix=f"team{team.id}", obj=team)
    for name in teams.PHONES:
        form[name].data = phone(form[name].data) or None
    return form


def _contacts_line(team: CareTeam) -> str:
    return f"{team.name}: " + ", ".join(f"{words} {getattr(team, field) or '-'}"
                                        for field, words in {**teams.CONTACTS, **teams.HOURS}.items())


@bp.get("/admin/audit")
def admin_audit():
    page = page_number()
    query = select(accounts.AuditEvent)
    actor = request.args.get("actor", "").strip().lower()
    patient_id = id_arg("patient")
    if actor:
        query = query.where(accounts.AuditEvent.actor == actor)
    if patient_id:
        query = query.where(accounts.AuditEvent.patient_id == patient_id)
    total = db().scalar(select(func.count()).select_from(query.subquery()))
    rows = db().scalars(
        query.order_by(accounts.AuditEvent.at.desc(), accounts.AuditEvent.id.desc())
        .offset((page - 1) * AUDIT_PAGE).limit(AUDIT_PAGE)
    ).all()
    # Names, not ids: the audit log is the admins' (who see every patient); "a patient" if gone.
    ids = {row.patient_id for row in rows if row.patient_id}
    names = {pid: name for pid, name in db().execute(select(Patient.id, Patient.name).where(Patient.id.in_(ids)))}
    return render_template("admin_audit.html", rows=rows, page=page, total=total, actor=actor,
                           patient_id=patient_id, pages=max(1, -(-total // AUDIT_PAGE)), patient_names=names)


