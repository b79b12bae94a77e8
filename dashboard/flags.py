"""The flags queue: urgent first, then what asked for attention last. Each card shows the patient's
own words for every text behind the flag; acknowledge (which stops on-call notifications), reply,
resolve with a note, or link an unknown number to a patient."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import case, func, select

from dashboard.forms import ActionForm, LinkForm, MessageForm, ResolveForm
from dashboard.web import (
    PAGE_SIZE,
    audit,
    bp,
    flag_or_404,
    page_number,
    patient_or_404,
    user,
    visible_patients,
)
from reminders.core import words
from reminders.core.cases import REPLIED, FlagEvent, Notification
from reminders.core.db import utcnow
from reminders.core.models import (
    FLAG_LEVELS,
    FLAG_OPEN,
    FLAG_RESOLVED,
    INBOUND,
    Flag,
    Message,
    Patient,
)
from reminders.outgoing.queue import Unsendable, queue_text
from reminders.records import flags as cases
from reminders.services import enrolment, new_phone
from reminders.web.context import db, runtime


def _visible_flags(query):
    """Flags on patients the user may see; flags about no patient (unknown numbers) are admins'."""
    if user().is_admin:
        return query.outerjoin(Patient, Flag.patient_id == Patient.id)
    return visible_patients(query.join(Patient, Flag.patient_id == Patient.id))


@dataclass(frozen=True)
class Entry:
    """One line of a card: a text (its words), or something done about the flag."""

    at: datetime
    kind: str
    words: str | None  # the text's own words
    inbound: bool  # the patient's (or sender's) words, not ours
    detail: str | None
    actor: str | None


def _history(flags: list[Flag]) -> tuple[dict[int, list[Entry]], dict[int, list]]:
    """Every flag's entries, newest first, and its notifications with their texts' statuses."""
    ids = [flag.id for flag in flags]
    entries: dict[int, list[Entry]] = defaultdict(list)
    notifications: dict[int, list] = defaultdict(list)
    if not ids:
        return entries, notifications
    rows = db().execute(
        select(FlagEvent, Message.body, Message.direction)
        .outerjoin(Message, FlagEvent.message_id == Message.id)
        .where(FlagEvent.flag_id.in_(ids)).order_by(FlagEvent.at.desc(), FlagEvent.id.desc())
    ).all()
    for event, body, direction in rows:
        entries[event.flag_id].append(
            Entry(event.at, event.kind, body, direction == INBOUND, event.detail, event.actor))
    # A flag written without events (before they existed): its first text is its history.
    bare = {flag.message_id: flag for flag in flags if not entries[flag.id] and flag.message_id}
    for message in db().scalars(select(Message).where(Message.id.in_(bare))) if bare else ():
        flag = bare[message.id]
        entries[flag.id].append(Entry(message.created_at, "raised", message.body, message.direction == INBOUND,
                                      flag.detail, None))
    for notification, status in db().execute(
        select(Notification, Message.status).outerjoin(Message, Notification.message_id == Message.id)
        .where(Notification.flag_id.in_(ids)).order_by(Notification.id.desc())
    ):
        notifications[notification.flag_id].append((notification, status or notification.status))
    return entries, notifications


def _queue_order():
    level = case({name: rank for rank, name in enumerate(FLAG_LEVELS)}, value=Flag.level)
    unread_first = case((Flag.state == FLAG_OPEN, 0), else_=1)
    return level, unread_first, Flag.raised_at.desc(), Flag.id.desc()


def _render(template: str, rows, status: int = 200, **extra):
    entries, notifications = _history([flag for flag, _ in rows])
    return render_template(
        template, rows=rows, entries=entries, notifications=notifications, now=utcnow(),
        action_form=ActionForm(), resolve_form=ResolveForm(formdata=None),
        reply_form=extra.pop("reply_form", None) or MessageForm(formdata=None),
        link_form=extra.pop("link_form", None) or LinkForm(formdata=None), **extra,
    ), status


@bp.get("/flags")
def flags():
    resolved = request.args.get("show") == "resolved"
    query = _visible_flags(select(Flag, Patient))
    if resolved:
        query = query.where(Flag.state == FLAG_RESOLVED).order_by(Flag.resolved_at.desc(), Flag.id.desc())
    else:
        query = query.where(Flag.state != FLAG_RESOLVED).order_by(*_queue_order())
    total = db().scalar(select(func.count()).select_from(query.subquery()))
    page = page_number()
    rows = db().execute(query.offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return _render("flags.html", rows, resolved=resolved, page=page, total=total,
                   pages=max(1, -(-total // PAGE_SIZE)))


@bp.get("/flags/<int:flag_id>")
def flag(flag_id: int):
    """One flag: where the on-call text's link leads, after sign-in."""
    found = flag_or_404(flag_id)
    audit("view_flag", patient_id=found.patient_id, detail=f"flag {found.id}: {words.say('reason', found.reason)}")
    db().commit()
    return _one(found)


def _one(found: Flag, status: int = 200, **forms):
    patient = db().get(Patient, found.patient_id) if found.patient_id else None
    return _render("flag.html", [(found, patient)], status, **forms)


def _back(found: Flag):
    if request.form.get("back") == "flag":
        return redirect(url_for("dashboard.flag", flag_id=found.id))
    return redirect(url_for("dashboard.flags") + f"#flag-{found.id}")


@bp.post("/flags/<int:flag_id>/acknowledge")
def acknowledge(flag_id: int):
    found = flag_or_404(flag_id)
    if cases.acknowledge(db(), found, user().email, utcnow()):
        audit("flag_acknowledge", patient_id=found.patient_id, detail=f"flag {found.id}: {words.say('reason', found.reason)}")
        db().commit()
    flash("Flag acknowledged: no more alerts go out for it. It stays in the queue until resolved.", "ok")
    return _back(found)


@bp.post("/flags/<int:flag_id>/resolve")
def resolve(flag_id: int):
    found = flag_or_404(flag_id)
    form = ResolveForm()
    if not form.validate():
        flash("To resolve a flag, write a note saying what was done.", "error")
        return _back(found)
    if cases.resolve(db(), found, user().email, form.note.data.strip(), utcnow()):
        audit("flag_resolve", patient_id=found.patient_id, detail=f"flag {found.id}: {words.say('reason', found.reason)}")
        db().commit()
    flash("Flag resolved.", "ok")
    return redirect(url_for("dashboard.flags"))


@bp.post("/flags/<int:flag_id>/reply")
def reply(flag_id: int):
    """A text to the patient from the card: the same outbound path as a one-off message."""
    found = flag_or_404(flag_id)
    if found.patient_id is None:
        return _one(found, 400)  # no patient to text: call the number instead
    patient = patient_or_404(found.patient_id)
    form = MessageForm()
    if form.validate():
        now = utcnow()
        try:
            message = queue_text(db(), patient, "manual", form.body.data.strip(), now, strict=True)
        except Unsendable as refusal:
            form.body.errors.append(str(refusal))
        else:
            db().add(FlagEvent(flag=found, at=now, kind=REPLIED, message=message, actor=user().email))
            db().flush()
            audit("message", patient_id=patient.id, detail=f"message {message.id} from flag {found.id}: "
                                                           f"{len(message.body)} characters")
            db().commit()
            flash("Reply queued; it goes out with the next send.", "ok")
            return _back(found)
    db().rollback()
    return _one(found, 400, reply_form=form)


@bp.post("/flags/<int:flag_id>/link")
def link(flag_id: int):
    """An unknown number is a patient's new phone: its texts and flags become theirs."""
    found = flag_or_404(flag_id)
    form = LinkForm()
    if found.patient_id is not None or not found.phone:
        flash("This flag is about a patient already.", "error")
        return _back(found)
    if form.validate():
        try:
            patient = enrolment.find_patient(db(), form.phone.data, runtime().config.default_region)
            patient_or_404(patient.id)  # only a patient this user may see
            moved = new_phone.link_number(db(), found.phone, patient, user().email, utcnow())
        except ValueError as error:
            form.phone.errors.append(str(error))
        else:
            audit("link_number", patient_id=patient.id,
                  detail=f"flag {found.id}: {moved} text(s) from {found.phone}, now their phone")
            db().commit()
            flash(f"Linked: {found.phone} is now {patient.name}'s phone; its texts are on their record.", "ok")
            return redirect(url_for("dashboard.patient", patient_id=patient.id))
    db().rollback()
    return _one(found, 400, link_form=form)


# -- words on the cards: the one mapping is reminders/core/words.py -------------------------

REASONS, LEVELS, ROLES = words.REASONS, words.LEVELS, words.NOTIFY_ROLES


@bp.app_template_filter("reason")
def reason_words(reason: str) -> str:
    return words.say("reason", reason)


@bp.app_template_filter("level")
def level_words(level: str) -> str:
    return words.say("level", level)


bp.add_app_template_global(ROLES, "notification_roles")
