"""The patients list and one patient's page, with the actions a coordinator takes there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import and_, func, or_, select

from dashboard import charts, summary
from dashboard.flags import reason_words
from dashboard.forms import (
    CaregiverForm,
    ConsentForm,
    ExportForm,
    MessageForm,
    NewPlanForm,
    PlanForm,
    ReportForm,
)
from dashboard.web import (
    PAGE_SIZE,
    ago,
    audit,
    bp,
    id_arg,
    page_number,
    patient_or_404,
    user,
    visible_patients,
)
from reminders.content import gsm
from reminders.content import schedules as words
from reminders.core import words as names
from reminders.core.db import utcnow
from reminders.core.models import (
    BLOOD_TEST,
    DOSE_MISSED,
    FLAG_RESOLVED,
    PROMPT,
    SKIPPED,
    TAKEN,
    URGENT,
    ConsentEvent,
    DoseEvent,
    Flag,
    LabResult,
    Message,
    Patient,
    Plan,
    SymptomReport,
)
from reminders.outgoing import recurrence, scheduling
from reminders.services import caregivers as family
from reminders.services import changes as patient_changes
from reminders.outgoing.queue import Unsendable, queue_text
from reminders.services import enrolment, schedules, worklist
from reminders.services.report_data import day_state
from reminders.web.context import db, runtime

THREAD_SIZE = 100  # messages shown at once; older ones a link away
CALENDAR_WEEKS = 5
MAX_SEGMENTS = 2  # a one-off message keeps to what a reminder may use
SYMPTOM_DAYS = 365
VALUES_SHOWN = 50
REPORT_DAYS = 90  # the visit report's default range: about the time between two visits  # rows in a chart's table of values; the export has them all


# -- the list ------------------------------------------------------------------


@bp.get("/patients")
def patients():
    """The worklist: the patients the user may see (matching the search), most in need first."""
    q = request.args.get("q", "").strip()[:100]
    show = request.args.get("show")
    show = show if show in worklist.FILTERS else None  # anything else: everyone
    page = page_number()
    scope = visible_patients(select(Patient.id))
    if q:
        digits = "".join(c for c in q if c.isdigit())
        match = func.lower(Patient.name).contains(q.lower(), autoescape=True)
        if len(digits) >= 3:
            match = or_(match, Patient.phone.contains(digits, autoescape=True))
        scope = scope.where(match)
    now = utcnow()
    found = worklist.view(db(), scope, now, show, (page - 1) * PAGE_SIZE, PAGE_SIZE)
    counts, rows = found.counts, found.rows
    total = counts[show or "all"]
    ids = [p.id for p, _ in rows]
    last_reply = summary.last_replies(db(), ids)
    return render_template(
        "patients.html",
        rows=[(p, need, why(p, need, last_reply.get(p.id), now)) for p, need in rows],
        q=q, show=show, counts=counts, filters=FILTER_NAMES, page=page, pages=max(1, -(-total // PAGE_SIZE)),
        total=total, adherence=summary.adherence(db(), ids, now), last_reply=last_reply, now=now,
        missed_in_a_row=worklist.MISSED_IN_A_ROW, silent_days=worklist.SILENT_DAYS,
        low_adherence=worklist.LOW_ADHERENCE,
    )


FILTER_NAMES = {
    "urgent": "Urgent flags", "prompt": "Review today", "routine": "Routine flags", "missed": "Missed doses",
    "silent": "No reply", "low": "Low adherence", "opted_out": "Opted out", "paused": "Paused",
}
FLAG_WORDS = {URGENT: "Urgent flag", PROMPT: "Flag to review today"}
# A coloured edge on the rows with an open flag, as on the flags queue.
NEED_CLASSES = {worklist.URGENT_FLAG: "need-urgent", worklist.PROMPT_FLAG: "need-flag", worklist.ROUTINE_FLAG: "need-flag"}


def why(p: Patient, need: worklist.Need, last_reply: datetime | None, now: datetime) -> list[str]:
    """Every reason to call, in words, the one that placed the patient first."""
    words = []
    if need.flag is not None:
        what = need.flag.detail or reason_words(need.flag.reason)
        words.append(f"{FLAG_WORDS.get(need.flag.level, 'Routine flag')}: {what}, {ago(need.flag.raised_at, now)}")
    if need.missed_in_a_row >= worklist.MISSED_IN_A_ROW:
        words.append(f"{need.missed_in_a_row} doses missed in a row")
    if need.silent:
        since = last_reply or p.created_at
        days = int((now - since).total_seconds() // 86400)
        words.append(f"No reply for {days} days" if last_reply else f"No reply since enrolment {days} days ago")
    if need.low:
        words.append(f"Took {need.taken_week} of {need.due_week} dose{'' if need.due_week == 1 else 's'} "
                     "in the last 7 days")
    return words or ["Nothing needs a call"]


# -- one patient ---------------------------------------------------------------


@bp.get("/patients/<int:patient_id>")
def patient(patient_id: int):
    p = patient_or_404(patient_id)
    audit("view_patient", patient_id=p.id)
    db().commit()
    return _render(p)


def _render(p: Patient, status: int = 200, **forms):
    s = db()
    now = utcnow()
    thread, older = _thread(s, p, id_arg("before"))

    # Plain rows, not ORM objects: a busy patient has thousands of reports, and only these fields are drawn.
    symptoms = s.execute(select(SymptomReport.symptom, SymptomReport.severity, SymptomReport.at).where(
        SymptomReport.patient_id == p.id, SymptomReport.at >= now - timedelta(days=SYMPTOM_DAYS))).all()
    labs = s.execute(select(LabResult.test, LabResult.value, LabResult.unit, LabResult.at)
                     .where(LabResult.patient_id == p.id).order_by(LabResult.at)).all()
    lab_charts = []
    for test in charts.LAB_TESTS:
        results = [r for r in labs if r.test == test.key]
        lab_charts.append((test, charts.lab_chart(test, results, p.tz), results))
    flags = s.scalars(select(Flag).where(Flag.patient_id == p.id, Flag.state != FLAG_RESOLVED)
                      .order_by(Flag.created_at)).all()
    plan_forms = {plan.id: forms.get(f"plan_{plan.id}") or _plan_form(plan) for plan in p.plans}
    return render_template(
        "patient.html",
        patient=p, now=now, thread=thread, older=older,
        calendar=calendar(s, p, now), adherence=summary.adherence(s, [p.id], now).get(p.id),
        symptom_chart=charts.symptom_chart(symptoms, p.tz),
        symptoms=sorted(symptoms, key=lambda r: r.at, reverse=True)[:VALUES_SHOWN],
        lab_charts=lab_charts, flags=flags, plan_forms=plan_forms,
        # Forms not being shown again with errors start blank (not from this POST's fields).
        message_form=forms.get("message") or MessageForm(formdata=None),
        consent_form=forms.get("consent") or ConsentForm(formdata=None, consent=p.consent),
        new_plan_form=forms.get("new_plan") or NewPlanForm(formdata=None),
        export_form=ExportForm(formdata=None, since=(now - timedelta(days=30)).date(), until=now.date()),
        report_form=forms.get("report") or _report_form(p, now),
        caregivers=family.caregivers_of(s, p),
        changes=[(c, patient_changes.describe(c, p.tz), patient_changes.undoable(s, c))
                 for c in patient_changes.recent(s, p)],
        paused_by_text=p.paused_until if p.paused_until and p.paused_until > now else None,
        caregiver_form=forms.get("caregiver") or CaregiverForm(formdata=None, prefix="caregiver", lang=p.lang),
        max_segments=MAX_SEGMENTS,
        next_plan=min((plan for plan in p.plans if plan.active and plan.next_fire_at),
                      key=lambda plan: plan.next_fire_at, default=None),
    ), status


def _report_form(p: Patient, now: datetime) -> ReportForm:
    """The last three months, in the patient's own days."""
    today = now.astimezone(ZoneInfo(p.tz)).date()
    return ReportForm(formdata=None, prefix="report", since=today - timedelta(days=REPORT_DAYS), until=today)


def _thread(s, p: Patient, before: int | None) -> tuple[list[Message], int | None]:
    """Up to THREAD_SIZE messages, oldest first, ending just before message `before` (or now);
    and the id to pass as `before` for the page of older ones (None: there are none)."""
    query = select(Message).where(Message.patient_id == p.id)
    cursor = s.get(Message, before) if before else None
    if cursor is not None and cursor.patient_id == p.id:
        query = query.where(or_(Message.created_at < cursor.created_at,
                                and_(Message.created_at == cursor.created_at, Message.id < cursor.id)))
    newest_first = s.scalars(
        query.order_by(Message.created_at.desc(), Message.id.desc()).limit(THREAD_SIZE + 1)
    ).all()
    shown = list(reversed(newest_first[:THREAD_SIZE]))
    return shown, (shown[0].id if len(newest_first) > THREAD_SIZE else None)


def _plan_form(plan: Plan) -> PlanForm:
    """The plan's rule read back into the picker (custom when no choice writes it exactly)."""
    choice = schedules.read(plan.rrule)
    return PlanForm(formdata=None, prefix=f"plan{plan.id}", schedule=choice.repeat, days=choice.days,
                    every=choice.every, month_day=str(choice.month_day), rrule=choice.rule,
                    start=plan.start_local.strftime("%Y-%m-%dT%H:%M"), label=plan.label or "",
                    active=plan.active)


@dataclass(frozen=True)
class Day:
    day: date
    state: str  # taken, partial, missed, none, future
    detail: str


def calendar(session, p: Patient, now: datetime) -> list[list[Day]]:
    """The last few weeks of doses, Monday to Sunday, in the patient's own days.

    A dose counts on the day it was due, with its one outcome; reports with no reminder
    open are listed on the day they came but decide nothing."""
    zone = ZoneInfo(p.tz)
    today = now.astimezone(zone).date()
    first = today - timedelta(days=today.weekday() + 7 * (CALENDAR_WEEKS - 1))
    since = datetime.combine(first, datetime.min.time(), tzinfo=zone)
    outcomes: dict[date, list[str]] = {}
    extras: dict[date, int] = {}
    when = func.coalesce(DoseEvent.occurrence_at, DoseEvent.at)
    for at, outcome, unscheduled in session.execute(
        select(when, DoseEvent.outcome, DoseEvent.unscheduled).where(DoseEvent.patient_id == p.id, when >= since)
    ):
        day = at.astimezone(zone).date()
        if unscheduled:
            extras[day] = extras.get(day, 0) + 1
        else:
            outcomes.setdefault(day, []).append(outcome)
    weeks = []
    for w in range(CALENDAR_WEEKS):
        week = []
        for d in range(7):
            day = first + timedelta(days=7 * w + d)
            week.append(_day(day, today, outcomes.get(day, []), extras.get(day, 0)))
        weeks.append(week)
    return weeks


def _day(day: date, today: date, got: list[str], extra: int) -> Day:
    state = "future" if day > today else day_state(got)
    words = [f"{got.count(o)} {o}" for o in (TAKEN, SKIPPED, DOSE_MISSED) if o in got]
    if extra:
        words.append(f"{extra} extra report{'s' if extra > 1 else ''} (no reminder open)")
    return Day(day, state, ", ".join(words) or ("" if state == "future" else "no dose due"))


# -- actions -------------------------------------------------------------------


@bp.post("/patients/<int:patient_id>/pause")
def pause(patient_id: int):
    return _set_paused(patient_id, True)


@bp.post("/patients/<int:patient_id>/resume")
def resume(patient_id: int):
    return _set_paused(patient_id, False)


def _set_paused(patient_id: int, paused: bool):
    p = patient_or_404(patient_id)
    if p.paused != paused:
        p.paused = paused
        audit("pause" if paused else "resume", patient_id=p.id)
        db().commit()
    flash("Reminders paused." if paused else "Reminders resumed.", "ok")
    return redirect(url_for("dashboard.patient", patient_id=p.id))


@bp.post("/patients/<int:patient_id>/consent")
def consent(patient_id: int):
    p = patient_or_404(patient_id)
    form = ConsentForm()
    if not form.validate():
        return _render(p, 400, consent=form)
    if form.consent.data != p.consent:
        who = user().email
        p.consent, p.consent_at, p.consent_source, p.consent_by = form.consent.data, utcnow(), "dashboard", who
        db().add(ConsentEvent(patient_id=p.id, consent=p.consent, source="dashboard", actor=who))
        audit("consent", patient_id=p.id, detail=f"{names.say('consent', p.consent)}: {form.note.data}")
        db().commit()
        flash(f"Consent recorded: {p.consent.replace('_', ' ')}.", "ok")
    return redirect(url_for("dashboard.patient", patient_id=p.id))


@bp.post("/patients/<int:patient_id>/messages")
def send_message(patient_id: int):
    p = patient_or_404(patient_id)
    form = MessageForm()
    message = None
    if form.validate():
        body, now = form.body.data.strip(), utcnow()
        if not gsm.is_gsm7(body):
            form.body.errors.append("Use plain characters only; not allowed: " + " ".join(gsm.non_gsm7_chars(body)))
        elif gsm.segments(body) > MAX_SEGMENTS:
            form.body.errors.append(f"Too long: at most {MAX_SEGMENTS} segments.")
        else:
            try:  # consent, quiet hours and discreet mode, as for every text to a patient
                message = queue_text(db(), p, "manual", body, now, strict=True)
            except Unsendable as error:
                form.body.errors.append(str(error))
    if message is None:
        return _render(p, 400, message=form)
    message.segments = gsm.segments(message.body)
    db().flush()
    audit("message", patient_id=p.id, detail=f"message {message.id}: {len(message.body)} characters")
    db().commit()
    flash(f"Message queued; {_when_it_goes(message, p, now)}.", "ok")
    return redirect(url_for("dashboard.patient", patient_id=p.id) + "#thread")


def _when_it_goes(message: Message, p: Patient, now: datetime) -> str:
    if message.send_after <= now:
        return "it goes out with the next send"
    # Quiet hours end within a day: the hour alone says when.
    return f"quiet hours: held until {message.send_after.astimezone(ZoneInfo(p.tz)):%H:%M} patient time"


@bp.post("/patients/<int:patient_id>/plans")
def add_plan(patient_id: int):
    p = patient_or_404(patient_id)
    form = NewPlanForm()
    valid = form.validate()  # then the plan's own checks, so every error shows at once
    if not (form.check_plan(p.tz, kind=form.kind.data or "supplement") and valid):
        return _render(p, 400, new_plan=form)
    plan = enrolment.add_plan(db(), p, kind=form.kind.data, rrule=form.rule(), start=form.start.data,
                              label=form.label.data or None, lead_days=runtime().config.lead_days)
    audit("plan_add", patient_id=p.id, detail=f"plan {plan.id}: {plan_kind(plan)} {plan.rrule}")
    db().commit()
    flash(f"Plan added: {schedule_words(plan)}.", "ok")
    _flash_warnings(plan)
    return redirect(url_for("dashboard.patient", patient_id=p.id) + "#plans")


@bp.post("/patients/<int:patient_id>/plans/<int:plan_id>")
def edit_plan(patient_id: int, plan_id: int):
    p = patient_or_404(patient_id)
    plan = next((pl for pl in p.plans if pl.id == plan_id), None)
    if plan is None:
        return render_template("error.html", title="Not found", message="No such plan."), 404
    form = PlanForm(prefix=f"plan{plan.id}")
    valid = form.validate()
    if not (form.check_plan(p.tz, kind=plan.kind) and valid):
        return _render(p, 400, **{f"plan_{plan.id}": form})
    plan.rrule, plan.start_local = form.rule(), recurrence.parse_local(form.start.data)
    plan.label, plan.active = form.label.data or None, form.active.data
    # The next occurrence from now under the new rule; none while the plan is off.
    lead = scheduling.lead_for(plan.kind, timedelta(days=runtime().config.lead_days))
    plan.next_fire_at = (
        scheduling.next_fire_at(plan, p.tz, utcnow() + lead, lead) if plan.active else None
    )
    audit("plan_edit", patient_id=p.id, detail=f"plan {plan.id}: {plan.rrule} from {form.start.data}"
          + ("" if plan.active else " (inactive)"))
    db().commit()
    flash(f"Plan saved: {schedule_words(plan)}.", "ok")
    _flash_warnings(plan)
    return redirect(url_for("dashboard.patient", patient_id=p.id) + "#plans")


def _flash_warnings(plan: Plan) -> None:
    for warning in enrolment.warnings_for(plan):
        flash(warning, "warn")


def plan_kind(plan: Plan) -> str:
    return "Blood test" if plan.kind == BLOOD_TEST else "B12 dose"


def schedule_words(plan: Plan) -> str:
    """ "Every day at 8:00 am": the one way a plan's schedule is put (reminders/content/schedules.py)."""
    return words.describe(plan.rrule, plan.start_local)


bp.add_app_template_global(plan_kind)
bp.add_app_template_global(schedule_words)
bp.add_app_template_global(NEED_CLASSES, "need_classes")
bp.add_app_template_global(charts.reference_range)
bp.add_app_template_global(family.alerts_in_words)
bp.add_app_template_global(family.STATE_WORDS, "caregiver_states")
