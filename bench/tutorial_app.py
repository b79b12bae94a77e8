"""The usual tutorial design, as its own process: one APScheduler job per reminder.

    python -m bench.tutorial_app URL --first ISO [--wakeups 20] [--due 1000] [--reminders 100000]

APScheduler 3, a BackgroundScheduler with a SQLAlchemyJobStore, one daily cron job per
reminder in the patient's zone, misfire grace one hour, coalesce on. bench/tutorial.py
fills the store and runs this module as the scheduler process (a restart with the store
full); it imports APScheduler and SQLAlchemy only, so its start-up and memory are the
tutorial's, not ours. Prints JSON lines: when its first wake-up is done (with its
VmRSS), then the wake-up timings.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.util import datetime_to_utc_timestamp
from sqlalchemy import text

JOB = "bench.tutorial_app:send_reminder"
JOB_DEFAULTS = {"coalesce": True, "misfire_grace_time": 3600}
ZONE = ZoneInfo("America/New_York")
SPREAD = 22 * 3600  # seconds over which first fire times spread, from an hour ahead
TIMEOUT = 300

fired = 0
_fired_lock = threading.Lock()


def send_reminder(patient_id: int) -> None:
    """The tutorial's job: would load the patient and send one text. Here it only counts."""
    global fired
    with _fired_lock:
        fired += 1


class BulkJobStore(SQLAlchemyJobStore):
    """Keeps the rows SQLAlchemyJobStore.add_job would insert and writes them in one transaction."""

    def __init__(self, **options):
        super().__init__(**options)
        self.rows: list[dict] = []

    def add_job(self, job):
        self.rows.append({
            "id": job.id,
            "next_run_time": datetime_to_utc_timestamp(job.next_run_time),
            "job_state": pickle.dumps(job.__getstate__(), self.pickle_protocol),
        })

    # Its scheduler only computes first run times: it must not see (or run) the stored jobs.
    def get_due_jobs(self, now):
        return []

    def get_next_run_time(self):
        return None

    def flush(self) -> None:
        with self.engine.begin() as connection:
            for start in range(0, len(self.rows), 5000):
                connection.execute(self.jobs_t.insert(), self.rows[start:start + 5000])
            connection.execute(text("ANALYZE"))  # as autovacuum would soon; ours gets one too
        self.rows = []


class TimedScheduler(BackgroundScheduler):
    """Says when its first wake-up (the one start() triggers) is done."""

    def __init__(self, **options):
        super().__init__(**options)
        self.first_wakeup = threading.Event()

    def _process_jobs(self):
        wait = super()._process_jobs()
        self.first_wakeup.set()
        return wait


def scheduler(store, cls=BackgroundScheduler):
    return cls(jobstores={"default": store}, job_defaults=JOB_DEFAULTS, timezone="UTC")


def add_reminders(sched, ids, first: datetime, due_at: datetime | None = None) -> None:
    """One daily cron job per reminder, in the patient's zone, as the tutorials write it."""
    extra = {} if due_at is None else {"next_run_time": due_at}
    for i in ids:
        at = (first + timedelta(seconds=i % SPREAD)).astimezone(ZONE)
        sched.add_job(JOB, "cron", hour=at.hour, minute=at.minute, second=at.second, timezone=ZONE,
                      args=[i], id=f"reminder-{i}", **extra)


def bulk_add(url: str, ids, first: datetime, due_at: datetime | None = None) -> float:
    started = time.perf_counter()
    store = BulkJobStore(url=url)
    sched = scheduler(store)
    add_reminders(sched, ids, first, due_at)
    sched.start(paused=True)  # pending jobs get their first run time and go to store.add_job
    sched.shutdown()
    store.flush()
    return time.perf_counter() - started


def stock_add(url: str, ids, first: datetime) -> float:
    """The stock path of a fresh deploy: add_job before start(), start() writes each job."""
    started = time.perf_counter()
    sched = scheduler(SQLAlchemyJobStore(url=url))
    add_reminders(sched, ids, first)
    sched.start(paused=True)
    sched.shutdown()
    return time.perf_counter() - started


def vmrss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def serve(url: str, wakeups: int, due: int, first_id: int, first: datetime) -> None:
    """Restart with the store full, then time wake-ups; prints JSON lines for the parent."""
    from bench import (
        tutorial_app as jobs,  # the module JOB resolves to (this one runs as __main__)
    )

    sched = scheduler(SQLAlchemyJobStore(url=url), TimedScheduler)
    sched.start()
    if not sched.first_wakeup.wait(TIMEOUT):
        sys.exit("the first wake-up never finished")
    print(json.dumps({"ready": True, "rss_mb": vmrss_mb()}), flush=True)
    # The scheduler's thread now sleeps until the first job, hours away; time wake-ups here.
    idle = []
    for _ in range(wakeups):
        started = time.perf_counter()
        sched._process_jobs()
        idle.append((time.perf_counter() - started) * 1000)
    due_at = datetime.now(timezone.utc) - timedelta(seconds=1)
    bulk_add(url, range(first_id, first_id + due), first, due_at)  # rows only: no wake-up signal
    started = time.perf_counter()
    sched._process_jobs()
    busy = time.perf_counter() - started
    deadline = time.monotonic() + TIMEOUT
    while jobs.fired < due and time.monotonic() < deadline:
        time.sleep(0.01)
    sched.shutdown()
    print(json.dumps({"idle_ms": idle, "due_s": busy, "fired": jobs.fired}), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--first", required=True, help="the first jobs' fire time (ISO 8601)")
    parser.add_argument("--wakeups", type=int, default=20)
    parser.add_argument("--due", type=int, default=1000)
    parser.add_argument("--reminders", type=int, default=100_000, help="jobs already stored (ids below it)")
    args = parser.parse_args()
    serve(args.url, args.wakeups, args.due, args.reminders, datetime.fromisoformat(args.first))


if __name__ == "__main__":
    main()
