"""What a patient's reply means: records written, flags raised, and the words sent back.

Bare answers ("yes", "taken", "later") resolve against the patient's most
recent open reminder: a dose within the last 12 hours, or a blood test still
being chased. Everything the bot cannot place lands in the coordinators' queue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Row, bindparam, func, select, update

from reminders.content import answers, compose, texts, tips
from reminders.core import office_hours
from reminders.core.config import Config
from reminders.core.models import (
    ANSWERED,
    BLOOD_TEST,
    CANCELLED,
    OPEN,
    OPTED_IN,
    OPTED_OUT,
    PENDING,
    ROUTINE,
    SKIPPED,
    SUPPLEMENT,
    TAKEN,
    ConsentEvent,
    DoseEvent,
    Flag,
    LabResult,
    Message,
    Occurrence,
    Patient,
    Plan,
    SymptomReport,
)
from reminders.incoming import safety, self_service, strangers
from reminders.incoming.parser import parse_reply
from reminders.outgoing import alerts
from reminders.outgoing import caregivers as caregiver_texts
from reminders.outgoing.queue import queue_text
from reminders.outgoing.recurrence import to_utc
from reminders.records.flags import raise_flag
from reminders.records.occurrences import mark_answered, record_outcome

DOSE_WINDOW = timedelta(hours=12)
MAX_SNOOZES = 5
# Below this a B12 result needs a clinician's eye (pg/mL; pmol/L is 0.738 of it).
LOW_B12 = {"pg/ml": 200.0, "pmol/l": 148.0, None: 200.0}


@dataclass
class Answer:
    text: str | None  # None: say nothing
    tip_id: str | None = None
    capped: bool = True  # counts against the automatic-answer limit (STOP's confirmation does not)
    kinds: tuple[str, ...] = ()  # what the parser read, for the log


@dataclass
class Reply:
    """One inbound text being interpreted, and what it has led to so far."""

    session: object
    message: Row  # the text's columns, as inbound.interpret claimed them
    patient: Patient
    now: datetime
    config: Config
    parts: list[str | answers.Logged] = field(default_factory=list)
    tip_id: str | None = None

    @property
    def lang(self) -> str:
        return self.patient.lang

    def words(self, key: str, **values) -> str:
        """An answer in the patient's language, with the program name they see and their contact."""
        return answers.say_to(self.patient, self.config, key, **values)

    def say(self, key: str, **values) -> None:
        self.parts.append(self.words(key, **values))

    def flag(self, reason: str, level: str, detail: str) -> Flag:
        return raise_flag(self.session, self.patient.id, reason, level, detail, self.now, self.message.id)


def respond(session, message: Row, patient: Patient | None, now: datetime, config: Config) -> Answer:
    """What `message` from `patient` (None: a number we do not know) leads to."""
    intents = parse_reply(message.body or "")
    answer = _respond(session, message, patient, intents, now, config)
    # The one way out for every answer: at most 2 segments, nothing sensitive for a discreet patient.
    answer.text = answers.finish(answer.text, discreet=patient is not None and patient.discreet)
    answer.kinds = tuple(intent.kind for intent in intents)
    return answer


def _respond(session, message: Row, patient: Patient | None, intents, now: datetime,
             config: Config) -> Answer:
    if patient is None:
        text, capped = strangers.respond(session, message, intents, now)
        return Answer(text, capped=capped)
    reply = Reply(session, message, patient, now, config)
    kinds = [intent.kind for intent in intents]
    if "opt_out" in kinds:
        return _opt_out(reply)
    if reply.patient.consent == OPTED_OUT:
        if "opt_in" in kinds or "resume" in kinds:  # RESUME after STOP: they want texts again
            return _opt_in(reply)
        _record_silently(reply, intents)
        return Answer(None)
    red = _red_flag(reply, intents)
    if self_service.answer_question(reply):  # "2": the answer to "which reminder?"
        return Answer(answers.join(reply.parts, reply.lang))
    steering = red is None and "help" not in kinds  # a red flag or HELP comes before TIME, PAUSE...
    for intent in intents:
        if red is not None and intent.kind == "unknown":
            continue  # the text is on the red flag already, with its words
        if steering or intent.kind not in self_service.KINDS:
            HANDLERS[intent.kind](reply, intent.fields())
    if red is not None:
        return _red_flag_answer(reply, red)
    return Answer(answers.join(reply.parts, reply.lang) or None, reply.tip_id)


def _red_flag_answer(reply: Reply, red: safety.RedFlag) -> Answer:
    """Never claims an alert that is not going out, and says when the office is closed."""
    team = reply.patient.team
    alerted = red.urgent and alerts.on_call_reachable(team, reply.config)
    closed = not alerted and team is not None and office_hours.is_open(
        team.hours, team.tz or reply.patient.tz, reply.now) is False
    if red.urgent:
        key = "red_flag_alerted" if alerted else "red_flag_closed" if closed else "red_flag"
        return Answer(reply.words(key), capped=False)
    reply.say("review_closed" if closed else "review")
    return Answer(answers.join(reply.parts, reply.lang), capped=False)


# -- consent --------------------------------------------------------------------


def _set_consent(reply: Reply, consent: str) -> None:
    patient = reply.patient
    patient.consent, patient.consent_at = consent, reply.now
    patient.consent_source, patient.consent_by = "sms", patient.phone
    reply.session.add(ConsentEvent(patient_id=patient.id, consent=consent, source="sms",
                                   actor=patient.phone, message_id=reply.message.id, at=reply.now))


def _opt_out(reply: Reply) -> Answer:
    if reply.patient.consent == OPTED_OUT:
        return Answer(None)  # one confirmation, then silence
    _set_consent(reply, OPTED_OUT)
    reply.session.execute(
        update(Message)
        .where(Message.patient_id == reply.patient.id, Message.status == PENDING)
        .values(status=CANCELLED, lease_until=None)
        .execution_options(synchronize_session=False)
    )
    return Answer(reply.words("opted_out"), capped=False)


def _opt_in(reply: Reply) -> Answer:
    _set_consent(reply, OPTED_IN)
    return Answer(reply.words("opted_in"))  # a re-opt-in carries the full disclosure


def _record_silently(reply: Reply, intents) -> None:
    """An opted-out patient still reports: keep the data, send nothing."""
    for intent in intents:
        if intent.kind in ("symptom", "lab_result", "dose_taken", "dose_skipped"):
            HANDLERS[intent.kind](reply, intent.fields())
    _red_flag(reply, intents)


# -- doses and blood tests ------------------------------------------------------------


# Built once, like the other statements every reply runs (see reminders/incoming/inbound.py).
_OPEN_OCCURRENCES = select(Occurrence).where(
    Occurrence.patient_id == bindparam("patient_id"),
    Occurrence.state == OPEN,
    Occurrence.created_at <= bindparam("now"),
)
_FIRST_PLAN = select(Plan.id).where(
    Plan.patient_id == bindparam("patient_id"), Plan.kind == bindparam("kind"), Plan.active.is_(True),
).order_by(Plan.id).limit(1)


def open_occurrence(reply: Reply, kind: str | None = None) -> Occurrence | None:
    """The reminder a bare answer refers to: the one the patient heard about last."""
    candidates = reply.session.scalars(
        _OPEN_OCCURRENCES, {"patient_id": reply.patient.id, "now": reply.now}
    ).all()
    live = [o for o in candidates if (kind is None or o.kind == kind) and _still_open(o, reply.now)]
    return max(live, key=lambda o: _last_texted(o, reply.now), default=None)


def _still_open(occurrence: Occurrence, now: datetime) -> bool:
    if occurrence.kind == SUPPLEMENT:
        return now - DOSE_WINDOW <= occurrence.due_at <= now + timedelta(minutes=5)
    return True  # a blood test stays open while it is being chased


def _last_texted(occurrence: Occurrence, now: datetime) -> datetime:
    if occurrence.kind == SUPPLEMENT or now < occurrence.due_at:
        return min(occurrence.due_at, now) if occurrence.kind == SUPPLEMENT else occurrence.created_at
    return min(now, occurrence.due_at + timedelta(days=7 * occurrence.follow_ups))


def _close(reply: Reply, occurrence: Occurrence) -> None:
    mark_answered(reply.session, occurrence, reply.now, by=reply.message.id)


def _dose(reply: Reply, outcome: str) -> None:
    """The answer is the outcome of the dose the patient heard about last (open, or answered
    already: a later answer corrects it). With none in its window, an extra report."""
    occurrence = _answerable_dose(reply)
    if occurrence is None:
        reply.session.add(DoseEvent(
            patient_id=reply.patient.id, plan_id=_first_plan(reply, SUPPLEMENT), outcome=outcome,
            at=reply.now, message_id=reply.message.id, unscheduled=True,
        ))
        reply.say("dose_taken_unscheduled" if outcome == TAKEN else "dose_skipped_unscheduled")
        return
    record_outcome(reply.session, occurrence, outcome, reply.now, reply.message.id)
    if occurrence.state == OPEN:
        _close(reply, occurrence)
    reply.say("dose_taken" if outcome == TAKEN else "dose_skipped")


_ANSWERABLE_DOSES = select(Occurrence).where(
    Occurrence.patient_id == bindparam("patient_id"),
    Occurrence.kind == SUPPLEMENT,
    Occurrence.state.in_((OPEN, ANSWERED)),
    Occurrence.due_at >= bindparam("since"),
    Occurrence.created_at <= bindparam("now"),
).order_by(Occurrence.due_at.desc()).limit(1)


def _answerable_dose(reply: Reply) -> Occurrence | None:
    occurrence = reply.session.scalar(_ANSWERABLE_DOSES, {
        "patient_id": reply.patient.id, "since": reply.now - DOSE_WINDOW, "now": reply.now})
    return occurrence if occurrence is not None and _still_open(occurrence, reply.now) else None


def _first_plan(reply: Reply, kind: str) -> int | None:
    return reply.session.scalar(_FIRST_PLAN, {"patient_id": reply.patient.id, "kind": kind})


def on_dose_taken(reply: Reply, _fields) -> None:
    _dose(reply, TAKEN)


def on_dose_skipped(reply: Reply, _fields) -> None:
    _dose(reply, SKIPPED)


def on_blood_test_done(reply: Reply, _fields) -> None:
    occurrence = open_occurrence(reply, BLOOD_TEST)
    if occurrence is None:
        reply.flag("unmatched_reply", ROUTINE, "blood test reported done with none being chased")
        reply.say("blood_test_done")
        return
    _close(reply, occurrence)
    reply.say("blood_test_done")


def on_affirm(reply: Reply, _fields) -> None:
    occurrence = open_occurrence(reply)
    if occurrence is None:
        reply.say("which")
    elif occurrence.kind == SUPPLEMENT:
        _dose(reply, TAKEN)
    else:
        on_blood_test_done(reply, _fields)


def on_deny(reply: Reply, _fields) -> None:
    occurrence = open_occurrence(reply)
    if occurrence is None:
        reply.say("which")
    else:
        reply.say("dose_not_yet" if occurrence.kind == SUPPLEMENT else "blood_test_not_yet")


def on_snooze(reply: Reply, fields) -> None:
    occurrence = open_occurrence(reply)
    if occurrence is None:
        reply.say("nothing_to_snooze")
        return
    session = reply.session
    count = session.scalar(
        select(func.count()).select_from(Message).where(
            Message.occurrence_id == occurrence.id, Message.purpose.like("snooze_%"),
        )
    )
    if count >= MAX_SNOOZES:
        reply.say("nothing_to_snooze")
        return
    minutes = int(fields.get("minutes") or 60)
    asked = _next_clock_time(reply, fields["at"], fields["at_ambiguous"]) if fields.get("at") else None
    at = asked or reply.now + timedelta(minutes=minutes)
    body = texts.again(session, occurrence, at)
    patient = reply.patient
    nudge = queue_text(session, patient, f"snooze_{count + 1}", body, at, occurrence=occurrence)
    # The snooze replaces the automatic nudge.
    if occurrence.kind == SUPPLEMENT:
        occurrence.follow_up_at = None
    if asked is None:
        reply.say("snoozed", minutes=answers.duration(minutes, reply.lang))
    else:
        _say_snoozed_until(reply, asked, nudge.send_after)


def _next_clock_time(reply: Reply, at: str, either_half: bool) -> datetime:
    """The next moment the patient's clock shows `at`; with no am or pm given ("at 9"), the next of
    09:00 and 21:00, so always within 12 hours."""
    zone = ZoneInfo(reply.patient.tz)
    hour, minute = map(int, at.split(":"))
    today = reply.now.astimezone(zone).date()
    hours = (hour, hour + 12) if either_half else (hour,)
    return min(instant for day in (today, today + timedelta(days=1)) for h in hours
               if (instant := to_utc(datetime.combine(day, time(h, minute)), zone)) > reply.now)


def _say_snoozed_until(reply: Reply, asked: datetime, sent: datetime) -> None:
    """The time the nudge really comes, in the patient's clock: quiet hours may hold it to their end."""
    zone = ZoneInfo(reply.patient.tz)
    local = sent.astimezone(zone)
    tomorrow = local.date() > reply.now.astimezone(zone).date()
    reply.say("snoozed_at" if sent == asked else "snoozed_after_quiet_hours",
              when=answers.when(local.hour, local.minute, tomorrow, reply.lang))


# -- reports --------------------------------------------------------------------------


def on_symptom(reply: Reply, fields) -> None:
    name, severity = fields["symptom"], fields.get("severity")
    reply.session.add(SymptomReport(patient_id=reply.patient.id, symptom=name, severity=severity,
                                    message_id=reply.message.id, at=reply.now))
    reply.parts.append(answers.symptom(name, severity, reply.lang))
    if severity is None and fields.get("out_of_range") is not None:  # "numbness 11": ask again
        reply.say("severity_out_of_range", what=answers.symptom(name, None, reply.lang).what)


def on_lab_result(reply: Reply, fields) -> None:
    test, value, unit = fields["test"], float(fields["value"]), fields.get("unit")
    reply.session.add(LabResult(patient_id=reply.patient.id, test=test, value=value, unit=unit,
                                message_id=reply.message.id, at=reply.now))
    reply.parts.append(answers.lab(test, value, unit, reply.lang, reply.patient.discreet))
    threshold = LOW_B12.get((unit or "").lower() or None)
    if test == "b12" and threshold is not None and value < threshold:
        reply.flag("low_b12", ROUTINE, f"patient reported B12 {value:g} {unit or ''}".strip())
        reply.say("lab_review")  # what happens next, never advice


def _red_flag(reply: Reply, intents) -> safety.RedFlag | None:
    red = safety.assess(reply.message.body or "", safety.symptoms_of(intents))
    # A new case (not yet in the database): the caregivers who asked are told, once a case.
    if red is not None and reply.flag("red_flag", red.level, red.reason) in reply.session.new:
        caregiver_texts.on_red_flag(reply.session, reply.patient, reply.now, reply.config)
    return red


# -- the rest ---------------------------------------------------------------------------


def _contact(reply: Reply) -> str:
    return answers.contact(reply.patient, reply.config)


def on_help(reply: Reply, _fields) -> None:
    reply.say("help")


def on_tip(reply: Reply, _fields) -> None:
    kind = SUPPLEMENT if _first_plan(reply, SUPPLEMENT) or not _first_plan(reply, BLOOD_TEST) else BLOOD_TEST
    tip = tips.next_tip_for(reply.session, reply.patient, kind)  # discreet-safe for a discreet patient
    # The documented TIP answer; compose refuses a tip that is not discreet-safe for a discreet patient.
    reply.parts.append(compose.compose("tip", lang=reply.lang, discreet=reply.patient.discreet, label=None,
                                       local_time=reply.now, tip=tip))
    reply.tip_id = tip.id


def on_unknown(reply: Reply, _fields) -> None:
    reply.flag("unknown_reply", ROUTINE, "a reply the bot did not understand")
    reply.say("unknown")


def on_opt_in(reply: Reply, _fields) -> None:
    pass  # already opted in: nothing to do, nothing to say


def on_thanks(reply: Reply, _fields) -> None:
    reply.say("thanks")  # no flag: thanks needs no person; the answer counts against the hourly cap


HANDLERS = {
    "dose_taken": on_dose_taken,
    "dose_skipped": on_dose_skipped,
    "affirm": on_affirm,
    "deny": on_deny,
    "snooze": on_snooze,
    "symptom": on_symptom,
    "blood_test_done": on_blood_test_done,
    "lab_result": on_lab_result,
    "help": on_help,
    "tip": on_tip,
    "unknown": on_unknown,
    "opt_in": on_opt_in,
    "thanks": on_thanks,
    **self_service.HANDLERS,  # set_time, pause, resume, next
}

