"""The flags queue: urgent first, then oldest first; acknowledge, and resolve with a note."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import case, func, select

from dashboard.forms import ActionForm, ResolveForm
from dashboard.web import (
    PAGE_SIZE,
    audit,
    bp,
    flag_or_404,
    page_number,
    user,
    visible_patients,
)
from reminders.core.db import utcnow
from reminders.core.models import (
    FLAG_ACKNOWLEDGED,
    FLAG_OPEN,
    FLAG_RESOLVED,
    URGENT,
    Flag,
    Patient,
)
from reminders.web.context import db


def _visible_flags(query):
    """Flags on patients the user may see; flags about no patient (unknown numbers) are admins'."""
    if user().is_admin:
        return query.outerjoin(Patient, Flag.patient_id == Patient.id)
    return visible_patients(query.join(Patient, Flag.patient_id == Patient.id))


@bp.get("/flags")
def flags():
    resolved = request.args.get("show") == "resolved"
    query = _visible_flags(select(Flag, Patient))
    if resolved:
        query = query.where(Flag.state == FLAG_RESOLVED).order_by(Flag.resolved_at.desc(), Flag.id.desc())
    else:
        urgent_first = case((Flag.level == URGENT, 0), else_=1)
        query = query.where(Flag.state != FLAG_RESOLVED).order_by(urgent_first, Flag.created_at, Flag.id)
    total = db().scalar(select(func.count()).select_from(query.subquery()))
    page = page_number()
    rows = db().execute(query.offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return render_template(
        "flags.html", rows=rows, resolved=resolved, page=page, pages=max(1, -(-total // PAGE_SIZE)),
        total=total, action_form=ActionForm(), resolve_form=ResolveForm(formdata=None),
        now=utcnow(),
    )


@bp.post("/flags/<int:flag_id>/acknowledge")
def acknowledge(flag_id: int):
    flag = flag_or_404(flag_id)
    if flag.state == FLAG_OPEN:
        flag.state, flag.acknowledged_at = FLAG_ACKNOWLEDGED, utcnow()
        audit("flag_acknowledge", patient_id=flag.patient_id, detail=f"flag {flag.id}: {flag.reason}")
        db().commit()
    flash("Flag acknowledged: it stays in the queue until resolved.", "ok")
    return redirect(url_for("dashboard.flags") + f"#flag-{flag.id}")


@bp.post("/flags/<int:flag_id>/resolve")
def resolve(flag_id: int):
    flag = flag_or_404(flag_id)
    form = ResolveForm()
    if not form.validate():
        flash("To resolve a flag, write a note saying what was done.", "error")
        return redirect(url_for("dashboard.flags") + f"#flag-{flag.id}")
    if flag.state != FLAG_RESOLVED:
        now = utcnow()
        flag.state, flag.resolved_at, flag.resolved_by = FLAG_RESOLVED, now, user().email
        flag.acknowledged_at = flag.acknowledged_at or now
        flag.note = form.note.data.strip()
        audit("flag_resolve", patient_id=flag.patient_id, detail=f"flag {flag.id}: {flag.reason}")
        db().commit()
    flash("Flag resolved.", "ok")
    return redirect(url_for("dashboard.flags"))
