"""Bulk enrolment: `python -m bench.bulk_import [--rows 100000]`.

Writes a clinic's list of ROWS patients as CSV (each with a daily or weekly dose plan, one in
three with a blood-test plan, a mix of zones, times, teams and both languages), then times
what `reminders patients import` does with it, on SQLite and on PostgreSQL, each on a new
database: reading the file, checking every row (enrolment's own checks, and one query per
1,000 phones for those already enrolled), and writing the patients, their consent records,
plans and welcome texts in one transaction of bulk inserts. Target: under 10 s for 100,000
rows on each database. Wall-clock seconds, best of --rounds, and the CPU seconds of this
process (the Python side, which a shared machine's load slows the least); the load average is
printed beside them.
"""

from __future__ import annotations

import argparse
import io
import os
import time

from sqlalchemy import func, select

from bench.common import backends, runtime
from reminders.core.db import utcnow
from reminders.core.models import CareTeam, Message, Patient, Plan
from reminders.services import patient_import

TARGET_SECONDS = 10.0
HEADER = ",".join(patient_import.COLUMNS)
ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Phoenix",
         "Europe/Madrid")
TIMES = ("08:00", "08:30", "09:00", "12:00", "18:00", "19:30")
DAYS = ("daily", "", "mon,wed,fri", "tue,thu")
TEAMS = ("North clinic", "South clinic", "East clinic")
AREAS = ("617", "508", "781", "978", "857", "339", "413", "774", "351", "201", "212", "303", "312", "415",
         "512", "602", "702", "713", "718", "206")


def clinic_list(rows: int) -> str:
    out = io.StringIO()
    out.write(HEADER + "\n")
    for i in range(rows):
        phone = f"+1{AREAS[i // 10_000]}555{i % 10_000:04d}"
        blood = ("3", "2027-06-15") if i % 3 == 0 else ("", "")
        out.write(",".join((phone, f"Patient {i}", ZONES[i % len(ZONES)], "es" if i % 4 == 0 else "en",
                            TEAMS[i % len(TEAMS)], "21:00-08:00", TIMES[i % len(TIMES)], f'"{DAYS[i % len(DAYS)]}"',
                            "B12 1000 mcg", *blood)) + "\n")
    return out.getvalue()


def one_round(target: str, text: str) -> tuple[float, float, float, dict]:
    with runtime(target) as rt:
        with rt.session() as session:
            session.add_all(CareTeam(name=name) for name in TEAMS)
        began, cpu = time.perf_counter(), time.process_time()
        rows = patient_import.read(io.StringIO(text))
        now = utcnow()
        with rt.session() as session:
            checked = patient_import.check(session, rows, region="US", now=now)
            assert not checked.errors, checked.errors[:3]
            checked_at, check_cpu = time.perf_counter(), time.process_time() - cpu
            patient_import.write(session, checked.rows, now=now, config=rt.config, source="bench")
        done, cpu = time.perf_counter(), time.process_time() - cpu
        with rt.session() as session:
            counts = {model.__tablename__: session.scalar(select(func.count()).select_from(model))
                      for model in (Patient, Plan, Message)}
        return checked_at - began, done - checked_at, done - began, cpu, check_cpu, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    text = clinic_list(args.rows)
    failed = False
    for name, target in backends():
        best = min((one_round(target, text) for _ in range(args.rounds)), key=lambda r: r[2])
        check_s, write_s, total, cpu, check_cpu, counts = best
        verdict = "ok" if total < TARGET_SECONDS else "SLOW"
        failed |= total >= TARGET_SECONDS
        load = os.getloadavg()[0]
        print(f"{name}: {args.rows:,} rows imported in {total:.1f} s (read and check {check_s:.1f} s, "
              f"write {write_s:.1f} s; target {TARGET_SECONDS:.0f} s): {verdict}; {cpu:.1f} s of this process's CPU "
              f"(checking {check_cpu:.1f} s, writing {cpu - check_cpu:.1f} s); "
              f"{counts['patients']:,} patients, {counts['plans']:,} plans, {counts['messages']:,} welcome texts; "
              f"load average {load:.2f}", flush=True)
    if failed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
