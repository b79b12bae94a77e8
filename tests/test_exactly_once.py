"""No occurrence is ever texted twice, whatever runs at once or dies half-way."""

import os
import subprocess
import sys
from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import func, select

from reminders.core.models import Message, Patient, Plan
from reminders.outgoing.outbox import Outbox
from tests.scheduling_helpers import Phone, at, tick

NOW = at("2027-03-10T09:00", "America/New_York")


def many_due_plans(rt, count: int) -> list[str]:
    phones = [f"+1617555{n:04d}" for n in range(count)]
    with rt.session() as session:
        patients = [Patient(phone=p, name=f"P{n}", tz="America/New_York") for n, p in enumerate(phones)]
        session.add_all(patients)
        session.flush()
        session.add_all(
            Plan(patient_id=p.id, kind="supplement", rrule="FREQ=DAILY",
                 start_local=datetime(2027, 3, 1, 9, 0), next_fire_at=NOW, label="B12")
            for p in patients
        )
    return phones


def dispatch_process(database_url: str) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=database_url, SMS_TRANSPORT="console",
               REMINDERS_ENV="test", SEND_RATE_PER_SECOND="100000")
    return subprocess.Popen(
        [sys.executable, "-m", "reminders.cli", "dispatch", "--once", "--now", NOW.isoformat()],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_two_dispatchers_send_each_of_1000_due_reminders_exactly_once(rt, database_url):
    phones = many_due_plans(rt, 1000)
    runs = [dispatch_process(database_url) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert all(run.returncode == 0 for run in runs), [err for _, err in outputs]
    texted = Counter(
        line.split("]")[0].removeprefix("[sms to ")
        for out, _ in outputs for line in out.splitlines() if line.startswith("[sms to ")
    )
    assert set(texted) == set(phones)
    assert max(texted.values()) == 1
    with rt.session() as session:
        statuses = session.execute(select(Message.status, func.count()).group_by(Message.status)).all()
    assert statuses == [("sent", 1000)]


def test_rows_claimed_by_a_dead_dispatcher_are_sent_once_after_the_lease(rt):
    many_due_plans(rt, 20)
    first = Phone()
    tick(rt, first, NOW - timedelta(seconds=1))  # nothing due yet
    # Dispatcher A schedules and claims, then dies before sending anything.
    from reminders.outgoing import scheduling

    scheduling.schedule_due(rt, NOW, scheduling.Policy.from_config(rt.config))
    claimed = Outbox(rt, first.transport).claim(NOW, 50)
    assert len(claimed) == 20
    # Dispatcher B, inside the lease: the rows are A's, so nothing goes out.
    second = Phone()
    tick(rt, second, NOW + timedelta(seconds=30))
    assert second.texts == []
    # After the lease, B picks every row up, and each is texted once.
    tick(rt, second, NOW + timedelta(seconds=rt.config.lease_seconds + 1))
    assert len(second.texts) == 20 and len(set(second.texts)) == 20
    tick(rt, second, NOW + timedelta(seconds=2 * rt.config.lease_seconds + 2))
    assert len(second.texts) == 20
