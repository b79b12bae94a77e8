"""Scheduling scales out: the clock and two `reminders worker` processes claim the same due
plans at once, through the real SDK to the local Twilio-compatible server, and each
reminder is queued once and texted once.

Before, the workers only sent: every plan waited on the clock alone, so a burst due at one
minute took as long to schedule as one process could go (the log lines this test reads
for the workers' share were never written).
"""

import re
from collections import Counter

from sqlalchemy import func, select

from reminders.core.db import utcnow
from reminders.core.models import Message, Occurrence
from tests.e2e.stack import seed_due_plans, status_counts, wait_until

PLANS = 1500  # several batches of plans for each process to claim


def started(process, word: str) -> bool:
    return f"event={word}" in process.log_path.read_text(errors="replace")


def scheduled_by(process) -> int:
    """The occurrences a process says it scheduled (its logfmt lines)."""
    text = process.log_path.read_text(errors="replace")
    return sum(int(n) for n in re.findall(r"event=(?:scheduled|tick) .*?occurrences=(\d+)", text))


def handed_over(rt) -> int:
    """Reminders Twilio has taken (a sid recorded), whatever status it answered."""
    with rt.session() as session:
        return session.scalar(select(func.count()).select_from(Message).where(
            Message.purpose == "reminder", Message.twilio_sid.is_not(None)))


def test_two_workers_and_the_clock_schedule_and_send_each_due_reminder_once(stack, rt):
    twilio = stack.start_twilio()
    workers = [stack.worker(), stack.worker()]
    for process in workers:
        wait_until(lambda: started(process, "worker_started"), 60, f"{process.name} to start", stack.logs)

    # Due now. The workers see them first: on SQLite's one write lock a clock started with
    # them could take every batch before a worker looked (seen once in a loaded run).
    phones = seed_due_plans(rt, PLANS, utcnow())
    wait_until(lambda: any(scheduled_by(w) for w in workers), 120, "a worker to schedule a batch", stack.logs)
    clock = stack.clock()  # then the clock claims beside them
    wait_until(lambda: started(clock, "clock_started"), 60, "the clock to start", stack.logs)

    wait_until(lambda: handed_over(rt) == PLANS, 300,
               f"all {PLANS} reminders to be sent", lambda: f"{status_counts(rt)}\n{stack.logs()}")
    # The clock logs its share when its tick ends, after sending what it scheduled: the last
    # text can be handed over before that line is written (seen: the clock's 300 read as 0).
    processes = [*workers, clock]
    wait_until(lambda: sum(map(scheduled_by, processes)) >= PLANS, 60,
               "every process to log what it scheduled", stack.logs)
    stack.stop()

    texted = Counter(m["to"] for m in twilio.messages)
    assert set(texted) == set(phones) and max(texted.values()) == 1
    with rt.session() as session:
        assert session.scalar(select(func.count()).select_from(Occurrence)) == PLANS
        queued = Counter(session.scalars(select(Message.to_number).where(Message.purpose == "reminder")))
    assert set(queued) == set(phones) and max(queued.values()) == 1
    shares = [scheduled_by(p) for p in workers]
    assert sum(shares) + scheduled_by(clock) == PLANS  # no plan claimed twice
    assert any(shares), "the workers scheduled none of the due plans"
