"""The usual tutorial design against ours, at 100,000 daily reminders.

    python -m bench.tutorial [--reminders 100000] [--stock-adds 500] [--wakeups 20] [--due 1000]

The tutorial design (bench/tutorial_app.py): APScheduler 3, a BackgroundScheduler with
a SQLAlchemyJobStore, one cron job per reminder (`add_job(send_reminder, "cron", hour=..,
minute=.., timezone=.., args=[patient_id], id=f"reminder-{id}")`), misfire grace one
hour, coalesce on. Ours: one interval job (the tick) and the plans in our own tables.
On SQLite and on PostgreSQL, each in a new empty database, it measures:

- adding the jobs. The stock store writes each job in its own transaction, too slow
  to do 100,000 times here (8-15 ms a job on SQLite, 1-5 ms on PostgreSQL), so:
  all 100,000 are written in one transaction, with the very rows `add_job` would
  write (BulkJobStore; measured in full), then the first --stock-adds of them
  are deleted and added back through the stock store (`start()` with pending jobs,
  as a fresh deploy does), timed, and that per-job time is multiplied out to
  100,000 (printed as an extrapolation);
- a restart: a new process with 100,000 jobs in the store, from spawn to its first
  wake-up done (none due); its resident memory (VmRSS) then;
- a wake-up with none due (APScheduler's `_process_jobs`: get_due_jobs and
  get_next_run_time on the store), timed --wakeups times;
- a wake-up with --due jobs due at once (each is unpickled, submitted to the thread
  pool, rescheduled with its own UPDATE); the job body is a no-op, so only
  APScheduler's own bookkeeping is timed;

and for ours, with 100,000 daily plans (bench/idle_tick.py's seed): `reminders clock`
from spawn to its first tick done (its heartbeat written), its VmRSS then, the idle tick, and one tick
with --due plans due (scheduling only: occurrence plus composed outbox row each;
sending is bench/dispatch.py's).

Jobs first fire between 1 and 23 hours after the run starts (none falls due during it).
Results and how to read them: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from sqlalchemy import create_engine, delete, func, select, update

from bench import tutorial_app
from bench.common import backends, empty_database, machine, runtime, summary
from bench.idle_tick import measure, seed
from reminders.core.db import utcnow
from reminders.core.models import Heartbeat, Plan
from reminders.outgoing import clock
from reminders.outgoing.transports import ConsoleTransport

TIMEOUT = 300


def job_table(url: str):
    engine = create_engine(url)
    return engine, SQLAlchemyJobStore(engine=engine).jobs_t


def delete_jobs(url: str, ids) -> None:
    engine, table = job_table(url)
    with engine.begin() as connection:
        connection.execute(delete(table).where(table.c.id.in_([f"reminder-{i}" for i in ids])))
    engine.dispose()


def job_count(url: str) -> int:
    engine, table = job_table(url)
    with engine.connect() as connection:
        count = connection.scalar(select(func.count()).select_from(table))
    engine.dispose()
    return count


def restart(url: str, args, first: datetime) -> dict:
    """Spawn the tutorial's scheduler process; spawn-to-first-wake-up and what it reports."""
    command = [sys.executable, "-m", "bench.tutorial_app", url, "--first", first.isoformat(),
               "--wakeups", str(args.wakeups), "--due", str(args.due), "--reminders", str(args.reminders)]
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    result = json.loads(proc.stdout.readline() or "{}")
    if not result.get("ready"):
        proc.kill()
        raise RuntimeError("the tutorial scheduler did not start")
    result["restart_s"] = time.perf_counter() - started
    result.update(json.loads(proc.stdout.readline() or "{}"))
    if proc.wait(TIMEOUT) != 0:
        raise RuntimeError("the tutorial scheduler failed")
    return result


def tutorial(name: str, target: str, args) -> list[str]:
    n = f"{args.reminders:,}"
    first = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(hours=1)
    with empty_database(target) as url:
        bulk_s = tutorial_app.bulk_add(url, range(args.reminders), first)
        lines = [f"tutorial, {name}: add {n} jobs in one transaction (the rows add_job writes, "
                 f"batched): {bulk_s:.1f} s"]
        stock = range(args.stock_adds)
        delete_jobs(url, stock)
        stock_s = tutorial_app.stock_add(url, stock, first)
        assert job_count(url) == args.reminders
        per_job = stock_s / args.stock_adds
        lines.append(f"tutorial, {name}: add jobs through the stock store (a transaction each): "
                     f"{per_job * 1000:.1f} ms a job over {args.stock_adds:,} timed adds; "
                     f"{n} extrapolated: ~{per_job * args.reminders:,.0f} s")
        result = restart(url, args, first)
        assert result["fired"] == args.due, result
        lines.append(f"tutorial, {name}: restart with {n} jobs stored, spawn to first wake-up done: "
                     f"{result['restart_s']:.2f} s")
        lines.append(f"tutorial, {name}: scheduler process memory (VmRSS) after start: {result['rss_mb']:.0f} MB")
        lines.append(f"tutorial, {name}: wake-up, {n} jobs, none due: {summary(result['idle_ms'])}")
        lines.append(f"tutorial, {name}: one wake-up with {args.due:,} of {n} jobs due (submit + "
                     f"reschedule each; job body a no-op): {result['due_s']:.2f} s "
                     f"({args.due / result['due_s']:,.0f} jobs/s)")
    return lines


def clock_start(rt) -> tuple[float, float]:
    """`reminders clock` from spawn to its first tick done (its heartbeat written), and its VmRSS then."""
    script = Path(sys.executable).with_name("reminders")
    command = [str(script), "clock"] if script.exists() else [sys.executable, "-m", "reminders.cli", "clock"]
    env = dict(os.environ, DATABASE_URL=rt.config.database_url, REMINDERS_ENV="test", SMS_TRANSPORT="console",
               CLOCK_TICK_SECONDS="3600")
    before = heartbeat(rt)
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        # An idle tick logs nothing (the log keeps to work done); it always writes the heartbeat.
        while time.perf_counter() - started < TIMEOUT:
            if heartbeat(rt) != before:
                return time.perf_counter() - started, tutorial_app.vmrss_mb(proc.pid)
            if proc.poll() is not None:
                raise RuntimeError(f"`reminders clock` exited with {proc.returncode}: {proc.stderr.read()[-500:]}")
            time.sleep(0.01)
        raise RuntimeError("`reminders clock` wrote no heartbeat")
    finally:
        proc.terminate()
        proc.wait(30)


def heartbeat(rt) -> datetime | None:
    with rt.engine.connect() as connection:
        return connection.scalar(select(Heartbeat.at).where(Heartbeat.name == "clock"))


def ours(name: str, target: str, args) -> list[str]:
    n = f"{args.reminders:,}"
    with runtime(target) as rt:
        seconds = seed(rt, args.reminders)
        lines = [f"ours, {name}: {n} daily plans written in one INSERT ... SELECT: {seconds:.1f} s "
                 f"(a plan is a row its enrolment writes; there is no job to add)"]
        start_s, rss = clock_start(rt)
        lines.append(f"ours, {name}: `reminders clock` start with {n} plans, spawn to first tick done: "
                     f"{start_s:.2f} s")
        lines.append(f"ours, {name}: clock process memory (VmRSS) after its first tick: {rss:.0f} MB")
        lines.append(f"ours, {name}: idle tick, {n} plans, none due: {summary(measure(rt, args.wakeups))}")
        with rt.engine.begin() as connection:
            connection.execute(update(Plan).where(Plan.id <= args.due)
                               .values(next_fire_at=utcnow() - timedelta(seconds=1)))
        started = time.perf_counter()
        result = clock.tick(rt, ConsoleTransport(io.StringIO()), send=False)
        busy = time.perf_counter() - started
        assert result.occurrences == args.due, result
        lines.append(f"ours, {name}: one tick with {args.due:,} of {n} plans due (scheduling only: "
                     f"occurrence + composed outbox row each): {busy:.2f} s "
                     f"({args.due / busy:,.0f} reminders/s)")
    return lines


def main() -> list[str]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reminders", type=int, default=100_000)
    parser.add_argument("--stock-adds", type=int, default=500, help="jobs added through the stock store, timed")
    parser.add_argument("--wakeups", type=int, default=20, help="idle wake-ups / ticks timed")
    parser.add_argument("--due", type=int, default=1000, help="jobs / plans due at once")
    args = parser.parse_args()
    lines = []
    for name, target in backends():
        for part in (tutorial, ours):
            for line in part(name, target, args):
                print(line, flush=True)
                lines.append(line)
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.2f}")
    return lines


if __name__ == "__main__":
    main()
