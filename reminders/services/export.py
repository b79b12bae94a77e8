"""The log export: every recorded event of some patients, as CSV or JSON, and the
adherence summary (one row per patient).

One function gathers the events (`log_events`) and the command line
(`reminders export`) and the dashboard's CSV download both call it, so the two
never disagree. Each event carries its time in UTC and in the patient's zone,
its kind, its fields, and the text of the inbound message it came from. In JSON the fields
are an object; in the CSV each field has its own column (FIELDS), blank where a kind has none.

Events come out patient by patient (in id order), each patient's in time order;
patients are read in chunks so a team's or the whole database's log streams in
bounded memory.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from typing import IO, Iterable, Iterator
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from reminders.core.caregivers import Caregiver
from reminders.core.models import (
    DOSE_MISSED,
    INBOUND,
    SKIPPED,
    TAKEN,
    CareTeam,
    ConsentEvent,
    DoseEvent,
    Flag,
    LabResult,
    Message,
    Patient,
    SymptomReport,
)
from reminders.services import report_data

COLUMNS = ("at_utc", "at_local", "patient_id", "phone", "kind", "fields", "source_text", "message_id")
KINDS = ("message_in", "message_out", "dose", "symptom", "lab", "consent", "flag", "caregiver")
# Each kind's fields (the JSON's "fields"), in order: the CSV has a column for each name.
FIELDS = {
    "message_in": ("purpose", "status", "from", "sid", "caregiver_id"),
    "message_out": ("purpose", "status", "body", "segments", "error_code", "plan_id", "occurrence_at", "sid",
                    "caregiver_id"),
    "dose": ("outcome", "plan_id", "occurrence_at", "corrected_from", "unscheduled"),
    "symptom": ("symptom", "severity"),
    "lab": ("test", "value", "unit"),
    "consent": ("consent", "source", "actor"),
    "flag": ("reason", "level", "state", "detail", "note", "resolved_by", "resolved_at"),
    "caregiver": ("name", "phone", "lang", "state", "state_at", "alerts", "missed_in_a_row", "patient_consent",
                  "added_by"),
}
# A field whose name is already a column's (the caregiver's own phone beside the patient's).
RENAMED = {"phone": "caregiver_phone"}
CSV_FIELDS = tuple(dict.fromkeys(RENAMED.get(name, name) for kind in KINDS for name in FIELDS[kind]))
CSV_COLUMNS = tuple(c for c in COLUMNS if c != "fields") + CSV_FIELDS
# Words people typed (or a patient's name): a leading = + - @ would make a spreadsheet formula.
TYPED = {"body", "detail", "note", "name", "team", "actor", "added_by", "resolved_by", "source_text"}
CHUNK = 200  # patients per round of queries

UTC = timezone.utc


@dataclass(frozen=True)
class Window:
    """A half-open time range [since, until); either end may be open."""

    since: datetime | None = None
    until: datetime | None = None

    def where(self, column):
        conditions = []
        if self.since is not None:
            conditions.append(column >= self.since)
        if self.until is not None:
            conditions.append(column < self.until)
        return conditions


def day_start(value: date | str) -> datetime:
    """'2027-03-14' (or a date) -> 2027-03-14T00:00Z; full ISO times are taken as given (UTC if naive)."""
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
            return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
        except (ValueError, OverflowError):  # OverflowError: an offset pushes it past year 1 or 9999
            raise ValueError(f"not a date: {value!r} (expected e.g. 2027-03-14)") from None
    return datetime.combine(value, time(0), tzinfo=UTC)


def log_events(
    session: Session,
    *,
    patient_ids: Iterable[int] | None = None,
    team_id: int | None = None,
    window: Window = Window(),
) -> Iterator[dict]:
    """Events of the given patients (or a team's, or everyone's), as dicts keyed by COLUMNS."""
    query = select(Patient).order_by(Patient.id)
    if patient_ids is not None:
        query = query.where(Patient.id.in_(list(patient_ids)))
    if team_id is not None:
        query = query.where(Patient.team_id == team_id)
    everyone = patient_ids is None and team_id is None
    last_id = 0
    while True:
        chunk = session.scalars(query.where(Patient.id > last_id).limit(CHUNK)).all()
        if not chunk:
            break
        last_id = chunk[-1].id
        yield from _chunk_events(session, {p.id: p for p in chunk}, window)
    if everyone:  # texts from numbers no patient has, and flags about them
        yield from _chunk_events(session, {None: None}, window)


def _chunk_events(session: Session, patients: dict, window: Window) -> Iterator[dict]:
    ids = [i for i in patients if i is not None]

    def of(model, time_column):
        owner = model.patient_id.in_(ids) if ids else model.patient_id.is_(None)
        return session.scalars(select(model).where(owner, *window.where(time_column))).all()

    events: list[tuple] = []  # (patient_id, at, order, kind, row)
    for m in of(Message, Message.created_at):
        kind = "message_in" if m.direction == INBOUND else "message_out"
        events.append((m.patient_id, m.created_at, m.id, kind, m))
    for model, kind in ((DoseEvent, "dose"), (SymptomReport, "symptom"), (LabResult, "lab"), (ConsentEvent, "consent")):
        for row in of(model, model.at):
            events.append((row.patient_id, row.at, row.id, kind, row))
    for f in of(Flag, Flag.created_at):
        events.append((f.patient_id, f.created_at, f.id, "flag", f))
    for c in of(Caregiver, Caregiver.created_at):
        events.append((c.patient_id, c.created_at, c.id, "caregiver", c))

    sources = _source_texts(session, {e[4].message_id for e in events
                                      if e[3] not in ("message_in", "message_out", "caregiver")})
    events.sort(key=lambda e: (e[0] or 0, e[1], KINDS.index(e[3]), e[2]))
    for patient_id, at, _, kind, row in events:
        yield _event(patients.get(patient_id), at, kind, row, sources)


def _source_texts(session: Session, message_ids: set) -> dict[int, str]:
    message_ids.discard(None)
    if not message_ids:
        return {}
    rows = session.execute(
        select(Message.id, Message.body).where(Message.id.in_(message_ids), Message.direction == INBOUND)
    )
    return dict(rows.all())


def _event(patient: Patient | None, at: datetime, kind: str, row, sources: dict) -> dict:
    zone = ZoneInfo(patient.tz) if patient else UTC
    if kind == "caregiver":
        message_id, source, phone = None, None, patient.phone if patient else None
    elif kind in ("message_in", "message_out"):
        message_id = row.id
        source = row.body if kind == "message_in" else None
        phone = patient.phone if patient else (row.from_number if kind == "message_in" else row.to_number)
    else:
        message_id = row.message_id
        source = sources.get(message_id)
        phone = patient.phone if patient else None
    return {
        "at_utc": at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "at_local": at.astimezone(zone).isoformat(timespec="seconds"),
        "patient_id": patient.id if patient else None,
        "phone": phone,
        "kind": kind,
        "fields": _fields(kind, row),
        "source_text": source,
        "message_id": message_id,
    }


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def _fields(kind: str, row) -> dict:
    if kind == "message_in":
        return {"purpose": row.purpose, "status": row.status, "from": row.from_number, "sid": row.twilio_sid,
                "caregiver_id": row.caregiver_id}
    if kind == "message_out":
        return {
            "purpose": row.purpose, "status": row.status, "body": row.body, "segments": row.segments,
            "error_code": row.error_code, "plan_id": row.plan_id, "occurrence_at": _iso(row.occurrence_at),
            "sid": row.twilio_sid, "caregiver_id": row.caregiver_id,
        }
    if kind == "dose":
        return {"outcome": row.outcome, "plan_id": row.plan_id, "occurrence_at": _iso(row.occurrence_at),
                "corrected_from": row.corrected_from, "unscheduled": row.unscheduled}
    if kind == "symptom":
        return {"symptom": row.symptom, "severity": row.severity}
    if kind == "lab":
        return {"test": row.test, "value": row.value, "unit": row.unit}
    if kind == "consent":
        return {"consent": row.consent, "source": row.source, "actor": row.actor}
    if kind == "caregiver":
        return {"name": row.name, "phone": row.phone, "lang": row.lang, "state": row.state,
                "state_at": _iso(row.state_at), "alerts": row.alerts, "missed_in_a_row": row.missed_in_a_row,
                "patient_consent": row.patient_consent, "added_by": row.added_by}
    return {
        "reason": row.reason, "level": row.level, "state": row.state, "detail": row.detail,
        "note": row.note, "resolved_by": row.resolved_by, "resolved_at": _iso(row.resolved_at),
    }


# -- writers -------------------------------------------------------------------


def _spreadsheet_safe(text: str | None) -> str | None:
    # A patient's text is untrusted: a cell starting with = + - @ is a formula in
    # a spreadsheet (CSV injection). A leading apostrophe keeps it plain text.
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


class _Line:
    """A csv.writer target that hands each row back as text (rows are yielded, not buffered)."""

    def write(self, text: str) -> str:
        return text


def csv_lines(events: Iterable[dict], zone: str | None = None) -> Iterator[str]:
    """The CSV text, a line at a time (for a streamed HTTP response). With `zone`, a column
    "at (ZONE)" after at_utc gives each time in that zone too: the reader's own clock."""
    writer = csv.writer(_Line())
    columns = CSV_COLUMNS if zone is None else (CSV_COLUMNS[0], f"at ({zone})", *CSV_COLUMNS[1:])
    reader_zone = ZoneInfo(zone) if zone else None
    yield writer.writerow(columns)
    for e in events:
        row = {c: e[c] for c in COLUMNS if c != "fields"}
        row.update((RENAMED.get(name, name), value) for name, value in e["fields"].items())
        if reader_zone is not None:
            at = datetime.strptime(e["at_utc"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
            row[columns[1]] = at.astimezone(reader_zone).isoformat(timespec="seconds")
        yield writer.writerow([_cell(c, row.get(c)) for c in columns])


def _cell(column: str, value) -> str:
    """One value as a spreadsheet reads it: blank for none, true/false, a list joined by commas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        value = ",".join(str(v) for v in value)
    return _spreadsheet_safe(value) if column in TYPED and isinstance(value, str) else value


def json_lines(events: Iterable[dict]) -> Iterator[str]:
    """One JSON array, an element at a time."""
    yield "["
    for i, e in enumerate(events):
        yield ("," if i else "") + "\n" + json.dumps(e, ensure_ascii=False)
    yield "\n]\n"


# -- the adherence summary ------------------------------------------------------

ADHERENCE_COLUMNS = ("patient_id", "name", "phone", "team", "from", "to", "scheduled", "taken", "skipped",
                     "missed", "percent_taken")


def adherence_rows(session: Session, period: report_data.Period, *, patient_ids: Iterable[int] | None = None,
                   team_id: int | None = None) -> Iterator[dict]:
    """One row per patient (in id order): their scheduled doses from the period's first day to its
    last (both included, the patient's own days), by outcome, and the share taken, counted as the
    visit report counts them (report_data.dose_counts)."""
    query = select(Patient, CareTeam.name).outerjoin(CareTeam, Patient.team_id == CareTeam.id).order_by(Patient.id)
    if patient_ids is not None:
        query = query.where(Patient.id.in_(list(patient_ids)))
    if team_id is not None:
        query = query.where(Patient.team_id == team_id)
    last_id = 0
    while chunk := session.execute(query.where(Patient.id > last_id).limit(CHUNK)).all():
        last_id = chunk[-1][0].id
        counts = report_data.dose_counts(session, [p for p, _ in chunk], period)
        for p, team in chunk:
            doses = counts[p.id]
            share = report_data.share_taken(doses)
            yield {
                "patient_id": p.id, "name": p.name, "phone": p.phone, "team": team,
                "from": period.since.isoformat(), "to": period.until.isoformat(),
                "scheduled": sum(doses.values()), "taken": doses.get(TAKEN, 0), "skipped": doses.get(SKIPPED, 0),
                "missed": doses.get(DOSE_MISSED, 0), "percent_taken": None if share is None else round(100 * share, 1),
            }


def adherence_csv_lines(rows: Iterable[dict]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield writer.writerow(ADHERENCE_COLUMNS)
    for row in rows:
        yield writer.writerow([_cell(c, row[c]) for c in ADHERENCE_COLUMNS])


def write(events: Iterable[dict], stream: IO[str], fmt: str = "csv") -> None:
    for chunk in (csv_lines if fmt == "csv" else json_lines)(events):
        stream.write(chunk)
