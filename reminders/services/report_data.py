"""What the visit report shows, read from the database: adherence by day, symptom trends
and the worst days, lab values against their reference ranges, flags and what was done,
and the patient's own words for red flags. Days are the patient's own days, both ends of
the range included.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from reminders.content import labs as lab_tests
from reminders.core import words
from reminders.core.cases import ACKNOWLEDGED, RAISED, REPLIED, TEXT, FlagEvent
from reminders.core.models import (
    INBOUND,
    TAKEN,
    FLAG_OPEN,
    DoseEvent,
    Flag,
    LabResult,
    Message,
    Patient,
    SymptomReport,
)

MAX_DAYS = 366  # one page holds a year of days
WORST_DAYS = 5
UTC = timezone.utc


class ReportError(ValueError):
    """A range the report cannot cover; the message says why."""


@dataclass(frozen=True)
class Period:
    since: date
    until: date  # included

    @classmethod
    def parse(cls, since: str | date, until: str | date) -> "Period":
        first, last = _date(since, "--since"), _date(until, "--until")
        if last < first:
            raise ReportError(f"the end date {last} is before the start date {first}")
        if (last - first).days + 1 > MAX_DAYS:
            raise ReportError(f"a report covers at most {MAX_DAYS} days (one page): shorten the range")
        return cls(first, last)

    def days(self) -> list[date]:
        return [self.since + timedelta(days=n) for n in range((self.until - self.since).days + 1)]

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """The range as UTC instants: the first day's local midnight to the day after the last."""
        start = datetime.combine(self.since, time(0), tzinfo=zone).astimezone(UTC)
        end = datetime.combine(self.until + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
        return start, end


def _date(value: str | date, name: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ReportError(f"{name}: not a date: {value!r} (expected e.g. 2027-03-14)") from None


def day_state(outcomes: list[str]) -> str:
    """A day's doses in one word: taken (all), partial (some), missed (none taken), none (no dose due)."""
    if not outcomes:
        return "none"
    if all(o == TAKEN for o in outcomes):
        return "taken"
    return "partial" if TAKEN in outcomes else "missed"


@dataclass(frozen=True)
class LabRow:
    day: date
    name: str
    value: str  # as reported, with its unit
    range: str  # the reference range, or "" for a test without one
    verdict: str  # below range, in range, above range, or ""


@dataclass(frozen=True)
class FlagRow:
    day: date
    level: str  # urgent, prompt, routine
    what: str
    done: str  # what was done about it, in words


@dataclass(frozen=True)
class Quote:
    day: date
    text: str


@dataclass
class VisitReport:
    name: str
    tz: str
    team: str | None
    period: Period
    made_at: datetime  # local
    program: str  # the program's name, as the care team knows it
    days: dict[date, str] = field(default_factory=dict)  # day -> day_state
    doses: dict[str, int] = field(default_factory=dict)  # outcome -> count
    symptoms: dict[str, dict[date, int]] = field(default_factory=dict)  # worst severity a day
    worst_days: list[tuple[date, list[tuple[str, int]]]] = field(default_factory=list)
    labs: list[LabRow] = field(default_factory=list)
    flags: list[FlagRow] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)

    @property
    def adherence(self) -> float | None:
        """Doses taken of those due (taken + skipped + missed); None: none was due."""
        return share_taken(self.doses)


def share_taken(doses: dict[str, int]) -> float | None:
    """Doses taken of those due (taken + skipped + missed); None: none was due."""
    due = sum(doses.values())
    return doses.get(TAKEN, 0) / due if due else None


def gather(session: Session, patient: Patient, period: Period, now: datetime, program: str) -> VisitReport:
    zone = ZoneInfo(patient.tz)
    report = VisitReport(patient.name, patient.tz, patient.team.name if patient.team else None, period,
                         now.astimezone(zone), program)
    start, end = period.bounds(zone)
    _doses(session, report, patient.id, start, end, zone)
    _symptoms(session, report, patient.id, start, end, zone)
    _labs(session, report, patient.id, start, end, zone)
    _flags(session, report, patient.id, start, end, zone)
    return report


def _doses(session, report: VisitReport, patient_id: int, start, end, zone) -> None:
    outcome_of = one_outcome_each(session.execute(_dose_rows([patient_id], start, end)))
    by_day: dict[date, list[str]] = {}
    for when, outcome in outcome_of.values():
        by_day.setdefault(when.astimezone(zone).date(), []).append(outcome)
        report.doses[outcome] = report.doses.get(outcome, 0) + 1
    report.days = {day: day_state(by_day.get(day, [])) for day in report.period.days()}


def _dose_rows(patient_ids: list[int], start: datetime, end: datetime):
    return (
        select(DoseEvent.id, DoseEvent.occurrence_id, DoseEvent.occurrence_at, DoseEvent.at, DoseEvent.outcome,
               DoseEvent.patient_id)
        .where(DoseEvent.patient_id.in_(patient_ids), DoseEvent.at >= start, DoseEvent.at < end,
               DoseEvent.unscheduled.is_(False))  # an extra report with no reminder open is no scheduled dose
        .order_by(DoseEvent.at, DoseEvent.id)
    )


def one_outcome_each(rows) -> dict[object, tuple[datetime, str]]:
    """One outcome per scheduled dose, (when it was due, outcome): a later answer to the same
    dose replaces the earlier. `rows` are dose events in time order."""
    outcome_of: dict[object, tuple[datetime, str]] = {}
    for row in rows:
        key = row.occurrence_id or ("event", row.id)
        outcome_of[key] = (row.occurrence_at or row.at, row.outcome)
    return outcome_of


def dose_counts(session: Session, patients: list[Patient], period: Period) -> dict[int, dict[str, int]]:
    """Each patient's scheduled doses in the period, by outcome, counted as the visit report counts
    them (their own days, one outcome per dose): one query for the lot, not one per patient."""
    bounds = {p.id: period.bounds(ZoneInfo(p.tz)) for p in patients}
    counts: dict[int, dict[str, int]] = {p.id: {} for p in patients}
    if not patients:
        return counts
    start, end = min(b[0] for b in bounds.values()), max(b[1] for b in bounds.values())
    by_patient: dict[int, list] = {}
    for row in session.execute(_dose_rows(list(bounds), start, end)):
        first, last = bounds[row.patient_id]
        if first <= row.at < last:
            by_patient.setdefault(row.patient_id, []).append(row)
    for patient_id, rows in by_patient.items():
        for _, outcome in one_outcome_each(rows).values():
            counts[patient_id][outcome] = counts[patient_id].get(outcome, 0) + 1
    return counts


def _symptoms(session, report: VisitReport, patient_id: int, start, end, zone) -> None:
    rows = session.execute(
        select(SymptomReport.symptom, SymptomReport.severity, SymptomReport.at)
        .where(SymptomReport.patient_id == patient_id, SymptomReport.at >= start, SymptomReport.at < end,
               SymptomReport.severity.is_not(None))
    )
    for name, severity, at in rows:
        per_day = report.symptoms.setdefault(name, {})
        day = at.astimezone(zone).date()
        per_day[day] = max(severity, per_day.get(day, 0))
    days: dict[date, list[tuple[str, int]]] = {}
    for name, per_day in report.symptoms.items():
        for day, severity in per_day.items():
            days.setdefault(day, []).append((name, severity))
    ranked = sorted(days.items(), key=lambda item: (-max(s for _, s in item[1]), item[0]))
    report.worst_days = [(day, sorted(found, key=lambda f: -f[1])) for day, found in ranked[:WORST_DAYS]
                         if max(s for _, s in found) > 0]


def _labs(session, report: VisitReport, patient_id: int, start, end, zone) -> None:
    rows = session.scalars(
        select(LabResult).where(LabResult.patient_id == patient_id, LabResult.at >= start, LabResult.at < end)
        .order_by(LabResult.at, LabResult.id)
    )
    for row in rows:
        test = lab_tests.lab_test(row.test)
        shown = f"{row.value:g}" + (f" {row.unit}" if row.unit else "")
        verdict = ""
        if test is not None:
            value = lab_tests.in_chart_unit(test, row.value, row.unit)
            verdict = "below range" if value < test.low else "above range" if value > test.high else "in range"
        report.labs.append(LabRow(row.at.astimezone(zone).date(), test.name if test else row.test, shown,
                                  lab_tests.reference_range(test) if test else "", verdict))


def _flags(session, report: VisitReport, patient_id: int, start, end, zone) -> None:
    """Each case raised in the range, what was done about it, and for red flags every text
    behind the case in the patient's own words."""
    flags = session.scalars(
        select(Flag).where(Flag.patient_id == patient_id, Flag.created_at >= start, Flag.created_at < end)
        .order_by(Flag.created_at, Flag.id)
    ).all()
    events: dict[int, list[FlagEvent]] = {}
    for event in session.scalars(select(FlagEvent).where(FlagEvent.flag_id.in_([f.id for f in flags]))
                                 .order_by(FlagEvent.at, FlagEvent.id)):
        events.setdefault(event.flag_id, []).append(event)
    red = {e.message_id for f in flags if f.reason == "red_flag" for e in events.get(f.id, []) if e.message_id}
    red |= {f.message_id for f in flags if f.reason == "red_flag" and f.message_id}
    for message in session.scalars(select(Message).where(Message.id.in_(red), Message.direction == INBOUND,
                                                         Message.created_at >= start, Message.created_at < end)
                                   .order_by(Message.created_at, Message.id)):
        report.quotes.append(Quote(message.created_at.astimezone(zone).date(), message.body))
    for flag in flags:
        what = words.say("reason", flag.reason) + (f": {flag.detail}" if flag.detail else "")
        report.flags.append(FlagRow(flag.created_at.astimezone(zone).date(), words.say("level", flag.level), what,
                                    _what_was_done(flag, events.get(flag.id, []), zone)))


def _what_was_done(flag: Flag, events: list[FlagEvent], zone: ZoneInfo) -> str:
    """The case's story in a few words: acknowledged, answered, resolved (with the note)."""
    done = []
    texts = sum(1 for e in events if e.kind in (RAISED, TEXT) and e.message_id)
    if texts > 1:
        done.append(f"{texts} texts")
    for event in events:
        when = f"{event.at.astimezone(zone):%b %d}"
        if event.kind == ACKNOWLEDGED:
            done.append(f"acknowledged {when}" + (f" by {event.actor}" if event.actor else ""))
        elif event.kind == REPLIED:
            done.append(f"patient texted back {when}")
    if flag.resolved_at is not None:
        done.append(f"resolved {flag.resolved_at.astimezone(zone):%b %d}"
                    + (f" by {flag.resolved_by}" if flag.resolved_by else "") + (f": {flag.note}" if flag.note else ""))
    elif flag.state == FLAG_OPEN:
        done.append("open: not yet acknowledged")
    return "; ".join(done)
