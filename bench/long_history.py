"""A patient with 10,000 past reminders against a new one: the cost of each new reminder.

    python -m bench.long_history [--history 10000] [--rounds 60]

On SQLite and on PostgreSQL, two databases: one holds a new patient, the other a patient
with --history past reminders, each with a tip (delivered, a day apart, whole rotation
cycles). Each round, each patient's daily plan falls due and one tick's scheduling turns
it into a reminder with its tip (`schedule_due`), timed; the two are timed in turn, so
the machine's load falls on both alike. The first rounds are left out (the long history
is counted from its start once, after the upgrade); the figure is the median of the rest
and the ratio long / new, which should be about 1 whatever the history.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import datetime, timedelta, timezone

from sqlalchemy import insert

from bench.common import backends, machine, runtime
from reminders.content.tips import choose_tip, load_library
from reminders.core.models import OUTBOUND, Message, Patient, Plan
from reminders.outgoing import scheduling

T0 = datetime(2027, 3, 1, 13, 0, tzinfo=timezone.utc)
WARM_UP = 3  # rounds left out: the long history's first read counts it from the start


def past_tips(count: int) -> list[str]:
    """`count` tip ids as the rotation sends them: whole cycles of the supplement tips."""
    library, cycle = load_library(), []
    eligible = sum(t.suits_kind("supplement") for t in library)
    for _ in range(eligible):
        cycle.append(choose_tip(library, "supplement", "en", cycle).id)
    return [cycle[n % len(cycle)] for n in range(count)]


def seed(rt, history: int) -> None:
    with rt.session() as session:
        patient = Patient(phone="+16175550101", name="Pat", tz="UTC", lang="en")
        session.add(patient)
        session.flush()
        session.add(Plan(patient_id=patient.id, kind="supplement", rrule="FREQ=DAILY", label="B12",
                         start_local=T0.replace(tzinfo=None), next_fire_at=T0))
        if history:
            session.execute(insert(Message), [
                {"patient_id": patient.id, "direction": OUTBOUND, "purpose": "reminder", "body": "B12 reminder",
                 "status": "delivered", "tip_id": tip_id, "to_number": patient.phone,
                 "created_at": T0 - timedelta(days=history - n), "send_after": T0 - timedelta(days=history - n)}
                for n, tip_id in enumerate(past_tips(history))
            ])


def reminder_ms(rt, day: int) -> float:
    now = T0 + timedelta(days=day, seconds=1)
    started = time.perf_counter()
    done = scheduling.schedule_due(rt, now, scheduling.Policy.from_config(rt.config))
    elapsed = (time.perf_counter() - started) * 1000
    if done != 1:
        raise RuntimeError(f"expected one reminder on day {day}, got {done}")
    return elapsed


def run_one(name: str, url: str, history: int, rounds: int) -> str:
    with runtime(url) as new, runtime(url) as long:
        seed(new, 0)
        seed(long, history)
        times: dict[str, list[float]] = {"new": [], "long": []}
        for day in range(rounds):
            for label, rt in (("new", new), ("long", long)):
                times[label].append(reminder_ms(rt, day))
        first = times["long"][0]
        new_ms, long_ms = (statistics.median(times[k][WARM_UP:]) for k in ("new", "long"))
    return (f"long-history per-reminder cost vs new patient, {name}: new patient {new_ms:.1f} ms, "
            f"{history:,} past reminders {long_ms:.1f} ms (median of {rounds - WARM_UP}; its first "
            f"{first:.1f} ms), ratio {long_ms / new_ms:.2f}; load average {os.getloadavg()[0]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--history", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=60)
    args = parser.parse_args()
    for name, url in backends():
        print(run_one(name, url, args.history, args.rounds), flush=True)
    print(f"machine: {machine()}")


if __name__ == "__main__":
    main()
