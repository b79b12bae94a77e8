"""The domain: care teams, patients, plans, messages and what patients report."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reminders.core.db import Base, utcnow

# Consent states.
OPTED_IN = "opted_in"  # may be texted
OPTED_OUT = "opted_out"  # said STOP (or the carrier says so): nothing but the one confirmation
CONSENT_STATES = (OPTED_IN, OPTED_OUT)

# Plan kinds.
SUPPLEMENT = "supplement"  # a B12 dose: tablet, sublingual, injection...
BLOOD_TEST = "blood_test"  # a recurring blood draw (B12, MMA, homocysteine...)
PLAN_KINDS = (SUPPLEMENT, BLOOD_TEST)

# Message directions.
INBOUND = "in"  # a patient's text to us
OUTBOUND = "out"  # our text to a patient

# Outbound message statuses, in the order a message moves through them.
PENDING = "pending"  # in the outbox, not yet handed to the transport
QUEUED = "queued"  # accepted by Twilio
SENDING = "sending"  # Twilio is handing it to the carrier
SENT = "sent"  # the carrier has it
DELIVERED = "delivered"  # the handset has it
UNDELIVERED = "undelivered"  # the carrier gave up
FAILED = "failed"  # never left: rejected by Twilio or by us
MISSED = "missed"  # never sent: its moment passed while we were down
CANCELLED = "cancelled"  # never sent: no longer needed (answered, opted out, paused)
RECEIVED = "received"  # inbound: stored, not yet interpreted
HANDLED = "handled"  # inbound: interpreted, records written, answered (or deliberately not)

# Occurrence states: one planned moment of a plan.
OPEN = "open"  # texted (or about to be), no answer yet
ANSWERED = "answered"  # the patient logged it (taken, skipped, blood test done)
LAPSED = "lapsed"  # never answered: a dose recorded missed, a blood test flagged
NOT_SENT = "not_sent"  # its moment passed while we were down, or the patient could not be texted
OCCURRENCE_STATES = (OPEN, ANSWERED, LAPSED, NOT_SENT)

# Dose outcomes.
TAKEN = "taken"
SKIPPED = "skipped"
DOSE_MISSED = "missed"
DOSE_STATES = (TAKEN, SKIPPED, DOSE_MISSED)

# Flag states and levels.
FLAG_OPEN = "open"  # nobody has looked yet
FLAG_ACKNOWLEDGED = "acknowledged"  # a coordinator is on it
FLAG_RESOLVED = "resolved"  # closed, with a note
URGENT = "urgent"  # a red flag: a human must act now, and someone on call is told
PROMPT = "prompt"  # a high-severity report on a chronic symptom: a human should look today
ROUTINE = "routine"  # needs a human, not urgently
FLAG_LEVELS = (URGENT, PROMPT, ROUTINE)  # most pressing first

LANGUAGES = ("en", "es")

# How often a reminder carries a tip: with every one, at most one tip a day, one a week, or never.
# A reminder without a tip fits in one SMS segment: the cadence is also what a patient costs.
TIP_EVERY, TIP_DAILY, TIP_WEEKLY, TIP_NEVER = "every", "daily", "weekly", "never"
TIP_CADENCES = (TIP_EVERY, TIP_DAILY, TIP_WEEKLY, TIP_NEVER)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class CareTeam(Base):
    __tablename__ = "care_teams"
    __table_args__ = (CheckConstraint(_in("tip_cadence", TIP_CADENCES), name="tip_cadence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    contact_phone: Mapped[str | None] = mapped_column(String(20))  # given to patients
    # Who is told of an urgent flag at once, and who next if no one acknowledges it.
    on_call_phone: Mapped[str | None] = mapped_column(String(20))
    on_call_email: Mapped[str | None] = mapped_column(String(200))
    backup_phone: Mapped[str | None] = mapped_column(String(20))
    backup_email: Mapped[str | None] = mapped_column(String(200))
    # The tip cadence of the team's patients who have none of their own.
    tip_cadence: Mapped[str] = mapped_column(String(8), default=TIP_EVERY, server_default=TIP_EVERY)
    # When the office is open ("Mon-Fri 08:00-17:00", core/office_hours.py) and in which zone:
    # a red-flag answer says when no one will see it soon.
    hours: Mapped[str | None] = mapped_column(String(40))
    tz: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    patients: Mapped[list[Patient]] = relationship(back_populates="team")


class Patient(Base):
    __tablename__ = "patients"
    __table_args__ = (
        CheckConstraint(_in("consent", CONSENT_STATES), name="consent"),
        CheckConstraint(_in("lang", LANGUAGES), name="lang"),
        CheckConstraint("tip_cadence IS NULL OR " + _in("tip_cadence", TIP_CADENCES), name="tip_cadence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(20), unique=True)  # E.164
    name: Mapped[str] = mapped_column(String(200))
    tz: Mapped[str] = mapped_column(String(64))  # IANA zone
    lang: Mapped[str] = mapped_column(String(2), default="en")
    quiet_start: Mapped[time] = mapped_column(Time, default=time(21, 0))
    quiet_end: Mapped[time] = mapped_column(Time, default=time(8, 0))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("care_teams.id"), index=True)
    consent: Mapped[str] = mapped_column(String(16), default=OPTED_IN)
    consent_at: Mapped[datetime] = mapped_column(default=utcnow)
    consent_source: Mapped[str] = mapped_column(String(32), default="enrolment")
    consent_by: Mapped[str | None] = mapped_column(String(200))
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    # PAUSE 7 by text: dose reminders due before this instant are skipped, blood-test texts held.
    paused_until: Mapped[datetime | None] = mapped_column()
    # A question the bot asked and the next reply answers ("which reminder: 1 ..., 2 ...?").
    question: Mapped[dict | None] = mapped_column(JSON)
    discreet: Mapped[bool] = mapped_column(Boolean, default=False)
    tip_cadence: Mapped[str | None] = mapped_column(String(8))  # None: the team's (default: every reminder)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    team: Mapped[CareTeam | None] = relationship(back_populates="patients")
    plans: Mapped[list[Plan]] = relationship(back_populates="patient", order_by="Plan.id")

    @property
    def textable(self) -> bool:
        return self.consent == OPTED_IN and not self.paused

    @property
    def effective_tip_cadence(self) -> str:
        """How often this patient's reminders carry a tip: their own cadence, else their team's."""
        if self.tip_cadence:
            return self.tip_cadence
        return self.team.tip_cadence if self.team is not None and self.team.tip_cadence else TIP_EVERY


class ConsentEvent(Base):
    """Every change of consent, with when, how and by whom: the record we answer for."""

    __tablename__ = "consent_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    consent: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(32))  # sms, cli, dashboard, carrier, enrolment
    actor: Mapped[str | None] = mapped_column(String(200))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Plan(Base):
    __tablename__ = "plans"
    __table_args__ = (CheckConstraint(_in("kind", PLAN_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    rrule: Mapped[str] = mapped_column(String(500))
    # Wall-clock start in the patient's zone: recurrences are computed there.
    start_local: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    label: Mapped[str | None] = mapped_column(String(80))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The next occurrence, UTC; NULL when the rule is exhausted or the plan is off.
    # The clock's only query is "next_fire_at <= now", so this index is the scale.
    next_fire_at: Mapped[datetime | None] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    patient: Mapped[Patient] = relationship(back_populates="plans")


class Message(Base):
    """One text, either way. Outbound rows are also the outbox."""

    __tablename__ = "messages"
    __table_args__ = (
        # One outbound text per (plan, occurrence, purpose): the no-duplicate guarantee.
        UniqueConstraint("plan_id", "occurrence_at", "purpose", name="uq_messages_occurrence"),
        CheckConstraint(_in("direction", (INBOUND, OUTBOUND)), name="direction"),
        # An outbound row without a send time is never claimed: refused, not silently kept.
        CheckConstraint(f"direction = '{INBOUND}' OR send_after IS NOT NULL", name="outbound_send_after"),
        Index("ix_messages_patient_created", "patient_id", "created_at"),
        # The automatic-answer cap counts a number's answers in the last hour on every inbound text.
        Index("ix_messages_to_purpose_created", "to_number", "purpose", "created_at"),
        # The senders' only query: pending rows whose time has come.
        Index(
            "ix_messages_outbox",
            "send_after",
            postgresql_where=text("status = 'pending'"),
            sqlite_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id"))
    direction: Mapped[str] = mapped_column(String(3))
    # reminder, nudge, due_soon, due_today, follow_up, reply, welcome, manual, ...
    purpose: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(Text)
    from_number: Mapped[str | None] = mapped_column(String(32))
    to_number: Mapped[str | None] = mapped_column(String(32))
    twilio_sid: Mapped[str | None] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16))
    error_code: Mapped[int | None] = mapped_column(Integer)
    segments: Mapped[int | None] = mapped_column(Integer)
    media_urls: Mapped[list | None] = mapped_column(JSON)
    tip_id: Mapped[str | None] = mapped_column(String(32))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"))
    occurrence_at: Mapped[datetime | None] = mapped_column()
    occurrence_id: Mapped[int | None] = mapped_column(
        ForeignKey("occurrences.id", use_alter=True), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Outbox: sent no earlier than send_after (quiet hours, backoff; always set on an
    # outbound row, NULL on an inbound one); a sender owns the row until lease_until,
    # after which another may take it.
    send_after: Mapped[datetime | None] = mapped_column()
    lease_until: Mapped[datetime | None] = mapped_column()
    # An automatic answer points at the text it answers (the same answer is
    # returned when Twilio delivers that text twice).
    in_reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    sent_at: Mapped[datetime | None] = mapped_column()
    # A text to or from one of the patient's caregivers (their consent applies, not the patient's).
    caregiver_id: Mapped[int | None] = mapped_column(ForeignKey("caregivers.id"), index=True)

    patient: Mapped[Patient | None] = relationship()
    in_reply_to: Mapped[Message | None] = relationship(remote_side=[id])
    occurrence: Mapped[Occurrence | None] = relationship(foreign_keys=[occurrence_id])


class Occurrence(Base):
    """One planned moment of a plan: the dose at 08:00 today, the blood test due on the 15th."""

    __tablename__ = "occurrences"
    __table_args__ = (
        UniqueConstraint("plan_id", "due_at", name="uq_occurrences_plan_due"),
        CheckConstraint(_in("state", OCCURRENCE_STATES), name="state"),
        Index("ix_occurrences_patient_state", "patient_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    kind: Mapped[str] = mapped_column(String(16))  # the plan's kind
    due_at: Mapped[datetime] = mapped_column()
    state: Mapped[str] = mapped_column(String(16), default=OPEN)
    # When the next follow-up is due while unanswered (NULL: none left).
    follow_up_at: Mapped[datetime | None] = mapped_column(index=True)
    follow_ups: Mapped[int] = mapped_column(Integer, default=0)
    answered_at: Mapped[datetime | None] = mapped_column()
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))  # the reply
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    plan: Mapped[Plan] = relationship()
    patient: Mapped[Patient] = relationship()


class MessageEvent(Base):
    """Every delivery status Twilio reported, as it came: repeated, late or out of order."""

    __tablename__ = "message_events"
    __table_args__ = (
        # The clock's re-check each tick: events still waiting for their message, and only those.
        Index(
            "ix_message_events_waiting",
            "twilio_sid",
            postgresql_where=text("message_id IS NULL AND unmatched_at IS NULL"),
            sqlite_where=text("message_id IS NULL AND unmatched_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"), index=True)
    twilio_sid: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    error_code: Mapped[int | None] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    # For an event whose sid no message had yet: the outbox row its callback URL named
    # (?m=, signed by Twilio). A retry after an ambiguous send finds its text by it.
    ref: Mapped[int | None] = mapped_column(Integer, index=True)
    # When the clock stopped looking for this event's message (a sid we never sent, a day on):
    # the row stays for the record, out of the re-check.
    unmatched_at: Mapped[datetime | None] = mapped_column()


class TipCycle(Base):
    """Where a patient's tip rotation last started over, for one set of eligible tips.

    The rotation counts a patient's tips from the last time every eligible tip had been sent:
    this row remembers that text, so choosing the next tip reads only the texts after it,
    not the patient's whole history. `scope` names the eligible set (the reminder's kind, the
    patient's discreet setting and the library's tips, as a digest): a new library starts
    with no row, and is counted from the beginning once.
    """

    __tablename__ = "tip_cycles"

    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), primary_key=True)
    scope: Mapped[str] = mapped_column(String(16), primary_key=True)
    # The text whose tip completed the cycle, by the history's order (created_at, then id).
    through_at: Mapped[datetime] = mapped_column()
    through_id: Mapped[int] = mapped_column(Integer)


class Heartbeat(Base):
    """The last time each long-running process did its work (the clock's tick)."""

    __tablename__ = "heartbeats"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    at: Mapped[datetime] = mapped_column()
    detail: Mapped[str | None] = mapped_column(Text)


class DoseEvent(Base):
    """A dose's outcome. A scheduled dose (an occurrence) has at most one: a later answer
    corrects it in place (records/occurrences.py). A report with no reminder open is kept
    as `unscheduled`, and counts for neither adherence nor the calendar's dose days."""

    __tablename__ = "dose_events"
    __table_args__ = (
        CheckConstraint(_in("outcome", DOSE_STATES), name="outcome"),
        CheckConstraint(f"corrected_from IS NULL OR {_in('corrected_from', DOSE_STATES)}", name="corrected_from"),
        UniqueConstraint("occurrence_id", name="uq_dose_events_occurrence_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"))
    occurrence_at: Mapped[datetime | None] = mapped_column()
    occurrence_id: Mapped[int | None] = mapped_column(ForeignKey("occurrences.id"))
    outcome: Mapped[str] = mapped_column(String(16))
    # The outcome a later answer replaced ("skipped" for a skip corrected to taken).
    corrected_from: Mapped[str | None] = mapped_column(String(16))
    unscheduled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class SymptomReport(Base):
    __tablename__ = "symptom_reports"
    __table_args__ = (
        CheckConstraint("severity IS NULL OR (severity >= 0 AND severity <= 10)", name="severity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    symptom: Mapped[str] = mapped_column(String(32))
    severity: Mapped[int | None] = mapped_column(Integer)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class LabResult(Base):
    __tablename__ = "lab_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    test: Mapped[str] = mapped_column(String(16))  # b12, mma, homocysteine, folate
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(16))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Flag(Base):
    """Something a coordinator must look at: a case, per patient (or unknown number) and reason,
    that collects every text bearing on it (reminders/core/cases.py: FlagEvent)."""

    __tablename__ = "flags"
    __table_args__ = (
        CheckConstraint(_in("level", FLAG_LEVELS), name="level"),
        CheckConstraint(
            _in("state", (FLAG_OPEN, FLAG_ACKNOWLEDGED, FLAG_RESOLVED)), name="state"
        ),
        Index("ix_flags_state_level", "state", "level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id"), index=True)
    # The sender of a flag about a number no patient has (patient_id is NULL then).
    phone: Mapped[str | None] = mapped_column(String(32), index=True)
    # red_flag, unknown_reply, unknown_sender, missed_doses, blood_test_overdue, invalid_number, ...
    reason: Mapped[str] = mapped_column(String(32))
    level: Mapped[str] = mapped_column(String(8), default=ROUTINE)
    detail: Mapped[str | None] = mapped_column(Text)  # the headline: the latest of its most pressing level
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))  # the first text
    state: Mapped[str] = mapped_column(String(16), default=FLAG_OPEN)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When it last asked for attention (its first text, a new one, a higher level): the queue's order.
    raised_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Urgent flags: when the next notification is due (NULL: none), and how many rounds went out.
    notify_at: Mapped[datetime | None] = mapped_column(index=True)
    notify_round: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    acknowledged_at: Mapped[datetime | None] = mapped_column()
    acknowledged_by: Mapped[str | None] = mapped_column(String(200))
    resolved_at: Mapped[datetime | None] = mapped_column()
    resolved_by: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)


class OptedOutNumber(Base):
    """A number no patient has that texted STOP: it gets no more answers until START."""

    __tablename__ = "opted_out_numbers"

    phone: Mapped[str] = mapped_column(String(32), primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))


# -- read paths of the coordinators' dashboard (migration 0003) ----------------
# Adherence over 7 and 30 days, for a page of patients at once.
Index("ix_dose_events_patient_at", DoseEvent.patient_id, DoseEvent.at)
# The patients list is sorted by name: pages come off the index instead of a sort.
Index("ix_patients_name_id", Patient.name, Patient.id)

# -- the worklist (migration i16_worklist): every patient's need, worked out on each view -------
# Who has texted in the last few days: a range of recent inbound texts, whatever the history.
Index("ix_messages_inbound_created", Message.created_at, Message.patient_id,
      postgresql_where=text("direction = 'in'"), sqlite_where=text("direction = 'in'"))
# The last weeks' dose outcomes of everyone, read from the index alone (no table rows).
Index("ix_dose_events_at", DoseEvent.at, DoseEvent.patient_id, DoseEvent.outcome, DoseEvent.unscheduled)

# Coordinators' accounts and the audit log, flags' events and notifications, caregivers and
# patients' changes live in their own modules; importing them here puts their tables in
# Base.metadata for Alembic and the tests.
from reminders.core import caregivers as _caregivers  # noqa: E402,F401
from reminders.core import cases as _cases  # noqa: E402,F401
from reminders.core import changes as _changes  # noqa: E402,F401
from reminders.core import staff as _staff  # noqa: E402,F401
