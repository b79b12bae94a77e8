"""Enrolling a clinic's list at once, from a CSV with a header row.

Every row is checked first, through the same checks one enrolment makes
(enrolment.check_patient and check_plan), and every bad row is reported with its line number.
Only then is anything written: all good rows in one transaction, as bulk inserts, so the
list goes in whole or not at all. A check that depends only on the rule, start and zone is
made once per distinct combination (a clinic's list has few), and the database is asked
about phones and teams in a handful of queries, never one per row.

Each imported patient is opted in (the clinic collected consent, as for one enrolment) and
gets the welcome text carriers require, through the outbox like every text. The welcome
texts are spaced at half the sender's rate, so a long list never crowds out reminders.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import IO, Callable, Iterable, NamedTuple

from sqlalchemy import any_, bindparam, func, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from reminders.content import answers
from reminders.core import phones
from reminders.core.config import Config
from reminders.core.models import OPTED_IN, CareTeam, ConsentEvent, Patient, Plan
from reminders.outgoing import quiet_hours, recurrence
from reminders.outgoing.queue import insert_rows, queue_texts
from reminders.services import enrolment
from reminders.services.enrolment import EnrolmentError

COLUMNS = ("phone", "name", "tz", "lang", "team", "quiet", "dose_time", "dose_days", "label",
           "blood_test_every_months", "blood_test_next")
REQUIRED = ("phone", "name", "tz")
BLOOD_TEST_AT = time(10, 0)  # a blood-test reminder's time of day, as the demo's
MAX_BLOOD_TEST_MONTHS = 24
WEEKDAYS = {"mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA", "sun": "SU"}
EVERY_DAY = {"", "daily", "every day"}
CHUNK = 5000  # rows per bulk insert (and per step of the progress shown)

# progress(stage, done, total): stage is "checking" or "writing".
Progress = Callable[[str, int, int], None]


def _quiet(stage: str, done: int, total: int) -> None:
    pass


class ImportFileError(EnrolmentError):
    """The file as a whole cannot be read as a list of patients (no header, unknown column...)."""


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class PlanSpec:
    kind: str
    rrule: str
    start_local: datetime
    label: str | None
    next_fire_at: datetime | None


class Fields(NamedTuple):
    """A patient's own fields as enrolment.check_patient returns them, ready to store."""

    phone: str  # E.164
    name: str
    tz: str
    lang: str
    quiet_start: time
    quiet_end: time
    tip_cadence: str | None

    @classmethod
    def of(cls, values: dict) -> "Fields":
        start, end = values["quiet"]
        return cls(values["phone"], values["name"], values["tz"], values["lang"], start, end, values["tip_cadence"])


@dataclass(frozen=True)
class Row:
    """A row that passed every check, ready to write."""

    line: int
    fields: Fields
    team: CareTeam | None
    plans: tuple[PlanSpec, ...]


@dataclass
class Checked:
    rows: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    total: int = 0


def read(stream: IO[str]) -> list[tuple[int, dict[str, str]]]:
    """(line number, cells by column) for each non-blank row; ImportFileError for a bad header."""
    reader = csv.DictReader(stream, restkey="\0extra")
    header = [name.strip().lower() for name in reader.fieldnames or []]
    if not header:
        raise ImportFileError("the file is empty: the first line must name the columns, e.g. phone,name,tz")
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        raise ImportFileError(f"line 1: unknown column {unknown[0]!r} (the columns are {','.join(COLUMNS)})")
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ImportFileError(f"line 1: the column {missing[0]!r} is missing (needed: {','.join(REQUIRED)})")
    doubled = [name for name in header if header.count(name) > 1]
    if doubled:
        raise ImportFileError(f"line 1: the column {doubled[0]!r} is named twice")
    reader.fieldnames = header
    rows = []
    try:
        for cells in reader:
            if any((value or "").strip() for value in cells.values() if isinstance(value, str)):
                rows.append((reader.line_num, cells))
    except csv.Error as error:
        raise ImportFileError(f"line {reader.line_num}: not CSV ({error})") from None
    return rows


class Checker:
    """Checks rows against one moment and one database state; remembers what repeats."""

    def __init__(self, session: Session, *, team: str | None, teams: Iterable[str] | None, region: str,
                 now: datetime, lead_days: int, create_team: bool = False):
        self.session, self.default_team, self.region, self.create_team = session, team, region, create_team
        self.allowed = None if teams is None else set(teams)
        self.now, self.lead_days = now, lead_days
        self._today: dict[str, date] = {}
        self._seen: dict[tuple, object] = {}

    def row(self, cells: dict[str, str],
            phone: str | ValueError) -> tuple[Fields, CareTeam | None, tuple[PlanSpec, ...]]:
        """The row's patient, team and plans; EnrolmentError naming every problem found, on one line.

        The patient's fields, the team and each plan are checked apart, so a row with a bad
        phone and a bad dose time hears of both (a plan's checks need a valid zone). `phone`
        is what phones.normalise made of the row's phone (phones.normalise_many)."""
        if cells.get("\0extra"):
            raise EnrolmentError("more cells than the header has columns")
        if any("\0" in value for value in cells.values() if isinstance(value, str)):
            raise EnrolmentError("a cell holds a NUL character, which no field can take")
        cells = {name: (value or "").strip() for name, value in cells.items() if isinstance(value, str)}
        get = lambda name: cells.get(name, "")  # noqa: E731
        problems: list[str] = []

        def attempt(step, *args):
            try:
                return step(*args)
            except enrolment.Invalid as error:  # every problem of the patient's fields, or of a plan
                problems.extend(p.message for p in error.problems)
            except EnrolmentError as error:
                problems.append(str(error))
            return None

        # No session: the fields alone; phones already enrolled and teams are looked up in bulk.
        fields = attempt(lambda: Fields.of(enrolment.check_patient(
            None, phone=get("phone"), name=get("name"), tz=get("tz"), lang=get("lang").lower() or "en",
            quiet=get("quiet") or quiet_hours.DEFAULT, region=self.region, normalise=_known(phone))))
        team = attempt(self.team, get("team") or self.default_team)
        # A plan is checked in the patient's zone; with the zone itself wrong, in UTC (as
        # enrolment.check_plan does), so the plan's own problems are shown in this round too.
        zone = fields.tz if fields else None
        plans = (attempt(self.dose_plan, zone, get), attempt(self.blood_test_plan, zone, get))
        if problems:
            raise EnrolmentError("; ".join(problems))
        return fields, team, tuple(p for p in plans if p)

    def team(self, name: str | None) -> CareTeam | None:
        return self._once(("team", name), self._team, name) if name else None

    def _team(self, name: str) -> CareTeam:
        if self.allowed is not None and name not in self.allowed:
            raise EnrolmentError(f"care team {name!r}: you may enrol patients only in "
                                 + ", ".join(sorted(self.allowed)))
        return enrolment.find_team(self.session, name, create=self.create_team)

    def dose_plan(self, tz: str | None, get) -> PlanSpec | None:
        cells = (get("dose_time"), get("dose_days"), get("label"))
        return self._once(("dose", tz, *cells), self._dose_plan, tz, *cells)

    def blood_test_plan(self, tz: str | None, get) -> PlanSpec | None:
        cells = (get("blood_test_every_months"), get("blood_test_next"))
        return self._once(("blood test", tz, *cells), self._blood_test_plan, tz, *cells)

    def _once(self, key: tuple, step, *args):
        """step(*args), or the EnrolmentError it raised, worked out once for each distinct key:
        a clinic's list repeats a few zones, times and rules over thousands of rows."""
        if key not in self._seen:
            try:
                self._seen[key] = step(*args)
            except EnrolmentError as error:
                self._seen[key] = error
        found = self._seen[key]
        if isinstance(found, EnrolmentError):
            raise found
        return found

    def _dose_plan(self, tz: str | None, dose_time: str, dose_days: str, label: str) -> PlanSpec | None:
        if not dose_time:
            if dose_days or label:
                raise EnrolmentError("dose_time: give the time of the dose (e.g. 08:00) for dose_days and label")
            return None
        at = _clock(dose_time, "dose_time")
        start = datetime.combine(self.today(tz), at)
        return self.plan("supplement", dose_rule(dose_days), start, label or None, tz)

    def _blood_test_plan(self, tz: str | None, every: str, due: str) -> PlanSpec | None:
        if not every and not due:
            return None
        if not every or not due:
            raise EnrolmentError("blood test: give both blood_test_every_months and blood_test_next")
        if not every.isdigit() or not 1 <= int(every) <= MAX_BLOOD_TEST_MONTHS:
            raise EnrolmentError(f"blood_test_every_months {every!r}: a whole number from 1 to {MAX_BLOOD_TEST_MONTHS}")
        try:
            day = date.fromisoformat(due)
        except ValueError:
            raise EnrolmentError(f"blood_test_next {due!r}: expected a date, e.g. 2027-03-14") from None
        if day < self.today(tz):
            raise EnrolmentError(f"blood_test_next {due}: the date is in the past")
        return self.plan("blood_test", f"FREQ=MONTHLY;INTERVAL={int(every)}", datetime.combine(day, BLOOD_TEST_AT),
                         None, tz)

    def plan(self, kind: str, rrule: str, start: datetime, label: str | None, tz: str | None) -> PlanSpec:
        return self._once(("plan", kind, rrule, start, label, tz), self._plan, kind, rrule, start, label, tz)

    def _plan(self, kind: str, rrule: str, start: datetime, label: str | None, tz: str | None) -> PlanSpec:
        kind_, start_local = enrolment.check_plan(kind=kind, rrule=rrule, start=start.isoformat(), label=label,
                                                  tz=tz, now=self.now)
        plan = Plan(kind=kind_, rrule=rrule, start_local=start_local)  # never added: only asked
        try:
            fire = enrolment.first_fire_at(plan, tz, self.now, self.lead_days) if tz else None
        except ValueError as error:  # a rule with no fire in the clock's horizon
            raise EnrolmentError(str(error)) from None
        return PlanSpec(kind_, rrule, start_local, label, fire)

    def today(self, tz: str | None) -> date:
        """The patient's date now (UTC's for a zone still to be corrected)."""
        if tz not in self._today:
            self._today[tz] = self.now.astimezone(recurrence.parse_zone(tz or "UTC")).date()
        return self._today[tz]


def dose_rule(days: str) -> str:
    """'' or 'daily' -> every day; 'mon,wed,fri' (or 'Monday Wednesday Friday') -> those weekdays."""
    words = days.strip().lower()
    if words in EVERY_DAY:
        return "FREQ=DAILY"
    picked = set()
    for word in words.replace(",", " ").replace(";", " ").split():
        code = WEEKDAYS.get(word) or WEEKDAYS_BY_NAME.get(word)
        if code is None:
            raise EnrolmentError(f"dose_days {days!r}: expected daily, or weekdays such as mon,wed,fri")
        picked.add(code)
    return "FREQ=WEEKLY;BYDAY=" + ",".join(code for code in WEEKDAYS.values() if code in picked)


WEEKDAYS_BY_NAME = {name: WEEKDAYS[name[:3]] for name in
                    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")}


def _clock(text: str, column: str) -> time:
    try:
        value = time.fromisoformat(text)
    except ValueError:
        value = None
    if value is None or len(text) > 5 or value.second:
        raise EnrolmentError(f"{column} {text!r}: expected a 24-hour time, e.g. 08:00")
    return value


def check(session: Session, rows: list[tuple[int, dict[str, str]]], *, team: str | None = None,
          teams: Iterable[str] | None = None, create_team: bool = False, region: str = "US", now: datetime,
          lead_days: int = 3, progress: Progress = _quiet) -> Checked:
    """Every row checked; `teams`, if given, are the only team names allowed (a coordinator's own);
    a team no row may name unless `create_team` (then it is created, as `patients add --create-team`)."""
    checker = Checker(session, team=team, teams=teams, region=region, now=now, lead_days=lead_days,
                      create_team=create_team)
    result = Checked(total=len(rows))
    first_line: dict[str, int] = {}
    numbers = phones.normalise_many([_phone_cell(cells) for _, cells in rows], region)
    for n, ((line, cells), phone) in enumerate(zip(rows, numbers), start=1):
        try:
            fields, found, plans = checker.row(cells, phone)
            if fields.phone in first_line:
                raise EnrolmentError(f"phone {phones.display(fields.phone, region)} is also on line "
                                     f"{first_line[fields.phone]}")
        except EnrolmentError as error:
            result.errors.append(RowError(line, str(error)))
        else:
            first_line[fields.phone] = line
            result.rows.append(Row(line, fields, found, plans))
        if n % CHUNK == 0:
            progress("checking", n, len(rows))
    _already_enrolled(session, result, region)
    progress("checking", len(rows), len(rows))
    return result


def _phone_cell(cells: dict) -> str:
    """The phone as Checker.row reads it (a cell with a NUL is refused there, before its phone)."""
    value = cells.get("phone")
    return value.strip() if isinstance(value, str) and "\0" not in value else ""


def _known(phone: str | ValueError) -> Callable[[str, str], str]:
    """phones.normalise, answering with what it already said of this row's phone."""

    def normalise(raw: str, region: str) -> str:
        if isinstance(phone, ValueError):
            raise phone
        return phone
    return normalise


def _already_enrolled(session: Session, result: Checked, region: str) -> None:
    """Rows whose phone is a patient's already become errors."""
    enrolled = _enrolled(session, [row.fields.phone for row in result.rows])
    if not enrolled:
        return
    for row in result.rows:
        if row.fields.phone in enrolled:
            shown = phones.display(row.fields.phone, region)
            result.errors.append(RowError(row.line, f"a patient with phone {shown} is already enrolled"))
    result.rows = [row for row in result.rows if row.fields.phone not in enrolled]
    result.errors.sort(key=lambda e: e.line)


def _enrolled(session: Session, numbers: list[str]) -> set[str]:
    """Which of `numbers` are enrolled: on PostgreSQL one query, the list bound as one array;
    elsewhere a chunk at a time, within every database's limit on bound parameters."""
    if session.get_bind().dialect.name == "postgresql":
        listed = bindparam("numbers", numbers, type_=postgresql.ARRAY(Patient.phone.type))
        return set(session.scalars(select(Patient.phone).where(Patient.phone == any_(listed))))
    found: set[str] = set()
    for i in range(0, len(numbers), 1000):
        found.update(session.scalars(select(Patient.phone).where(Patient.phone.in_(numbers[i:i + 1000]))))
    return found


class _Welcomed(NamedTuple):
    """What the welcome text and the outbox read of a patient just written (no ORM object for each)."""

    id: int
    phone: str
    tz: str
    lang: str
    quiet_start: time
    quiet_end: time
    team: CareTeam | None
    discreet: bool = False
    textable: bool = True


def write(session: Session, rows: list[Row], *, now: datetime, config: Config, source: str,
          actor: str | None = None, progress: Progress = _quiet) -> int:
    """Every row, in the session's transaction (the caller commits): patients, consent, plans, welcomes."""
    total = len(rows)
    spacing = timedelta(seconds=2 / config.send_rate)  # half the sender's rate: the other half is the reminders'
    bodies: dict[tuple, str] = {}
    for start in range(0, total, CHUNK):
        chunk = rows[start:start + CHUNK]
        before = session.scalar(select(func.max(Patient.id))) or 0
        insert_rows(session, Patient.__table__, [_patient(row, now, source, actor) for row in chunk])
        ids = _ids(session, [row.fields.phone for row in chunk], before)
        insert_rows(session, ConsentEvent.__table__,
                    [dict(patient_id=i, consent=OPTED_IN, source=source, actor=actor, at=now) for i in ids])
        plans = [dict(patient_id=i, kind=p.kind, rrule=p.rrule, start_local=p.start_local, label=p.label,
                      active=True, next_fire_at=p.next_fire_at, created_at=now)
                 for i, row in zip(ids, chunk) for p in row.plans]
        if plans:
            insert_rows(session, Plan.__table__, plans)
        welcomed = [_Welcomed(i, row.fields.phone, row.fields.tz, row.fields.lang, row.fields.quiet_start,
                              row.fields.quiet_end, row.team) for i, row in zip(ids, chunk)]
        queue_texts(session, ((p, "welcome", _welcome(bodies, p, config), now + (start + n) * spacing)
                              for n, p in enumerate(welcomed)))
        progress("writing", start + len(chunk), total)
    return total


def _ids(session: Session, phones: list[str], before: int) -> list[int]:
    """The new patients' ids, in the order of `phones`: those above the highest id `before` the
    insert (ids only grow), matched by phone (unique). One query, where RETURNING from a bulk
    insert goes a row at a time on some databases, and asking by 1,000 phones at a time costs
    more to send than the answer."""
    found = dict(session.execute(select(Patient.phone, Patient.id).where(Patient.id > before)).all())
    return [found[phone] for phone in phones]


def _patient(row: Row, now: datetime, source: str, actor: str | None) -> dict:
    f = row.fields
    return dict(phone=f.phone, name=f.name, tz=f.tz, lang=f.lang, quiet_start=f.quiet_start, quiet_end=f.quiet_end,
                tip_cadence=f.tip_cadence, team_id=row.team.id if row.team else None, discreet=False, paused=False,
                consent=OPTED_IN, consent_at=now, consent_source=source, consent_by=actor, created_at=now)


def _welcome(bodies: dict, patient: _Welcomed, config: Config) -> str:
    key = (patient.lang, patient.team.id if patient.team else None)
    if key not in bodies:
        bodies[key] = answers.say_to(patient, config, "welcome")
    return bodies[key]
