"""Seed a database for the dashboard benchmark: 10,000 patients and 1,000,000 messages.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench_dashboard \\
        .venv/bin/python -m bench.seed_dashboard [--patients 10000] [--messages 1000000]

PostgreSQL is the target (rows go in with COPY); SQLite works too, more slowly
(batched INSERTs). The database is migrated first and must hold no patients.
One patient, "Busy Bee" (the first), has far more of everything than the rest:
BUSY_MESSAGES texts, two years of doses, thousands of symptom reports.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import datetime, timedelta, timezone
from datetime import time as clock

from sqlalchemy import func, insert, select, text

from reminders.core import migrate
from reminders.core.config import Config
from reminders.core.db import make_engine
from reminders.core.models import (
    CareTeam,
    ConsentEvent,
    DoseEvent,
    Flag,
    LabResult,
    Message,
    Patient,
    Plan,
    SymptomReport,
)
from reminders.services import accounts

UTC = timezone.utc
TEAMS = 10
BUSY_MESSAGES = 50_000
GONE_QUIET = timedelta(days=8)
ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "Europe/Madrid")
SYMPTOMS = ("numbness", "tingling", "fatigue", "weakness", "balance", "vision", "memory", "pain")
BENCH_EMAIL = "bench-admin@example.org"
BENCH_PASSWORD = "bench-password-123"
REMINDER = "Time for your B12 (1000 mcg). Reply TAKEN or SKIP. Tip: B12 helps keep nerves healthy."
REPLIES = ("taken", "took it", "yes", "skip", "tingling 4", "later", "B12 320", "done")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    random.seed(args.seed)

    url = Config.from_env().database_url
    print(f"migrating {url.split('@')[-1]}", flush=True)
    migrate.upgrade(url)
    engine = make_engine(url)
    with engine.connect() as conn:
        if conn.scalar(select(func.count()).select_from(Patient)):
            sys.exit("the database already has patients: seed an empty one")
    started = time.perf_counter()
    now = datetime.now(UTC).replace(microsecond=0)
    with engine.begin() as conn:
        ids = seed_patients(conn, args.patients, now)
        seed_messages(conn, ids, args.messages, now)
        seed_reports(conn, ids, now)
        team_id = conn.scalar(select(CareTeam.id).order_by(CareTeam.id))
        conn.execute(insert(accounts.User), [dict(
            email=BENCH_EMAIL, role=accounts.ADMIN, team_id=team_id, active=True, created_at=now,
            password_hash=accounts.hash_password(BENCH_PASSWORD))])
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
    print(f"done in {time.perf_counter() - started:.0f} s; busy patient id {ids[0]}; "
          f"sign in as {BENCH_EMAIL}", flush=True)


def bulk(conn, table, columns: list[str], rows) -> int:
    """Insert rows (tuples in `columns` order): COPY on PostgreSQL, batched INSERTs elsewhere."""
    count = 0
    if conn.dialect.name == "postgresql":
        cursor = conn.connection.driver_connection.cursor()
        with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    batch = []
    for row in rows:
        batch.append(dict(zip(columns, row)))
        if len(batch) == 5000:
            conn.execute(insert(table), batch)
            count += len(batch)
            batch = []
    if batch:
        conn.execute(insert(table), batch)
        count += len(batch)
    return count


def seed_patients(conn, n: int, now: datetime) -> list[int]:
    conn.execute(insert(CareTeam), [dict(name=f"Bench team {i}", created_at=now) for i in range(TEAMS)])
    teams = list(conn.scalars(select(CareTeam.id).order_by(CareTeam.id)))
    first = ["Ana", "Ben", "Carla", "Dev", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jo", "Kai", "Lena"]
    last = ["Lopez", "Smith", "Nguyen", "Okafor", "Schmidt", "Rossi", "Kim", "Haddad", "Silva", "Novak"]
    columns = ["phone", "name", "tz", "lang", "quiet_start", "quiet_end", "team_id", "consent", "consent_at",
               "consent_source", "paused", "discreet", "created_at"]

    def rows():
        for i in range(n):
            name = "Busy Bee" if i == 0 else f"{random.choice(first)} {random.choice(last)} {i}"
            consent = "opted_out" if i % 97 == 5 else "opted_in"
            yield (f"+1{200 + i // 10_000:03d}555{i % 10_000:04d}", name, random.choice(ZONES),
                   "es" if i % 7 == 0 else "en", clock(21, 0), clock(8, 0), teams[i % TEAMS], consent,
                   now - timedelta(days=400), "bench", i % 53 == 3, False, now - timedelta(days=400))

    bulk(conn, Patient.__table__, columns, rows())
    ids = list(conn.scalars(select(Patient.id).order_by(Patient.id)))
    bulk(conn, ConsentEvent.__table__, ["patient_id", "consent", "source", "at"],
         ((pid, "opted_in", "bench", now - timedelta(days=400)) for pid in ids))
    bulk(conn, Plan.__table__, ["patient_id", "kind", "rrule", "start_local", "label", "active", "next_fire_at",
                                "created_at"],
         ((pid, "supplement", "FREQ=DAILY", datetime(2025, 1, 1, 9, 0), "B12 1000 mcg", True,
           now + timedelta(hours=random.randint(1, 24)), now) for pid in ids))
    print(f"  {len(ids)} patients in {TEAMS} teams, one plan each", flush=True)
    return ids


def seed_messages(conn, ids: list[int], total: int, now: datetime) -> None:
    """The busy patient's BUSY_MESSAGES, then the rest spread evenly: a reminder, mostly a reply."""
    busy = min(BUSY_MESSAGES, total // 2)
    per_patient = (total - busy) // max(1, len(ids) - 1)
    columns = ["patient_id", "direction", "purpose", "body", "from_number", "to_number", "status", "segments",
               "created_at", "updated_at", "send_after"]
    started = time.perf_counter()
    done = 0

    def rows():
        nonlocal done
        for index, pid in enumerate(ids):
            count = busy if index == 0 else per_patient
            if index == len(ids) - 1:
                count = total - done  # whatever rounding left over
            span = timedelta(days=730 if index == 0 else 90)
            step = span / max(1, count)
            # One in 19 has gone quiet: nothing from them (or to them) in the last GONE_QUIET days.
            at = now - span - (GONE_QUIET if index % 19 == 7 else timedelta(0))
            for k in range(count):
                at += step
                if k % 2 == 0:
                    yield (pid, "out", "reminder", REMINDER, None, "+15555550100", "delivered", 1, at, at, at)
                else:
                    yield (pid, "in", "reply", random.choice(REPLIES), "+15555550100", None, "received", None,
                           at, at, None)
                done += 1
                if done % 100_000 == 0:
                    rate = done / (time.perf_counter() - started)
                    print(f"  {done:>9,} messages ({rate:,.0f}/s)", flush=True)

    bulk(conn, Message.__table__, columns, rows())
    print(f"  {done:,} messages", flush=True)


def seed_reports(conn, ids: list[int], now: datetime) -> None:
    """Doses (45 days each; two years for the busy patient), symptoms, labs and open flags."""

    def doses():
        for index, pid in enumerate(ids):
            for day in range(730 if index == 0 else 45):
                outcome = random.choices(("taken", "skipped", "missed"), (85, 7, 8))[0]
                if index % 23 == 9 and day < 4:
                    outcome = "missed"  # one in 23 has missed their last four doses
                yield (pid, outcome, now - timedelta(days=day, hours=random.randint(0, 10)))

    print(f"  {bulk(conn, DoseEvent.__table__, ['patient_id', 'outcome', 'at'], doses()):,} dose events", flush=True)

    def symptoms():
        for index, pid in enumerate(ids):
            for k in range(2000 if index == 0 else 5):
                yield (pid, random.choice(SYMPTOMS), random.randint(0, 10),
                       now - timedelta(hours=random.randint(1, 24 * 360)))

    print(f"  {bulk(conn, SymptomReport.__table__, ['patient_id', 'symptom', 'severity', 'at'], symptoms()):,} "
          "symptom reports", flush=True)

    def labs():
        for index, pid in enumerate(ids):
            for k in range(20 if index == 0 else 1):
                at = now - timedelta(days=30 * k + random.randint(0, 20))
                yield (pid, "b12", float(random.randint(150, 800)), "pg/mL", at)
                yield (pid, "mma", round(random.uniform(0.1, 0.6), 2), "umol/L", at)
                yield (pid, "homocysteine", round(random.uniform(5, 20), 1), "umol/L", at)

    print(f"  {bulk(conn, LabResult.__table__, ['patient_id', 'test', 'value', 'unit', 'at'], labs()):,} "
          "lab results", flush=True)

    def flags():
        for index, pid in enumerate(ids):
            if index == 0 or index % 5 == 1:
                level = "urgent" if index % 25 == 1 else "prompt" if index % 25 == 6 else "routine"
                at = now - timedelta(hours=index % 300)
                yield (pid, "unknown_reply", level, "what does this mean?", "open", at, at)

    columns = ['patient_id', 'reason', 'level', 'detail', 'state', 'created_at', 'raised_at']
    print(f"  {bulk(conn, Flag.__table__, columns, flags()):,} "
          "open flags", flush=True)


if __name__ == "__main__":
    main()
