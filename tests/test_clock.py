"""The clock process, `dispatch --once`, and the send rate."""

import os
import subprocess
import sys
import time
from datetime import timedelta

from sqlalchemy import select

from reminders.core.db import utcnow
from reminders.core.models import Heartbeat
from reminders.outgoing.outbox import RateLimiter
from tests.scheduling_helpers import enrol, messages


def test_dispatch_once_at_a_given_instant(runner, rt):
    enrol(rt, start="2027-03-10T08:00")
    result = runner("dispatch", "--once", "--now", "2027-03-10T13:00:00Z")
    assert result.exit_code == 0, result.output
    assert "[sms to +16175550101]" in result.output
    assert "1 text(s) sent" in result.output
    assert runner("dispatch", "--once", "--now", "2027-03-10T13:00:30Z").output.count("[sms to") == 0


def test_dispatch_refuses_a_bad_instant(runner, rt):
    result = runner("dispatch", "--once", "--now", "yesterday-ish")
    assert result.exit_code != 0 and len(result.output.strip().splitlines()) == 1


def test_clock_process_ticks_and_sends_a_due_reminder(rt, database_url):
    now = utcnow()
    enrol(rt, tz="UTC", start=(now - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M"),
          quiet="00:00-00:00", now=now - timedelta(minutes=2))
    env = dict(os.environ, DATABASE_URL=database_url, SMS_TRANSPORT="console",
               REMINDERS_ENV="test", CLOCK_TICK_SECONDS="1", SEND_RATE_PER_SECOND="100")
    clock = subprocess.Popen([sys.executable, "-m", "reminders.cli", "clock"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        # The heartbeat is written when the tick ends, after its sends: wait for both.
        while time.monotonic() < deadline and not (messages(rt, status="sent") and heartbeat(rt)):
            time.sleep(0.2)
    finally:
        clock.terminate()
        out, err = clock.communicate(timeout=10)
    assert "[sms to +16175550101]" in out, err
    assert len(messages(rt, status="sent")) == 1
    with rt.session() as session:
        assert session.scalar(select(Heartbeat.name)) == "clock"


def test_rate_limiter_spaces_sends_at_the_configured_rate():
    fake_now, slept = [100.0], []

    def sleep(seconds):
        slept.append(seconds)
        fake_now[0] += seconds

    limiter = RateLimiter(2.0, clock=lambda: fake_now[0], sleep=sleep)
    for _ in range(5):
        limiter.wait()
    # Five sends at 2/s: the first at once, then one every half second.
    assert slept == [0.5, 0.5, 0.5, 0.5]


def heartbeat(rt) -> str | None:
    with rt.session() as session:
        return session.scalar(select(Heartbeat.name))
