"""The one way a text enters the outbox: to a patient, one of their caregivers, or staff.

Every outbound row is written here, so every one gets the same treatment: consent
(a patient who may not be texted gets no pending row), quiet hours (the row is held
to their end), discreet mode (a discreet patient's text never names the diagnosis or
the drug) and a send time, always, so the outbox can claim it. A caregiver's text
follows the caregiver's own consent (their YES first, their STOP) and quiet hours,
and the patient's discreet setting.

Texts to staff (an on-call alert) go through the same outbox and transport: they have no
patient and no consent record, and quiet hours do not apply (an on-call phone is there to
be woken). They carry no health details, only a link.
"""

from __future__ import annotations

from datetime import datetime
from itertools import islice
from typing import Iterable

from sqlalchemy import Table
from sqlalchemy.orm import Session

from reminders.content import compose
from reminders.core.caregivers import ACTIVE, INVITED, Caregiver
from reminders.core.models import (
    CANCELLED,
    OPTED_IN,
    OUTBOUND,
    PENDING,
    Message,
    Occurrence,
    Patient,
)
from reminders.outgoing import quiet_hours

CAREGIVER_INVITE = "cg_invite"  # the one text a caregiver gets before their YES


# Purposes of texts to staff, not to a patient: the outbox sends them without a patient.
ALERT = "alert"
STAFF_PURPOSES = frozenset({ALERT})


class Unsendable(ValueError):
    """A text that must not go to this patient, with the reason in words."""


def queue_text(
    session: Session,
    patient: Patient,
    purpose: str,
    body: str,
    at: datetime,
    *,
    status: str = PENDING,
    occurrence: Occurrence | None = None,
    tip_id: str | None = None,
    strict: bool = False,
) -> Message:
    """An outbound row for `patient`, sent no earlier than `at` and never inside quiet hours.

    `strict` is for a text a person typed: it refuses, with Unsendable, a patient who may
    not be texted and, for a discreet patient, a word the lock screen must not show.
    Automatic texts are composed discreetly already; for them a patient who may not be
    texted gets a cancelled row (kept in the log), never a pending one.
    """
    if strict:
        _check_typed(patient, body)
    message = Message(**_patient_row(patient, purpose, body, at, status, tip_id))
    if occurrence is not None:
        message.plan_id, message.occurrence_at = occurrence.plan_id, occurrence.due_at
        message.occurrence = occurrence
    session.add(message)
    return message


def queue_texts(session: Session, texts: Iterable[tuple[Patient, str, str, datetime]], chunk: int = 5000) -> int:
    """Many automatic texts at once, each (patient, purpose, body, at): the very rows queue_text
    writes, as bulk inserts (a clinic's list of welcome texts). The patients must have ids."""
    count, texts = 0, iter(texts)
    while batch := [_patient_row(*text) for text in islice(texts, chunk)]:
        insert_rows(session, Message.__table__, batch)
        count += len(batch)
    return count


def insert_rows(session: Session, table: Table, rows: list[dict]) -> None:
    """Rows of one table (each with the same keys, every value hashable) in the session's
    transaction, straight through the driver: its executemany, or COPY on PostgreSQL.

    SQLAlchemy's executemany converts every parameter of every row for the database; a bulk
    list repeats most values (one instant, one source for all), so each column's distinct
    values are converted once here, by the column type's own converter. A column not given
    gets its default, worked out once for all the rows."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    given = list(rows[0])
    columns = [table.c[name] for name in given]
    values = [[row[name] for row in rows] for name in given]
    for column in table.c:
        if column.name not in rows[0] and column.default is not None:
            default = column.default.arg if column.default.is_scalar else column.default.arg(None)
            columns.append(column)
            values.append([default] * len(rows))
    converted = [_converted(column.type.dialect_impl(dialect).bind_processor(dialect), cells)
                 for column, cells in zip(columns, values)]
    into = (f"{dialect.identifier_preparer.format_table(table)} "
            f"({', '.join(dialect.identifier_preparer.quote(c.name) for c in columns)})")
    if dialect.driver == "psycopg":  # PostgreSQL's COPY: many times less work than an executemany
        _copy(connection, into, columns, converted)
        return
    marker = {"qmark": "?", "format": "%s", "pyformat": "%s"}[dialect.paramstyle]
    connection.exec_driver_sql(f"INSERT INTO {into} VALUES ({', '.join([marker] * len(columns))})",
                               list(zip(*converted)))


# Column types that COPY takes in binary straight from the values SQLAlchemy binds: neither
# side writes or parses the text of every instant (about 0.5 s of 6 for a 100,000-row import).
_BINARY_COPY = {"integer", "bigint", "smallint", "boolean", "varchar", "text", "date", "time without time zone",
                "timestamp without time zone", "timestamp with time zone"}


def _copy(connection, into: str, columns: list, converted: list[list]) -> None:
    types = [column.type.compile(dialect=connection.dialect).split("(")[0].lower() for column in columns]
    binary = all(name in _BINARY_COPY for name in types)  # else text, which every type can be read from
    with connection.connection.driver_connection.cursor() as cursor:
        with cursor.copy(f"COPY {into} FROM STDIN" + (" (FORMAT BINARY)" if binary else "")) as copy:
            if binary:
                copy.set_types(types)
            for row in zip(*converted):
                copy.write_row(row)


def _converted(convert, cells: list) -> list:
    """`cells` as the database takes them, converting each distinct value once."""
    if convert is None:
        return cells
    seen: dict = {}
    out = []
    for cell in cells:
        if cell not in seen:
            seen[cell] = convert(cell)
        out.append(seen[cell])
    return out


def _patient_row(patient: Patient, purpose: str, body: str, at: datetime, status: str = PENDING,
                 tip_id: str | None = None) -> dict:
    """An outbound row's columns: consent (a patient who may not be texted gets a cancelled
    row, never a pending one) and quiet hours (the row is held to their end)."""
    if status == PENDING and not patient.textable:
        status = CANCELLED
    return dict(
        patient_id=patient.id,
        direction=OUTBOUND,
        purpose=purpose,
        body=body,
        tip_id=tip_id,
        to_number=patient.phone,
        status=status,
        send_after=quiet_hours.release_time(at, patient.tz, patient.quiet_start, patient.quiet_end),
    )


def queue_staff_text(session: Session, to: str, body: str, at: datetime, purpose: str = ALERT) -> Message:
    """An outbound row to a member of staff (`to`, E.164), sent at `at` whatever the hour."""
    if purpose not in STAFF_PURPOSES:
        raise ValueError(f"not a purpose of a text to staff: {purpose!r}")
    message = Message(patient_id=None, direction=OUTBOUND, purpose=purpose, body=body, to_number=to,
                      status=PENDING, send_after=at)
    session.add(message)
    return message


def _check_typed(patient: Patient, body: str) -> None:
    if not patient.textable:
        raise Unsendable("This patient's texts are paused." if patient.paused
                         else "This patient has opted out of texts: nothing can be sent.")
    sensitive = compose.mentions_sensitive(body) if patient.discreet else []
    if sensitive:
        raise Unsendable(f"This patient asked for discreet texts: leave out {', '.join(sorted(set(sensitive)))}.")


def caregiver_may_be_texted(caregiver: Caregiver, purpose: str) -> bool:
    """Only the invitation before their YES, nothing after their STOP, nothing for a patient
    who has opted out of the programme. Checked when the row is written and again when sent."""
    if caregiver.patient.consent != OPTED_IN:
        return False
    return caregiver.state == ACTIVE or (caregiver.state == INVITED and purpose == CAREGIVER_INVITE)


def queue_caregiver_text(session: Session, caregiver: Caregiver, purpose: str, body: str,
                         at: datetime) -> Message:
    """An outbound row for `caregiver`, sent no earlier than `at`, never inside their quiet hours.

    One who may not be texted gets a cancelled row (kept in the patient's log), never a
    pending one. The words are composed with no health details; for a discreet patient a
    sensitive word is a bug, refused here rather than shown on someone else's lock screen.
    """
    patient = caregiver.patient
    if patient.discreet and compose.mentions_sensitive(body):
        raise Unsendable(f"a caregiver text for a discreet patient names {compose.mentions_sensitive(body)}")
    message = Message(
        patient_id=patient.id,
        caregiver_id=caregiver.id,
        direction=OUTBOUND,
        purpose=purpose,
        body=body,
        to_number=caregiver.phone,
        status=PENDING if caregiver_may_be_texted(caregiver, purpose) else CANCELLED,
        send_after=quiet_hours.release_time(at, caregiver.tz, caregiver.quiet_start, caregiver.quiet_end),
    )
    session.add(message)
    return message
