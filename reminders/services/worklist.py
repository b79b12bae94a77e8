"""The coordinator's worklist: every patient in scope, most in need of a call first, and why.

The need of every patient is worked out in the database, for all of them at once: open flags
and dose outcomes are each one grouped subquery joined to the patients, and silence is an
indexed look at each patient's latest texts. A page of the list and the count per filter are
one statement each, whatever the number of patients; the words for a page's rows take one more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Float, Select, and_, case, cast, exists, func, not_, or_, select
from sqlalchemy.orm import Session

from reminders.core.models import (
    DOSE_MISSED,
    FLAG_RESOLVED,
    INBOUND,
    OPTED_IN,
    OPTED_OUT,
    PROMPT,
    TAKEN,
    URGENT,
    DoseEvent,
    Flag,
    Message,
    Patient,
    Plan,
)
from reminders.outgoing.scheduling import MISSED_IN_A_ROW

# The thresholds, named once: the page states them, and the tests read them from here.
SILENT_DAYS = 5  # no reply for this long, while reminders go out, is worth a call
LOW_ADHERENCE = 0.8  # under 80% of the last 7 days' doses taken is low (the usual cut-off)
WEEK = timedelta(days=7)  # the adherence window, as on the list's "7 days" figure
LOOKBACK = timedelta(days=30)  # how far back missed doses in a row are counted

# Where a patient sits, most pressing first: the first reason that applies decides.
URGENT_FLAG, PROMPT_FLAG, ROUTINE_FLAG, MISSED, SILENT, LOW, NOTHING = range(7)

# The filters, in the order the page offers them.
FILTERS = ("urgent", "prompt", "routine", "missed", "silent", "low", "opted_out", "paused")


@dataclass(frozen=True)
class Need:
    """Why a patient is where they are on the list."""

    tier: int
    flag: Flag | None  # the most pressing open flag (the latest raised of its level)
    open_flags: int
    urgent_flags: int
    missed_in_a_row: int
    silent: bool
    taken_week: int
    due_week: int  # scheduled doses with an outcome in the last 7 days
    low: bool
    opted_out: bool
    paused: bool


class _Columns:
    """The per-patient figures as SQL expressions over Patient and the two grouped subqueries."""

    def __init__(self, now: datetime):
        flags = _flags()
        doses = _doses(now)
        self.joined = lambda query: (query.outerjoin(flags, flags.c.patient_id == Patient.id)
                                     .outerjoin(doses, doses.c.patient_id == Patient.id))
        self.flag_rank = flags.c.rank
        self.flag_raised = flags.c.raised
        self.open_flags = func.coalesce(flags.c.open, 0)
        self.urgent_flags = func.coalesce(flags.c.urgent, 0)
        self.streak = func.coalesce(doses.c.streak, 0)
        self.taken_week = func.coalesce(doses.c.taken_week, 0)
        self.due_week = func.coalesce(doses.c.due_week, 0)
        # Compared without dividing: taken < 80% of due.
        self.low = and_(self.due_week > 0, self.taken_week < LOW_ADHERENCE * self.due_week)
        self.opted_out = Patient.consent == OPTED_OUT
        self.paused = or_(Patient.paused, and_(Patient.paused_until.is_not(None), Patient.paused_until > now))
        self.silent = _silent(now, self.paused)
        self.tier = case(
            (self.flag_rank == 0, URGENT_FLAG), (self.flag_rank == 1, PROMPT_FLAG),
            (self.flag_rank == 2, ROUTINE_FLAG), (self.streak >= MISSED_IN_A_ROW, MISSED),
            (self.silent, SILENT), (self.low, LOW), else_=NOTHING,
        )
        # The share taken, for the order within a tier; no doses due sorts after any share.
        self.share = case((self.due_week > 0, cast(self.taken_week, Float) / self.due_week), else_=2.0)

    def matches(self, show: str | None):
        """The condition of one filter (None: everyone)."""
        return {
            "urgent": self.flag_rank == 0, "prompt": self.flag_rank == 1, "routine": self.flag_rank == 2,
            "missed": self.streak >= MISSED_IN_A_ROW, "silent": self.silent, "low": self.low,
            "opted_out": self.opted_out, "paused": self.paused,
        }.get(show)

    def order(self):
        # Within the flag tiers: what asked for attention last first (as the flags queue); then
        # the longest run of missed doses, then the lowest share taken; then by name.
        return (self.tier, self.flag_raised.desc(), self.streak.desc(), self.share, Patient.name, Patient.id)


def _flags():
    rank = case((Flag.level == URGENT, 0), (Flag.level == PROMPT, 1), else_=2)
    return (
        select(Flag.patient_id, func.min(rank).label("rank"), func.max(Flag.raised_at).label("raised"),
               func.count().label("open"), func.sum(case((Flag.level == URGENT, 1), else_=0)).label("urgent"))
        .where(Flag.state != FLAG_RESOLVED, Flag.patient_id.is_not(None))
        .group_by(Flag.patient_id)
        .subquery("open_flags")
    )


def _doses(now: datetime):
    """Per patient: doses taken and due in the last 7 days, and the missed ones since the last
    answered one (taken or skipped: a skip is an answer) within LOOKBACK."""
    scheduled = and_(DoseEvent.unscheduled.is_(False), DoseEvent.at >= now - LOOKBACK, DoseEvent.at <= now)
    answered = (
        select(DoseEvent.patient_id, func.max(DoseEvent.at).label("at"))
        .where(scheduled, DoseEvent.outcome != DOSE_MISSED)
        .group_by(DoseEvent.patient_id)
        .subquery("last_answered")
    )
    in_week = DoseEvent.at >= now - WEEK
    since_answer = or_(answered.c.at.is_(None), DoseEvent.at > answered.c.at)
    return (
        select(
            DoseEvent.patient_id,
            func.sum(case((and_(in_week, DoseEvent.outcome == TAKEN), 1), else_=0)).label("taken_week"),
            func.sum(case((in_week, 1), else_=0)).label("due_week"),
            func.sum(case((and_(DoseEvent.outcome == DOSE_MISSED, since_answer), 1), else_=0)).label("streak"),
        )
        .outerjoin(answered, answered.c.patient_id == DoseEvent.patient_id)
        .where(scheduled)
        .group_by(DoseEvent.patient_id)
        .subquery("doses")
    )


def _silent(now: datetime, paused):
    """Opted in, not paused, with an active plan, enrolled over SILENT_DAYS ago, and no text from
    them in SILENT_DAYS (an indexed range on each patient's messages, newest first)."""
    since = now - timedelta(days=SILENT_DAYS)
    has_plan = exists().where(Plan.patient_id == Patient.id, Plan.active.is_(True))
    replied = exists().where(Message.patient_id == Patient.id, Message.created_at >= since,
                             Message.direction == INBOUND)
    return and_(Patient.consent == OPTED_IN, not_(paused), Patient.created_at <= since, has_plan, not_(replied))


def page(session: Session, scope: Select, now: datetime, show: str | None,
         offset: int, limit: int) -> list[tuple[Patient, Need]]:
    """One page of the patients in `scope` (a select of Patient.id: the user's team, a search),
    those of filter `show` only, most in need first."""
    c = _Columns(now)
    query = c.joined(select(Patient, c.tier, c.open_flags, c.urgent_flags, c.streak, c.silent, c.taken_week,
                            c.due_week, c.low, c.opted_out, c.paused))
    query = _within(query, scope)
    if c.matches(show) is not None:
        query = query.where(c.matches(show))
    rows = session.execute(query.order_by(*c.order()).offset(offset).limit(limit)).all()
    flags = _top_flags(session, [row[0].id for row in rows])
    return [(p, Need(tier, flags.get(p.id), n, urgent, streak, bool(silent), taken, due, bool(low),
                     bool(opted_out), bool(paused)))
            for p, tier, n, urgent, streak, silent, taken, due, low, opted_out, paused in rows]


def counts(session: Session, scope: Select, now: datetime) -> dict[str, int]:
    """How many patients in `scope` each filter shows, and "all"."""
    c = _Columns(now)
    figures = [func.count()] + [func.sum(case((c.matches(name), 1), else_=0)) for name in FILTERS]
    row = session.execute(_within(c.joined(select(*figures).select_from(Patient)), scope)).one()
    return dict(zip(("all",) + FILTERS, (value or 0 for value in row)))


def _within(query: Select, scope: Select) -> Select:
    """Only the patients `scope` selects (joined, not `IN`: a subquery on patients inside a query
    on patients would be correlated with it)."""
    scoped = scope.subquery("scope")
    return query.join(scoped, scoped.c.id == Patient.id)


def _top_flags(session: Session, patient_ids: list[int]) -> dict[int, Flag]:
    """Each patient's most pressing open flag: the latest raised of the highest level."""
    if not patient_ids:
        return {}
    rank = case((Flag.level == URGENT, 0), (Flag.level == PROMPT, 1), else_=2)
    top: dict[int, Flag] = {}
    for flag in session.scalars(
        select(Flag).where(Flag.patient_id.in_(patient_ids), Flag.state != FLAG_RESOLVED)
        .order_by(rank, Flag.raised_at.desc(), Flag.id.desc())
    ):
        top.setdefault(flag.patient_id, flag)
    return top

