"""Server time of the dashboard's heaviest pages on a seeded database (bench/seed_dashboard.py).

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench_dashboard \\
        .venv/bin/python -m bench.dashboard [--runs 30]

(As a module: run as a script, bench/ would shadow the `dashboard` package.)

Each page is requested in-process through the WSGI app (Flask's test client: no
network, no browser), signed in as the seeded admin, who sees all 10,000
patients. The time is from request to complete response body: the server's
time. Prints a Markdown table: median, 95th percentile and worst wall time, the
median CPU time of this process (the app's own work, which other load on the
machine does not inflate; the database's work is in the wall time only), and SQL
statements per page.
Target: under 200 ms for the patients list and the busiest patient's page.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time

from sqlalchemy import event, func, select

from bench.seed_dashboard import BENCH_EMAIL, BENCH_PASSWORD
from dashboard import charts
from reminders.app import create_app
from reminders.core.config import Config
from reminders.core.models import Message, Patient

TARGET_MS = 200


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    config = Config.from_env()
    app = create_app(config)
    engine = app.extensions["reminders"].engine
    statements = []
    event.listen(engine, "before_cursor_execute", lambda *a, **k: statements.append(1))

    with engine.connect() as conn:
        busy = conn.scalar(select(Patient.id).where(Patient.name == "Busy Bee"))
        patients = conn.scalar(select(func.count()).select_from(Patient))
        messages = conn.scalar(select(func.count()).select_from(Message))
        busy_messages = conn.scalar(select(func.count()).select_from(Message).where(Message.patient_id == busy))
        typical = conn.scalar(select(Patient.id).order_by(Patient.id.desc()))
    if busy is None:
        sys.exit("no 'Busy Bee': run bench/seed_dashboard.py on this database first")
    print(f"{engine.dialect.name}: {patients:,} patients, {messages:,} messages "
          f"(busiest patient: {busy_messages:,}); load average {os.getloadavg()[0]:.2f} "
          f"on {os.cpu_count()} cores\n")

    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    signed_in = client.post("/login", data={"email": BENCH_EMAIL, "password": BENCH_PASSWORD, "csrf_token": token})
    if signed_in.status_code != 302:
        sys.exit("could not sign in as the bench admin")

    # (name, url, cold): a cold view renders its charts afresh (none kept from before).
    pages = [
        ("/patients (first page)", "/patients", False),
        ("/patients?page=200 (last page)", "/patients?page=200", False),
        ("/patients?q=lopez (search)", "/patients?q=lopez", False),
        ("/patients?show=missed (a filter)", "/patients?show=missed", False),
        ("/patients?show=silent (a filter)", "/patients?show=silent", False),
        ("/patients?show=low&q=lopez (filter and search)", "/patients?show=low&q=lopez", False),
        ("/patients/<busiest>, first view", f"/patients/{busy}", True),
        ("/patients/<busiest>, seen before", f"/patients/{busy}", False),
        ("/patients/<typical>, first view", f"/patients/{typical}", True),
        ("/flags", "/flags", False),
    ]
    print("| page | median ms | p95 ms | max ms | CPU ms (median) | SQL statements |")
    print("|---|---:|---:|---:|---:|---:|")
    worst = 0.0
    for name, url, cold in pages:
        for _ in range(3):  # warm caches: templates, connection pool, the database's pages
            assert client.get(url).status_code == 200, url
        times, cpu = [], []
        for _ in range(args.runs):
            statements.clear()
            if cold:
                charts.clear_cache()
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            response.get_data()
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            assert response.status_code == 200, url
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
        if url in ("/patients", f"/patients/{busy}"):
            worst = max(worst, p95)
        print(f"| {name} | {statistics.median(times):.1f} | {p95:.1f} | {times[-1]:.1f} "
              f"| {statistics.median(cpu):.1f} | {len(statements)} |")
    print(f"\npatients list and busiest patient: p95 {worst:.1f} ms "
          f"({'under' if worst < TARGET_MS else 'OVER'} the {TARGET_MS} ms target)")


if __name__ == "__main__":
    main()
