"""A burst: every plan due at one minute, scheduled and sent by the clock and 2 workers.

    python -m bench.burst [--plans 100000] [--workers 2] [--tick 5] [--code DIR]

On PostgreSQL (BENCH_POSTGRES_URL), in a database of its own. The clock (`reminders clock`,
CLOCK_SENDS=false: it only schedules) and `--workers` `reminders worker` processes (they
schedule and send) run as real processes, sending through the real twilio SDK to the local
Twilio-compatible server (tests/twilio_server.py, via TWILIO_API_URL). Once they are up,
`--plans` patients get a daily plan due at the next whole minute. The figure is the time
from that minute to the last text the server accepted (its message count, read every
0.2 s). Then it checks what the server holds: one text for each patient, none twice,
none missing (a double send would otherwise only make the figure look better).

In the same run, the same number of texts go straight through the SDK to the same server
from as many processes as there are workers, 4 threads each (the outbox's threads): what
the senders could do if they had nothing else to do. The ratio of the two is the figure
that other load on the machine changes least.

`--code DIR` runs the processes from another checkout (e.g. /work/main, to compare with
workers that only send); the database is migrated by this one.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from multiprocessing import Process, Queue
from pathlib import Path

from bench.common import POSTGRES, runtime
from bench.dispatch import seed
from reminders.outgoing.twilio_client import make_client
from tests.twilio_server import DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, RemoteTwilio, server_process

ROOT = Path(__file__).resolve().parent.parent
FROM_NUMBER = "+15005550006"
THREADS = 4  # the outbox's threads per process
# A reminder with a tip, as long as they come (two segments).
BODY = ("B12 Reminders: time for your B12 1000 mcg sublingual (8:00). Reply TAKEN when done, "
        "SKIP, or LATER. Tip: B12 helps keep the coating around nerves healthy; a steady "
        "routine makes a daily dose easier to remember. STOP to opt out.")


def env_for(database_url: str, server: RemoteTwilio, tick: int, code: Path) -> dict:
    return {
        **os.environ, "DATABASE_URL": database_url, "REMINDERS_ENV": "test", "SECRET_KEY": "bench",
        "SMS_TRANSPORT": "twilio", "TWILIO_ACCOUNT_SID": server.account_sid,
        "TWILIO_AUTH_TOKEN": server.auth_token, "TWILIO_FROM_NUMBER": FROM_NUMBER,
        "TWILIO_API_URL": server.url, "PUBLIC_BASE_URL": "https://reminders.example.org",
        "CLOCK_TICK_SECONDS": str(tick), "CLOCK_SENDS": "false", "SEND_RATE_PER_SECOND": "1000000",
        "PYTHONPATH": str(code), "PYTHONUNBUFFERED": "1",
        "PYTHONDONTWRITEBYTECODE": "1",  # another checkout (--code) is only read
    }


def start(name: str, env: dict, log_dir: Path, code: Path) -> tuple[subprocess.Popen, Path]:
    log_path = log_dir / f"{name}.log"
    with open(log_path, "wb") as log:
        command = "clock" if name == "clock" else "worker"
        proc = subprocess.Popen([sys.executable, "-m", "reminders.cli", command], env=env, cwd=code,
                                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    return proc, log_path


def wait_for(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise RuntimeError(f"gave up waiting for {what}")
        time.sleep(0.2)


def scheduled_in(log_path: Path) -> int:
    text = log_path.read_text(errors="replace")
    return sum(int(n) for n in re.findall(r"event=(?:scheduled|tick) .*?occurrences=(\d+)", text))


def burst(database_url: str, server: RemoteTwilio, plans: int, workers: int, tick: int,
          code: Path, log_dir: Path) -> tuple[float, dict[str, int]]:
    """Seconds from the minute to the last text accepted; occurrences each process scheduled."""
    env = env_for(database_url, server, tick, code)
    procs = [start("clock", env, log_dir, code)]
    procs += [start(f"worker-{n + 1}", env, log_dir, code) for n in range(workers)]
    try:
        for proc, log_path in procs:
            wait_for(lambda: "_started" in log_path.read_text(errors="replace") or proc.poll() is not None,
                     120, f"{log_path.stem} to start")
            if proc.poll() is not None:
                raise RuntimeError(f"{log_path.stem} exited: {log_path.read_text()[-500:]}")
        # The next whole minute, far enough ahead for the seeding to be done before it.
        minute = (datetime.now(timezone.utc) + timedelta(seconds=75)).replace(second=0, microsecond=0)
        return _measured(database_url, server, plans, minute, procs)
    finally:
        for proc, _ in procs:
            proc.terminate()
        for proc, _ in procs:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()


def _measured(database_url, server, plans, minute, procs) -> tuple[float, dict[str, int]]:
    from reminders.core.config import Config
    from reminders.core.runtime import Runtime

    rt = Runtime.from_config(Config(env="test", database_url=database_url))
    try:
        seed(rt, plans, minute)
    finally:
        rt.close()
    left = minute.timestamp() - time.time()
    if left < 1:
        raise RuntimeError("seeding ran past the minute: try fewer --plans")
    print(f"  {plans:,} plans due at {minute:%H:%M} UTC, seeded {left:.0f} s ahead", flush=True)
    last_change, count = time.time(), 0
    while count < plans:
        for proc, log_path in procs:
            if proc.poll() is not None:
                raise RuntimeError(f"{log_path.stem} exited: {log_path.read_text()[-500:]}")
        time.sleep(0.2)
        now, seen = time.time(), server.stats["messages"]
        if seen != count:
            last_change, count = now, seen
        elif now - last_change > 120:
            raise RuntimeError(f"stuck at {count:,} of {plans:,} texts for 2 minutes")
    shares = {log_path.stem: scheduled_in(log_path) for _, log_path in procs}
    return last_change - minute.timestamp(), shares


def once_each(messages: list[dict], plans: int) -> str:
    """"ok: ..." when each of the `plans` patients got exactly one text, else what went wrong."""
    per_number = Counter(message["to"] for message in messages)
    twice = sum(1 for count in per_number.values() if count > 1)
    missing = plans - len(per_number)
    if twice or missing:
        return f"FAILED: of {plans:,} patients, {twice:,} texted more than once and {missing:,} not at all"
    return f"ok: {plans:,} patients, each texted exactly once"


def sdk_process(url: str, numbers: range, done: Queue) -> None:
    create = make_client(DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, url, timeout=10).messages.create

    def send(n: int) -> None:
        create(to=f"+1{3000000000 + n}", from_=FROM_NUMBER, body=BODY, validity_period=3600,
               status_callback="https://reminders.example.org/webhooks/twilio/status")

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(send, numbers, chunksize=50))
    done.put(len(numbers))


def sdk_only(server: RemoteTwilio, count: int, processes: int) -> float:
    """Seconds for `count` sends straight through the SDK from `processes` x THREADS."""
    server.reset()
    done: Queue = Queue()
    shares = [range(n, count, processes) for n in range(processes)]
    procs = [Process(target=sdk_process, args=(server.url, share, done)) for share in shares]
    started = time.perf_counter()
    for proc in procs:
        proc.start()
    sent = sum(done.get() for _ in procs)
    elapsed = time.perf_counter() - started
    for proc in procs:
        proc.join()
    if sent != count or server.stats["messages"] != count:
        raise RuntimeError("the server did not record every SDK send")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--tick", type=int, default=5, help="the clock's CLOCK_TICK_SECONDS")
    parser.add_argument("--code", type=Path, default=ROOT, help="run the processes from this checkout")
    parser.add_argument("--logs", type=Path, help="keep the processes' logs in this directory")
    args = parser.parse_args()
    if os.environ.get("BENCH_SKIP_POSTGRES"):
        print("burst at one minute: skipped (PostgreSQL only, BENCH_SKIP_POSTGRES is set)")
        return
    load = os.getloadavg()[0]
    url = os.environ.get("BENCH_POSTGRES_URL", POSTGRES)
    with server_process() as server, runtime(url) as rt, tempfile.TemporaryDirectory() as logs:
        database_url = rt.config.database_url
        rt.close()
        log_dir = args.logs or Path(logs)
        log_dir.mkdir(parents=True, exist_ok=True)
        seconds, shares = burst(database_url, server, args.plans, args.workers, args.tick,
                                args.code.resolve(), log_dir)
        # Read after the processes stopped: a late second send would be in by then.
        check = once_each(server.messages, args.plans)
        sdk = sdk_only(server, args.plans, args.workers)
    code = "" if args.code.resolve() == ROOT else f", processes from {args.code}"
    share_text = ", ".join(f"{name} {n:,}" for name, n in shares.items())
    print(f"  scheduled by: {share_text}")
    print(f"  {check}")
    print(f"  SDK only, {args.workers} processes x {THREADS} threads: {args.plans:,} texts in {sdk:.1f} s "
          f"({args.plans / sdk:,.0f}/s)")
    print(f"burst at one minute: {args.plans:,} plans, clock + {args.workers} workers (PostgreSQL{code}): "
          f"last text accepted {seconds:.1f} s after the minute ({args.plans / seconds:,.0f}/s), "
          f"{seconds / sdk:.2f}x the SDK-only time; load average {load:.2f}")
    if not check.startswith("ok"):
        sys.exit(1)


if __name__ == "__main__":
    main()
