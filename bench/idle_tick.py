"""The clock's tick with a million plans of which none is due.

    python -m bench.idle_tick [--plans 1000000] [--ticks 50]

Target: under 20 ms a tick. The tick must cost O(due), never O(plans): its
queries read the next_fire_at index and the outbox's partial index only.
"""

from __future__ import annotations

import argparse
import io
import time

from sqlalchemy import text

from bench.common import backends, machine, runtime, summary
from reminders.outgoing import clock
from reminders.outgoing.transports import ConsoleTransport

SEED_SQL = {
    "postgresql": [
        """INSERT INTO patients (phone, name, tz, lang, quiet_start, quiet_end, consent, consent_at,
               consent_source, paused, discreet, created_at)
           SELECT '+1' || (2000000000 + g)::text, 'Patient ' || g, 'America/New_York', 'en',
                  '21:00', '08:00', 'opted_in', now(), 'bench', false, false, now()
           FROM generate_series(1, :n) AS g""",
        """INSERT INTO plans (patient_id, kind, rrule, start_local, label, active, next_fire_at, created_at)
           SELECT id, 'supplement', 'FREQ=DAILY', '2027-01-01 08:00', 'B12', true,
                  now() + interval '1 hour' + (id % 86400) * interval '1 second', now()
           FROM patients""",
        "ANALYZE",
    ],
    "sqlite": [
        """WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < :n)
           INSERT INTO patients (phone, name, tz, lang, quiet_start, quiet_end, consent, consent_at,
               consent_source, paused, discreet, created_at)
           SELECT '+1' || (2000000000 + x), 'Patient ' || x, 'America/New_York', 'en',
                  '21:00:00.000000', '08:00:00.000000', 'opted_in', datetime('now'), 'bench', 0, 0,
                  datetime('now')
           FROM g""",
        """INSERT INTO plans (patient_id, kind, rrule, start_local, label, active, next_fire_at, created_at)
           SELECT id, 'supplement', 'FREQ=DAILY', '2027-01-01 08:00:00.000000', 'B12', 1,
                  strftime('%Y-%m-%d %H:%M:%f', 'now', '+1 hour', '+' || (id % 86400) || ' seconds'),
                  datetime('now')
           FROM patients""",
        "ANALYZE",
    ],
}


def seed(rt, plans: int) -> float:
    started = time.perf_counter()
    with rt.engine.begin() as connection:
        for statement in SEED_SQL[rt.engine.dialect.name]:
            connection.execute(text(statement), {"n": plans})
    return time.perf_counter() - started


def measure(rt, ticks: int) -> list[float]:
    transport = ConsoleTransport(io.StringIO())
    clock.tick(rt, transport)  # warm the connection pool and caches
    samples = []
    for _ in range(ticks):
        started = time.perf_counter()
        result = clock.tick(rt, transport)
        samples.append((time.perf_counter() - started) * 1000)
        assert result.occurrences == 0 and result.sent == 0, result
    return samples


def main() -> list[str]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=1_000_000)
    parser.add_argument("--ticks", type=int, default=50)
    args = parser.parse_args()
    lines = []
    for name, url in backends():
        with runtime(url) as rt:
            print(f"{name}: seeding {args.plans:,} plans ...", flush=True)
            seconds = seed(rt, args.plans)
            print(f"{name}: seeded in {seconds:.1f} s; timing {args.ticks} idle ticks", flush=True)
            line = f"idle tick, {args.plans:,} plans, none due, {name}: {summary(measure(rt, args.ticks))}"
            print(line, flush=True)
            lines.append(line)
    print(f"machine: {machine()}")
    return lines


if __name__ == "__main__":
    main()
