"""10,000 due reminders through the real twilio SDK to a local Twilio-compatible server.

    python -m bench.dispatch [--reminders 10000] [--senders 1] [--threads 4]

Measures the two halves of a tick separately, on SQLite and on PostgreSQL:
scheduling (due plans -> occurrences -> composed outbox rows with a rotated tip)
and sending (claim with a lease -> SDK call -> record SID), in messages per
second. `--senders N` sends from N processes at once (PostgreSQL scale-out).
Target: >= 500 msg/s sending on PostgreSQL on a 2-core machine.
"""

from __future__ import annotations

import argparse
import multiprocessing
import time
from datetime import timedelta

from sqlalchemy import func, select, text

from bench.common import backends, machine, runtime
from reminders.core.config import Config
from reminders.core.db import utcnow
from reminders.core.models import Message
from reminders.core.runtime import Runtime
from reminders.outgoing import scheduling
from reminders.outgoing.outbox import Outbox
from reminders.outgoing.transports import TwilioTransport
from tests.twilio_server import server_process

SEED = {
    "postgresql": """INSERT INTO patients (phone, name, tz, lang, quiet_start, quiet_end, consent,
            consent_at, consent_source, paused, discreet, created_at)
        SELECT '+1' || (2000000000 + g)::text, 'Patient ' || g, 'UTC', 'en', '00:00', '00:00',
               'opted_in', now(), 'bench', false, false, now()
        FROM generate_series(1, :n) AS g""",
    "sqlite": """WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < :n)
        INSERT INTO patients (phone, name, tz, lang, quiet_start, quiet_end, consent, consent_at,
            consent_source, paused, discreet, created_at)
        SELECT '+1' || (2000000000 + x), 'Patient ' || x, 'UTC', 'en', '00:00:00.000000',
               '00:00:00.000000', 'opted_in', datetime('now'), 'bench', 0, 0, datetime('now')
        FROM g""",
}
PLANS = """INSERT INTO plans (patient_id, kind, rrule, start_local, label, active, next_fire_at, created_at)
    SELECT id, 'supplement', 'FREQ=DAILY', :start, 'B12 1000 mcg sublingual', :true, :due, :now FROM patients"""


def seed(rt: Runtime, count: int, due) -> None:
    with rt.engine.begin() as connection:
        connection.execute(text(SEED[rt.engine.dialect.name]), {"n": count})
        start = due.replace(tzinfo=None)
        # SQLite keeps datetimes as text: write them the way SQLAlchemy does.
        stored_due = due if rt.engine.dialect.name == "postgresql" else f"{start:%Y-%m-%d %H:%M:%S.%f}"
        connection.execute(text(PLANS), {"start": start, "due": stored_due, "now": stored_due, "true": True})


def send_process(config: Config, threads: int, result) -> None:
    rt = Runtime.from_config(config)
    outbox = Outbox(rt, TwilioTransport(config), threads=threads)
    result.put(outbox.send_due())
    rt.close()


def run_one(name: str, url: str, count: int, senders: int, threads: int, server) -> str:
    overrides = dict(
        sms_transport="twilio", twilio_account_sid=server.account_sid,
        twilio_auth_token=server.auth_token, twilio_from_number="+15005550006",
        twilio_api_url=server.url, public_base_url="https://reminders.example.org",
        send_rate=1_000_000.0,
    )
    with runtime(url, **overrides) as rt:
        due = utcnow().replace(second=0, microsecond=0) - timedelta(minutes=1)
        seed(rt, count, due)
        server.reset()
        started = time.perf_counter()
        scheduled = scheduling.schedule_due(rt, utcnow(), scheduling.Policy.from_config(rt.config))
        schedule_s = time.perf_counter() - started
        print(f"{name}: scheduled {scheduled:,} in {schedule_s:.1f} s; sending ...", flush=True)
        started = time.perf_counter()
        results = multiprocessing.Queue()
        procs = [multiprocessing.Process(target=send_process, args=(rt.config, threads, results))
                 for _ in range(senders)]
        for proc in procs:
            proc.start()
        sent = sum(results.get() for _ in procs)
        for proc in procs:
            proc.join()
        send_s = time.perf_counter() - started
        with rt.session() as session:
            queued = session.scalar(select(func.count()).select_from(Message).where(Message.status == "queued"))
        received = len(server.messages)
        assert sent == queued == received == count, (sent, queued, received, count)
        return (
            f"dispatch {count:,} reminders, {name}, {senders} sender process(es) x {threads} threads: "
            f"scheduling {count / schedule_s:,.0f}/s, sending {count / send_s:,.0f} msg/s "
            f"(every one received once by the server)"
        )


def main() -> list[str]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reminders", type=int, default=10_000)
    parser.add_argument("--senders", type=int, default=1)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    lines = []
    with server_process() as server:
        for name, url in backends():
            line = run_one(name, url, args.reminders, args.senders, args.threads, server)
            print(line, flush=True)
            lines.append(line)
    print(f"machine: {machine()}")
    return lines


if __name__ == "__main__":
    main()
