"""From plans to texts: due plans become occurrences, occurrences become outbox rows.

Runs inside the clock's tick. Each due plan is claimed by moving its
next_fire_at forward with a conditional UPDATE, so two clocks (which should
never run, but might during a deploy) cannot both act on one occurrence; the
unique keys on occurrences and messages are the last line of defence.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload

from reminders.content import texts, tips
from reminders.core import logs
from reminders.core.config import Config
from reminders.core.models import (
    BLOOD_TEST,
    DOSE_MISSED,
    LAPSED,
    MISSED,
    NOT_SENT,
    OPEN,
    PENDING,
    ROUTINE,
    SUPPLEMENT,
    DoseEvent,
    Occurrence,
    Patient,
    Plan,
)
from reminders.core.runtime import Runtime
from reminders.outgoing import caregivers, pauses, recurrence
from reminders.outgoing.queue import queue_text
from reminders.records.flags import raise_flag
from reminders.records.occurrences import record_outcome

log = logging.getLogger(__name__)

BATCH = 200  # plans per transaction
MAX_CATCH_UP = 1000  # occurrences recorded for one plan in one tick after downtime
BLOOD_TEST_FOLLOW_UPS = 3
MISSED_IN_A_ROW = 3


@dataclass
class Policy:
    grace: timedelta
    nudge_after: timedelta
    lead: timedelta
    names: Config  # program_for(discreet): the name caregivers' texts carry

    @classmethod
    def from_config(cls, config: Config) -> "Policy":
        return cls(
            grace=timedelta(minutes=config.grace_minutes),
            nudge_after=timedelta(minutes=config.nudge_minutes),
            lead=timedelta(days=config.lead_days),
            names=config,
        )


# -- when a plan fires --------------------------------------------------------


def lead_for(plan_kind: str, policy_lead: timedelta) -> timedelta:
    """Blood tests fire ahead of their due date ("due in 3 days"); doses on time."""
    return policy_lead if plan_kind == BLOOD_TEST else timedelta(0)


def next_fire_at(plan: Plan, tz: str, after_due: datetime, lead: timedelta) -> datetime | None:
    due = recurrence.next_fire(plan.rrule, plan.start_local, tz, after_due)
    return None if due is None else due - lead_for(plan.kind, lead)


# -- due plans -> occurrences -------------------------------------------------


@dataclass
class Batch:
    """What a batch of due plans needs from the database, read once for all of them.

    Reading it up front lets the batch's inserts go out together at commit
    instead of one flush per row.
    """

    open_doses: dict[int, list[Occurrence]]
    tip_history: dict[int, tips.History]

    @classmethod
    def load(cls, session: Session, plans: list[Plan], now: datetime) -> "Batch":
        open_doses: dict[int, list[Occurrence]] = defaultdict(list)
        supplement_ids = [plan.id for plan in plans if plan.kind == SUPPLEMENT]
        if supplement_ids:
            for occurrence in session.scalars(
                select(Occurrence).where(Occurrence.plan_id.in_(supplement_ids), Occurrence.state == OPEN)
            ):
                open_doses[occurrence.plan_id].append(occurrence)
        history = tips.tip_histories(session, [(plan.patient, plan.kind) for plan in plans], now)
        return cls(open_doses, history)


def schedule_due(rt: Runtime, now: datetime, policy: Policy, batches: int | None = None) -> int:
    """Turn every plan due at `now` into occurrences and outbox rows; returns how many.

    `batches` stops after that many transactions of BATCH plans (a worker interleaves
    scheduling with sending). Any number of processes may run this at once: on PostgreSQL
    each skips the plans another has locked; on SQLite the one write lock serialises them,
    and the conditional UPDATE in `fire_plan` is the claim either way.
    """
    done = 0
    while batches is None or batches > 0:
        batches = None if batches is None else batches - 1
        with rt.session() as session:
            plans = session.scalars(
                select(Plan)
                .where(Plan.next_fire_at <= now, Plan.active.is_(True))
                .order_by(Plan.next_fire_at)
                .limit(BATCH)
                .with_for_update(skip_locked=True, of=Plan)
                .options(joinedload(Plan.patient).joinedload(Patient.team))
            ).all()
            batch = Batch.load(session, plans, now)
            with session.no_autoflush:
                for plan in plans:
                    done += fire_plan(session, plan, now, policy, batch)
        if len(plans) < BATCH:
            break
    return done


def fire_plan(session: Session, plan: Plan, now: datetime, policy: Policy, batch: Batch) -> int:
    """Every occurrence of `plan` up to `now`; the plan moves to its next one.

    A plan whose next fire cannot be worked out (a rule written into the database past the
    checks) still sends the occurrence that is due, then is turned off and flagged.
    """
    patient = plan.patient
    lead = lead_for(plan.kind, policy.lead)
    fire, fired = plan.next_fire_at, 0
    while fire is not None and fire <= now and fired < MAX_CATCH_UP:
        due = fire + lead
        following, broken = _following(plan, patient.tz, fire, due, policy.lead)
        claimed = session.execute(
            update(Plan)
            .where(Plan.id == plan.id, Plan.next_fire_at == fire)
            .values(next_fire_at=following, **({"active": False} if broken else {}))
            .execution_options(synchronize_session=False)
        ).rowcount
        if not claimed:
            return fired  # another clock took it
        if broken:
            _turned_off(session, plan, broken, now)
        # A dose due during the patient's pause is skipped, never sent late; a blood test is held.
        if patient.textable and not (plan.kind == SUPPLEMENT and pauses.paused(patient, due)):
            _record_occurrence(session, plan, patient, due, now, policy, batch)
        fire, fired = following, fired + 1
    session.expire(plan, ["next_fire_at", "active"])
    return fired


def _following(plan: Plan, tz: str, fire: datetime, due: datetime, lead: timedelta) -> tuple[datetime | None, str | None]:
    """The plan's next fire after this one, or None and what is wrong with its rule."""
    try:
        following = next_fire_at(plan, tz, due, lead)
    except Exception as error:  # expanding is pure computation: whatever it raises, the rule is at fault
        return None, str(error) if isinstance(error, recurrence.RuleError) else f"{type(error).__name__}: {error}"
    if following is not None and following - fire < recurrence.MIN_GAP:
        return None, f"RRULE {plan.rrule!r}: two fires less than an hour apart ({fire:%H:%M:%S} and {following:%H:%M:%S} UTC)"
    return following, None


def _turned_off(session: Session, plan: Plan, reason: str, now: datetime) -> None:
    logs.event(log, "plan_turned_off", logging.ERROR, plan=plan.id, reason=reason)
    raise_flag(session, plan.patient_id, "bad_schedule", ROUTINE,
               f"plan #{plan.id} ({plan.label or plan.kind}) turned off, no more reminders from it: "
               f"{reason[:300]}. Fix its schedule on the patient's page.", now)


def _record_occurrence(session, plan, patient, due, now, policy, batch: Batch) -> None:
    if plan.kind == SUPPLEMENT:
        _lapse_open_doses(session, plan, now, batch.open_doses.pop(plan.id, []), policy)
    late = due < now - policy.grace
    occurrence = Occurrence(
        plan=plan, patient=patient, kind=plan.kind, due_at=due, state=NOT_SENT if late else OPEN,
    )
    session.add(occurrence)
    history = batch.tip_history.setdefault(patient.id, tips.History())
    if late:
        logs.event(log, "occurrence_not_sent", plan=plan.id, due=f"{due:%Y-%m-%dT%H:%M:%SZ}",
                   reason="passed while the clock was down")
        _outbox(session, occurrence, "reminder", due, status=MISSED)
        return
    if plan.kind == SUPPLEMENT:
        message = _outbox(session, occurrence, "reminder", now, history=history)
        occurrence.follow_up_at = message.send_after + policy.nudge_after
        batch.open_doses[plan.id].append(occurrence)
    elif pauses.paused(patient, due):
        occurrence.follow_up_at = patient.paused_until  # due while away: chased once they are back
    else:
        start = pauses.held(patient, now)
        if _local_date(due, patient.tz) > _local_date(start, patient.tz):
            _outbox(session, occurrence, "due_soon", start, history=history)
        _outbox(session, occurrence, "due_today", max(due, start))
        occurrence.follow_up_at = due + timedelta(days=7)


def _local_date(instant: datetime, tz: str):
    return instant.astimezone(recurrence.parse_zone(tz)).date()


def _outbox(session, occurrence: Occurrence, purpose: str, at: datetime, status=PENDING, history=None):
    body, tip_id = texts.for_occurrence(
        session, occurrence, purpose, with_tip=status == PENDING, sent_at=at, history=history
    )
    return queue_text(session, occurrence.patient, purpose, body, at, status=status,
                      occurrence=occurrence, tip_id=tip_id)


def _lapse_open_doses(session: Session, plan: Plan, now: datetime, stale: list[Occurrence], policy: Policy) -> None:
    """A new dose is due: the last one, never answered, is recorded as missed."""
    stale = [occurrence for occurrence in stale if occurrence.state == OPEN]
    if not stale:
        return
    session.flush()  # the streak below is counted in the database
    for occurrence in stale:
        occurrence.state, occurrence.follow_up_at = LAPSED, None
        record_outcome(session, occurrence, DOSE_MISSED, now)
    session.flush()
    streak = _missed_streak(session, plan)
    if streak >= MISSED_IN_A_ROW:
        raise_flag(
            session, plan.patient_id, "missed_doses", ROUTINE,
            f"{MISSED_IN_A_ROW} doses in a row with no answer ({plan.label or 'supplement'})", now,
        )
    caregivers.on_missed_streak(session, plan.patient, streak, len(stale), now, policy.names)


def _missed_streak(session: Session, plan: Plan) -> int:
    """How many of the plan's latest doses in a row were missed (counted up to MAX_STREAK)."""
    outcomes = session.scalars(
        select(DoseEvent.outcome)
        .where(DoseEvent.plan_id == plan.id, DoseEvent.unscheduled.is_(False))
        .order_by(DoseEvent.occurrence_at.desc(), DoseEvent.id.desc())
        .limit(caregivers.MAX_STREAK)
    ).all()
    return next((n for n, outcome in enumerate(outcomes) if outcome != DOSE_MISSED), len(outcomes))


# -- follow-ups ---------------------------------------------------------------


def follow_up_due(rt: Runtime, now: datetime) -> int:
    """Nudge unanswered doses once; chase blood tests weekly, then flag."""
    done = 0
    while True:
        with rt.session() as session:
            rows = session.scalars(
                select(Occurrence)
                .where(Occurrence.follow_up_at <= now, Occurrence.state == OPEN)
                .order_by(Occurrence.follow_up_at)
                .limit(BATCH)
                .with_for_update(skip_locked=True, of=Occurrence)
                .options(joinedload(Occurrence.patient), joinedload(Occurrence.plan))
            ).all()
            for occurrence in rows:
                _follow_up(session, occurrence, now)
            done += len(rows)
        if len(rows) < BATCH:
            return done


def _follow_up(session: Session, occurrence: Occurrence, now: datetime) -> None:
    if not occurrence.patient.textable:
        occurrence.follow_up_at = None
        return
    if pauses.paused(occurrence.patient, now):  # no nudge while away; blood tests wait for the end
        occurrence.follow_up_at = None if occurrence.kind == SUPPLEMENT else occurrence.patient.paused_until
        return
    if occurrence.kind == SUPPLEMENT:
        _outbox(session, occurrence, "nudge", now)
        occurrence.follow_up_at = None
        return
    if occurrence.follow_ups < BLOOD_TEST_FOLLOW_UPS:
        occurrence.follow_ups += 1
        _outbox(session, occurrence, f"follow_up_{occurrence.follow_ups}", now)
        occurrence.follow_up_at = occurrence.follow_up_at + timedelta(days=7)
        return
    occurrence.state, occurrence.follow_up_at = LAPSED, None
    raise_flag(
        session, occurrence.patient_id, "blood_test_overdue", ROUTINE,
        f"blood test due {occurrence.due_at:%Y-%m-%d} not reported done after "
        f"{BLOOD_TEST_FOLLOW_UPS} follow-ups", now,
    )
