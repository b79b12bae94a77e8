"""The clock: one APScheduler job, the tick, in exactly one process.

Reminder schedules live in our own tables, so APScheduler holds a single
interval job and no job store: a million patients cost one indexed query per
tick, not a million jobs. APScheduler 3 must run in one process only: two
schedulers sharing work would run it twice, and inside gunicorn every worker
would start its own. That is why the clock is its own Procfile process, and why
the tick is still safe if a second clock starts by mistake (plans are claimed
with a conditional UPDATE, outbox rows with a lease). The same claims let
`reminders worker` processes schedule due plans beside the clock (`work`), so a
burst due at one minute is shared out; only the clock runs APScheduler.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Sequence

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from reminders.core import logs
from reminders.core.db import utcnow
from reminders.core.models import Heartbeat
from reminders.core.runtime import Runtime
from reminders.outgoing import alerts, delivery, scheduling
from reminders.outgoing.outbox import Outbox
from reminders.outgoing.transports import Transport, make_transport

log = logging.getLogger(__name__)


# A step the tick runs for a later stage of the flow, handed in by whoever starts the clock
# (the command line): the sweep of inbound texts a dead web worker left uninterpreted lives
# in `incoming`, which this package may not import. It returns how many rows it took up.
Sweep = Callable[[Runtime, datetime], int]


@dataclass
class TickResult:
    occurrences: int
    follow_ups: int
    sent: int
    alerts: int = 0  # texts and e-mails to staff about urgent flags, queued this tick
    swept: int = 0  # stuck inbound texts interpreted this tick

    def __str__(self) -> str:
        return (f"{self.occurrences} occurrence(s), {self.follow_ups} follow-up(s), {self.sent} text(s) sent"
                + (f", {self.alerts} alert(s)" if self.alerts else "")
                + (f", {self.swept} stuck text(s) interpreted" if self.swept else ""))


def tick(
    rt: Runtime,
    transport: Transport | None = None,
    now: datetime | None = None,
    send: bool = True,
    budget_seconds: float | None = None,
    sweeps: Sequence[Sweep] = (),
) -> TickResult:
    """One tick at `now`: due plans -> occurrences -> follow-ups -> sweeps -> urgent flags' alerts ->
    send what is due (texts, then e-mails).

    Sending stops after `budget_seconds` so a long queue never delays the next
    tick's scheduling; what is left stays in the outbox for the next tick (or a worker).
    """
    fixed = now is not None
    now = now or utcnow()
    policy = scheduling.Policy.from_config(rt.config)
    occurrences = scheduling.schedule_due(rt, now, policy)
    follow_ups = scheduling.follow_up_due(rt, now)
    swept = sum(sweep(rt, now) for sweep in sweeps)  # before sending: a swept answer goes out now
    notified = alerts.notify_due(rt, now)  # after the sweep: a swept red flag is alerted this tick
    sent = 0
    if send:
        outbox = Outbox(rt, transport or make_transport(rt.config))
        deadline = None if budget_seconds is None else time.monotonic() + budget_seconds
        sent = outbox.send_due((lambda: now) if fixed else utcnow, deadline)
    if notified.emails_waiting:
        alerts.send_emails(rt, now)  # after the texts: a slow mail server never holds them up
    delivery.attach_early_events(rt, now)  # statuses Twilio reported before a batch was recorded
    result = TickResult(occurrences, follow_ups, sent, notified.queued, swept)
    beat(rt, "clock", now, str(result))
    return result


def beat(rt: Runtime, name: str, at: datetime, detail: str) -> None:
    """Record that `name` did its work at `at` (two processes may race to write it first)."""
    values = {"at": at, "detail": detail}
    with rt.session() as session:
        updated = session.execute(update(Heartbeat).where(Heartbeat.name == name).values(**values)).rowcount
    if updated:
        return
    try:
        with rt.session() as session:
            session.add(Heartbeat(name=name, **values))
    except IntegrityError:
        with rt.session() as session:
            session.execute(update(Heartbeat).where(Heartbeat.name == name).values(**values))


def run(rt: Runtime, sweeps: Sequence[Sweep] = ()) -> None:  # pragma: no cover - exercised by the end-to-end test
    from apscheduler.schedulers.blocking import BlockingScheduler

    scheduler = BlockingScheduler(timezone="UTC")
    add_tick_job(scheduler, rt, sweeps)
    scheduler.start()


def start_in_background(rt: Runtime, sweeps: Sequence[Sweep] = ()):
    """The demo's clock: a thread of the one demo process (never inside gunicorn)."""
    from apscheduler.schedulers.background import BackgroundScheduler

    scheduler = BackgroundScheduler(timezone="UTC")
    add_tick_job(scheduler, rt, sweeps)
    scheduler.start()
    return scheduler


def add_tick_job(scheduler, rt: Runtime, sweeps: Sequence[Sweep] = ()) -> None:
    interval = rt.config.tick_seconds
    transport = make_transport(rt.config)
    sends = rt.config.clock_sends

    def job() -> None:
        try:
            result = tick(rt, transport, send=sends, budget_seconds=interval * 0.8, sweeps=sweeps)
            busy = result.occurrences or result.follow_ups or result.sent or result.alerts or result.swept
            # Idle ticks are recorded in the heartbeat table; the log keeps to work done.
            logs.event(log, "tick", logging.INFO if busy else logging.DEBUG,
                       occurrences=result.occurrences, follow_ups=result.follow_ups, sent=result.sent,
                       alerts=result.alerts or None, swept=result.swept or None)
        except Exception:  # one bad tick must not stop the clock
            log.exception("tick failed")

    # max_instances=1: a slow tick is never overlapped by the next one.
    # coalesce + a grace of one interval: after a pause, run once, not a burst
    # of catch-up ticks (the tables remember what is due, not APScheduler).
    scheduler.add_job(
        job, "interval", seconds=interval, id="tick", max_instances=1,
        coalesce=True, misfire_grace_time=interval, next_run_time=utcnow(),
    )
    logs.event(log, "clock_started", interval=interval, sends=sends)


# While plans are due, a worker sends for at least this long between two batches of scheduling.
SEND_SLICE_SECONDS = 1.0


def work(rt: Runtime, idle_sleep: float = 1.0) -> None:  # pragma: no cover - e2e
    """`reminders worker`, forever: claims due plans as the clock does, and sends outbox rows.

    Scheduling scales out with the senders: a burst of plans due at one minute is shared
    by the clock and every worker (each claims its own batches of plans), instead of
    waiting on the clock alone while the workers sit idle.
    """
    outbox = Outbox(rt, make_transport(rt.config))
    policy = scheduling.Policy.from_config(rt.config)
    logs.event(log, "worker_started")
    while True:
        try:
            done = work_once(rt, outbox, policy)
        except Exception:  # the database went away, say: try again, never exit
            log.exception("worker round failed")
            done = 0
        if not done:
            time.sleep(idle_sleep)


def work_once(rt: Runtime, outbox: Outbox, policy: scheduling.Policy) -> int:
    """One round of a worker: a batch of due plans, then sending; returns the work done.

    While a burst is being scheduled, the worker sends for as long as its batch took (at
    least SEND_SLICE_SECONDS), so the first reminders go out during the burst, not after it.
    """
    started = time.monotonic()
    scheduled = scheduling.schedule_due(rt, utcnow(), policy, batches=1)
    if scheduled:
        logs.event(log, "scheduled", occurrences=scheduled)
    took = time.monotonic() - started
    budget = max(SEND_SLICE_SECONDS, took) if scheduled else rt.config.tick_seconds
    return scheduled + outbox.send_due(deadline=time.monotonic() + budget)
