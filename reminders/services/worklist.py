"""The coordinator's worklist: every patient in scope, most in need of a call first, and why.

The need of every patient is worked out in the database, for all of them at once: open flags
and dose outcomes are each one grouped subquery joined to the patients, and silence is an
indexed look at each patient's latest texts. A page of the list and the count per filter are
one statement each, whatever the number of patients; the words for a page's rows take one more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Float, Select, and_, case, cast, exists, func, not_, or_, select, text, true
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


def _needs(scope: Select, now: datetime):
    """Every patient in `scope` with their figures, as a CTE: worked out once per view, then
    counted for the filters and sorted for the page in the same statement."""
    flags = _flags()
    doses = _doses(now)
    taken, due = func.coalesce(doses.c.taken_week, 0), func.coalesce(doses.c.due_week, 0)
    paused = or_(Patient.paused, and_(Patient.paused_until.is_not(None), Patient.paused_until > now))
    query = select(
        Patient.id, Patient.name, flags.c.rank.label("flag_rank"), flags.c.raised.label("flag_raised"),
        func.coalesce(flags.c.open, 0).label("open_flags"), func.coalesce(flags.c.urgent, 0).label("urgent_flags"),
        _streak(now, doses).label("streak"), taken.label("taken_week"), due.label("due_week"),
        # Compared without dividing: taken < 80% of due.
        and_(due > 0, taken < LOW_ADHERENCE * due).label("low"),
        (Patient.consent == OPTED_OUT).label("opted_out"), paused.label("paused"),
        _silent(now, paused).label("silent"),
    ).outerjoin(flags, flags.c.patient_id == Patient.id).outerjoin(doses, doses.c.patient_id == Patient.id)
    scoped = scope.subquery("scope")  # joined, not IN: a subquery on patients would be correlated
    return query.join(scoped, scoped.c.id == Patient.id).cte("needs")


def _tier(n):
    return case(
        (n.flag_rank == 0, URGENT_FLAG), (n.flag_rank == 1, PROMPT_FLAG), (n.flag_rank == 2, ROUTINE_FLAG),
        (n.streak >= MISSED_IN_A_ROW, MISSED), (n.silent, SILENT), (n.low, LOW), else_=NOTHING,
    )


def _matches(n, show: str | None):
    """The condition of one filter (None: everyone)."""
    return {
        "urgent": n.flag_rank == 0, "prompt": n.flag_rank == 1, "routine": n.flag_rank == 2,
        "missed": n.streak >= MISSED_IN_A_ROW, "silent": n.silent, "low": n.low,
        "opted_out": n.opted_out, "paused": n.paused,
    }.get(show)


def _order(n, tier):
    # Within the flag tiers: what asked for attention last first (as the flags queue); then the
    # longest run of missed doses, then the lowest share taken (none due: after any); then by name.
    share = case((n.due_week > 0, cast(n.taken_week, Float) / n.due_week), else_=2.0)
    return (tier, n.flag_raised.desc(), n.streak.desc(), share, n.name, n.id)


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
    """Per patient, in one pass over the last LOOKBACK of scheduled doses: those taken and due in
    the last 7 days, and when the latest answered one (taken or skipped: a skip is an answer)
    and the latest missed one were."""
    in_week = DoseEvent.at >= now - WEEK
    missed = DoseEvent.outcome == DOSE_MISSED
    return (
        select(
            DoseEvent.patient_id,
            func.sum(case((and_(in_week, DoseEvent.outcome == TAKEN), 1), else_=0)).label("taken_week"),
            func.sum(case((in_week, 1), else_=0)).label("due_week"),
            func.max(case((not_(missed), DoseEvent.at))).label("answered"),
            func.max(case((missed, DoseEvent.at))).label("missed"),
        )
        .where(_scheduled(now))
        .group_by(DoseEvent.patient_id)
        .subquery("doses")
    )


def _scheduled(now: datetime):
    return and_(DoseEvent.unscheduled.is_(False), DoseEvent.at >= now - LOOKBACK, DoseEvent.at <= now)


def _streak(now: datetime, doses):
    """Missed doses since the latest answered one. Counted (an indexed range on the patient's
    doses) only for the few whose latest dose was missed: the rest have none in a row."""
    # One range on (patient_id, at): after the latest answer, or the whole window if none.
    after_answer = DoseEvent.at > func.coalesce(doses.c.answered, now - LOOKBACK - timedelta(seconds=1))
    count = (
        select(func.count())
        .where(DoseEvent.patient_id == doses.c.patient_id, DoseEvent.outcome == DOSE_MISSED, after_answer,
               _scheduled(now))
        .correlate(doses)
        .scalar_subquery()
    )
    latest_missed = and_(doses.c.missed.is_not(None),
                         or_(doses.c.answered.is_(None), doses.c.missed > doses.c.answered))
    return case((latest_missed, count), else_=0)


def _silent(now: datetime, paused):
    """Opted in, not paused, with an active plan, enrolled over SILENT_DAYS ago, and no text from
    them in SILENT_DAYS (an indexed range on each patient's messages, newest first)."""
    since = now - timedelta(days=SILENT_DAYS)
    has_plan = exists().where(Plan.patient_id == Patient.id, Plan.active.is_(True))
    replied = exists().where(Message.patient_id == Patient.id, Message.created_at >= since,
                             Message.direction == INBOUND)
    return and_(Patient.consent == OPTED_IN, not_(paused), Patient.created_at <= since, has_plan, not_(replied))


@dataclass(frozen=True)
class View:
    counts: dict[str, int]  # how many each filter shows, and "all"
    rows: list[tuple[Patient, Need]]  # the page, most in need first


def view(session: Session, scope: Select, now: datetime, show: str | None, offset: int, limit: int) -> View:
    """The patients in `scope` (a select of Patient.id: the user's team, a search), counted per
    filter, and one page of those of filter `show`, most in need first. One statement for both
    (and one more for the page's flags): the counts row is joined to the page's rows, or to
    none when the page is empty."""
    _no_jit(session)
    needs = _needs(scope, now)
    n = needs.c
    counts = select(func.count().label("all"), *[
        func.coalesce(func.sum(case((_matches(n, name), 1), else_=0)), 0).label(name) for name in FILTERS
    ]).subquery("counts")
    tier = _tier(n)
    page = select(needs, tier.label("tier"))
    if show in FILTERS:
        page = page.where(_matches(n, show))
    page = page.order_by(*_order(n, tier)).offset(offset).limit(limit).subquery("page")
    p = page.c
    result = session.execute(
        select(counts, Patient, p.tier, p.open_flags, p.urgent_flags, p.streak, p.silent, p.taken_week, p.due_week,
               p.low, p.opted_out, p.paused)
        .select_from(counts).outerjoin(page, true()).outerjoin(Patient, Patient.id == p.id)
        .order_by(*_order(p, p.tier))
    ).all()
    figures = dict(zip(("all",) + FILTERS, result[0][:len(FILTERS) + 1]))
    found = [row[len(FILTERS) + 1:] for row in result if row[len(FILTERS) + 1] is not None]
    flags = _top_flags(session, [row[0].id for row in found])
    return View(figures, [
        (patient, Need(tier, flags.get(patient.id), n_open, urgent, streak, bool(silent), taken, due, bool(low),
                       bool(opted_out), bool(paused)))
        for patient, tier, n_open, urgent, streak, silent, taken, due, low, opted_out, paused in found
    ])


def _no_jit(session: Session) -> None:
    """PostgreSQL compiles a query whose estimated cost passes jit_above_cost; the estimate counts
    every patient's silence and streak lookups (most never run: CASE stops early), so it compiles
    ours, which then takes several times longer than the query. Off for this transaction only."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))


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

