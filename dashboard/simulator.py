"""The demo phone: see the texts a demo patient gets, and reply as them.

Registered only with the console transport in development (or tests): with
Twilio configured these routes do not exist. A reply goes through the same
handler as a real text (reminders.incoming.inbound.receive): stored, interpreted,
answered; the answer shows up in the thread.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, redirect, render_template, url_for
from sqlalchemy import select

from dashboard.forms import MessageForm
from dashboard.web import audit, patient_or_404, visible_patients
from reminders.core.db import utcnow
from reminders.core.models import Message, Patient
from reminders.incoming import inbound
from reminders.services import demo
from reminders.web.context import db, runtime

bp = Blueprint("simulator", __name__, template_folder="templates")

SHOWN = 60


def record_simulated_reply(patient: Patient, text: str) -> int:
    """Handle `text` as if `patient` had texted it; the stored message's id."""
    sid = f"SMdemo{uuid.uuid4().hex}"
    inbound.receive(runtime(), inbound.Inbound(sid=sid, sender=patient.phone, recipient="demo",
                                               body=text), utcnow())
    return db().scalar(select(Message.id).where(Message.twilio_sid == sid))


@bp.get("/demo/phone")
def phone_home():
    """The demo patient's phone (or the first patient the user can see)."""
    query = visible_patients(select(Patient.id))
    pid = db().scalar(query.where(Patient.phone == demo.DEMO_PHONE)) or db().scalar(query.order_by(Patient.id))
    if pid is None:
        return render_template("error.html", title="No patient yet",
                               message="Enrol a patient first, then open the demo phone."), 404
    return redirect(url_for("simulator.phone", patient_id=pid))


def _thread(patient: Patient) -> list[Message]:
    rows = db().scalars(
        select(Message).where(Message.patient_id == patient.id)
        .order_by(Message.created_at.desc(), Message.id.desc()).limit(SHOWN)
    ).all()
    return list(reversed(rows))


def answers_paused_until(patient: Patient, now: datetime) -> datetime | None:
    """When the hourly cap on automatic answers holds this phone's answers back: the time it
    lifts (the oldest counted answer turns an hour old). None: answers flow.

    The same count the webhook makes (answers to the number in the last hour), so the demo
    phone can say why it went quiet instead of leaving a newcomer guessing.
    """
    per_hour = runtime().config.auto_replies_per_hour
    table = Message.__table__
    recent = db().scalars(
        select(table.c.created_at)
        .where(inbound.counted_answers(table, patient.phone, now - inbound.CAP_WINDOW))
        .order_by(table.c.created_at.desc()).limit(per_hour)
    ).all()
    return recent[-1] + inbound.CAP_WINDOW if per_hour and len(recent) >= per_hour else None


def _render_phone(p: Patient, form: MessageForm, status: int = 200):
    now = utcnow()
    paused = answers_paused_until(p, now)
    lifts = paused.astimezone(ZoneInfo(p.tz)) if paused else None
    return render_template("simulator.html", patient=p, thread=_thread(p), form=form, paused_until=lifts,
                           per_hour=runtime().config.auto_replies_per_hour), status


@bp.get("/demo/phone/<int:patient_id>")
def phone(patient_id: int):
    return _render_phone(patient_or_404(patient_id), MessageForm(formdata=None))


@bp.get("/demo/phone/<int:patient_id>/thread")
def phone_thread(patient_id: int):
    """The thread alone, for the page to refresh itself every few seconds."""
    p = patient_or_404(patient_id)
    return render_template("_phone_thread.html", patient=p, thread=_thread(p))


@bp.post("/demo/phone/<int:patient_id>/reply")
def phone_reply(patient_id: int):
    p = patient_or_404(patient_id)
    form = MessageForm()
    if not form.validate():
        return _render_phone(p, form, 400)
    message_id = record_simulated_reply(p, form.body.data.strip())
    audit("simulated_reply", patient_id=p.id, detail=f"message {message_id}")
    db().commit()
    return redirect(url_for("simulator.phone", patient_id=p.id) + "#reply")
