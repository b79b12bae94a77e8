"""Inbound SMS webhook under gunicorn, SQLite and PostgreSQL: its rate against the framework's ceiling.

    python -m bench.webhook [--on sqlite,postgresql] [--patients 300] [--server gthread:2x4] [--seconds 20]
                            [--rate 100] [--connections 8] [--burst 1000] [--burst-connections 50]
                            [--compare sync:3,gthread:2x4] [--code CHECKOUT] [--no-ceiling] [--profile N]

The headline (issue 18, goal: at least 25%), one line per database:

    webhook (PostgreSQL): N req/s = P% of a no-op Flask app's M req/s under the same gunicorn

The no-op app (bench/noop_app.py: reads the form, answers empty TwiML) runs under the same
gunicorn set-up and takes the same load (a) just before ours, in the same run: on a shared
machine only that ratio is comparable from one run to the next. --code serves our webhook from
another checkout (e.g. `git worktree add /tmp/base main`), to compare before and after.

For each database and server set-up: a fresh database (bench/common.py), a few hundred enrolled
patients each with a daily B12 plan whose dose fell due ten minutes ago (an open reminder, so
"taken" and "later" resolve against it), then gunicorn as a real subprocess serving
`reminders.app:create_app()` on 127.0.0.1 (a port the OS chose), with signatures checked for
real (TWILIO_AUTH_TOKEN and PUBLIC_BASE_URL set). A separate load generator process
(bench/webhook_load.py) posts pre-signed realistic replies from random enrolled numbers:

(a) max throughput: N keep-alive connections back to back for --seconds (after 2 s of warm-up);
(b) latency at a fixed --rate (open loop) for --seconds: p50 / p99 from the scheduled moment;
(c) a burst (issue 7): --burst replies at once over --burst-connections connections, a tenth of
    them delivered twice (shuffled in, as Twilio's retries would): time to answer them all, and
    p50 / p99 of each request from its send to its answer.

Afterwards it checks that every request got 200, every MessageSid is stored exactly once and
answered at most once, and every redelivery got the same answer as its first delivery.
During (a) it also reads the CPU time gunicorn and this database's PostgreSQL backends spent
(/proc), per request: a figure that other work on the machine hardly changes, unlike req/s.
`--profile N` instead runs N requests in-process under cProfile: where one worker's CPU goes
(PROFILE_OUT=FILE also writes the stats for pstats).

Targets (issue 5): >= 300 req/s; p99 < 100 ms at 100 req/s, on a 2-core machine.

AUTO_REPLIES_PER_HOUR is raised for the run: a few hundred patients sending thousands of texts
would otherwise hit the per-number answer cap, and every request should take the full path
(stored, interpreted, answered).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from bench.common import POSTGRES, backends, machine, runtime
from reminders.core.db import utcnow
from reminders.core.models import Message
from reminders.core.runtime import Runtime
from reminders.outgoing import clock
from reminders.outgoing.transports import ConsoleTransport
from reminders.services import enrolment
from tests.databases import is_postgres

AUTH_TOKEN = "bench-auth-token-0123456789abcdef"
PUBLIC_BASE_URL = "https://reminders.example.org"
ZONES = ["America/New_York", "America/Chicago", "America/Los_Angeles", "Europe/Madrid", "UTC"]
ROOT = Path(__file__).resolve().parent.parent


def seed(rt: Runtime, count: int) -> list[str]:
    """`count` enrolled patients, each with an open dose reminder sent ten minutes ago."""
    now, rng, phones = utcnow(), random.Random(1), []
    due = now - timedelta(minutes=10)
    with rt.session() as session:
        for n in range(count):
            tz = rng.choice(ZONES)
            patient = enrolment.add_patient(session, phone=f"+1617555{n:04d}", name=f"Patient {n}", tz=tz,
                                            lang="es" if n % 5 == 0 else "en", welcome=False)
            start = due.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%dT%H:%M")
            enrolment.add_plan(session, patient, kind="supplement", rrule="FREQ=DAILY", start=start,
                               label="B12 1000 mcg", now=due - timedelta(minutes=1))
            phones.append(patient.phone)
    clock.tick(rt, ConsoleTransport(io.StringIO()), now=now, send=False)  # occurrences, reminders queued
    return phones


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def parse_server(spec: str) -> tuple[str, int, int]:
    """'sync:2' or 'gthread:2x4' -> (worker class, workers, threads)."""
    kind, _, size = spec.partition(":")
    workers, _, threads = size.partition("x")
    return kind, int(workers), int(threads or 1)


OUR_APP = "reminders.app:create_app()"
NOOP_APP = "bench.noop_app:create_app()"  # the framework's ceiling (bench/noop_app.py)


@contextmanager
def gunicorn(database_url: str, spec: str, log_path: Path, app: str = OUR_APP, code: Path = ROOT):
    """`app` under gunicorn as the Procfile runs it (bind, workers, worker class, threads, timeout),
    imported from the checkout `code` (another one for a before/after comparison)."""
    kind, workers, threads = parse_server(spec)
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "REMINDERS_ENV": "test", "SMS_TRANSPORT": "console",
           "TWILIO_AUTH_TOKEN": AUTH_TOKEN, "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
           "AUTO_REPLIES_PER_HOUR": "1000000", "PYTHONPATH": str(code)}
    command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
               "--worker-class", kind, "--threads", str(threads), "--timeout", "20",
               "--error-logfile", str(log_path), app]
    process = subprocess.Popen(command, env=env, cwd=code, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        try:
            wait_healthy(port, process)
        except RuntimeError as error:
            tail = log_path.read_text()[-2000:] if log_path.exists() else "(no log)"
            raise RuntimeError(f"{error}; its log ends:\n{tail}") from None
        yield port, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_healthy(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not become healthy in time")


def _cpu(pid: int) -> float:
    """User + system CPU seconds of one process (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _processes() -> list[tuple[int, int, str]]:
    """(pid, parent pid, command line) of every process."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                found.append((int(entry.name), ppid, (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()))
            except (OSError, ValueError, IndexError):
                continue
    return found


class CpuMeter:
    """CPU time spent by gunicorn (master and workers) and by this database's PostgreSQL backends.

    Other databases' backends (other work on the machine) are left out, and so are PostgreSQL's
    shared background processes (WAL writer, checkpointer), which no one request owns.
    """

    def __init__(self, gunicorn_pid: int, database: str):
        self.gunicorn_pid, self.database = gunicorn_pid, database

    def snapshot(self) -> dict[str, dict[int, float]]:
        processes = _processes()
        web = {pid for pid, ppid, _ in processes if self.gunicorn_pid in (pid, ppid)}
        backends = {pid for pid, _, line in processes if line.startswith("postgres: ") and f" {self.database} " in line}
        return {"web": {pid: _cpu(pid) for pid in web}, "postgres": {pid: _cpu(pid) for pid in backends}}

    @staticmethod
    def spent(before: dict, after: dict) -> dict[str, float]:
        return {side: sum(cpu - before[side].get(pid, 0.0) for pid, cpu in after[side].items()) for side in after}


def load(port: int, phones_file: Path, mode: str, seconds: float, seed: int, **options) -> dict:
    command = [sys.executable, "-m", "bench.webhook_load", "--port", str(port), "--phones", str(phones_file),
               "--token", AUTH_TOKEN, "--base", PUBLIC_BASE_URL, "--mode", mode, "--seconds", str(seconds),
               "--seed", str(seed)]
    for name, value in options.items():
        command += [f"--{name.replace('_', '-')}", str(value)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def percentile(sorted_ms: list[float], p: float) -> float:
    return sorted_ms[min(len(sorted_ms) - 1, int(len(sorted_ms) * p))]


def verify(rt: Runtime, results: list) -> str:
    """Every request answered 200; every MessageSid stored exactly once and answered at most once
    (nothing else stored); a redelivered MessageSid got the same answer as its first delivery."""
    bad = [status for _, status, _, _ in results if status != 200]
    answers: dict[str, set] = {}
    for sid, _, _, digest in results:
        answers.setdefault(sid, set()).add(digest)
    with rt.session() as session:
        stored = dict(session.execute(
            select(Message.twilio_sid, func.count()).where(Message.direction == "in").group_by(Message.twilio_sid)
        ).all())
        answered_twice = session.scalar(select(func.count()).select_from(
            select(Message.in_reply_to_id).where(Message.purpose == "answer")
            .group_by(Message.in_reply_to_id).having(func.count() > 1).subquery()
        ))
    missing = answers.keys() - stored.keys()
    extra = stored.keys() - answers.keys()
    twice = [sid for sid, n in stored.items() if n != 1]
    differing = [sid for sid, digests in answers.items() if len(digests) > 1]
    if bad or missing or extra or twice or answered_twice or differing:
        return (f"FAILED: {len(bad)} non-200 ({sorted(set(bad))}), {len(missing)} not stored, "
                f"{len(extra)} unexpected, {len(twice)} stored more than once, {answered_twice} answered "
                f"more than once, {len(differing)} redeliveries answered differently")
    again = len(results) - len(answers)
    return (f"ok: {len(results)} requests, all 200, each MessageSid stored exactly once"
            + (f" ({again} redelivered: each got its first answer again)" if again else ""))


def ceiling(spec: str, args, phones_file: Path, log_dir: Path) -> float:
    """Requests a second of the no-op Flask app under the same gunicorn and the same load."""
    log = log_dir / f"gunicorn-noop-{spec.replace(':', '-')}.log"
    with gunicorn("sqlite://", spec, log, app=NOOP_APP) as (port, _):
        load(port, phones_file, "max", 2, seed=1, connections=args.connections)
        peak = load(port, phones_file, "max", args.seconds, seed=2, connections=args.connections)
    return len(peak["results"]) / peak["wall_seconds"]


def bench(spec: str, args, target: str, phones_dir: Path) -> dict:
    with runtime(target) as rt:
        phones = seed(rt, args.patients)
        phones_file = phones_dir / "phones.txt"
        phones_file.write_text("\n".join(phones))
        # Measured just before ours, so that both see the machine in the same state.
        noop = ceiling(spec, args, phones_file, phones_dir) if args.ceiling else None
        log = phones_dir / f"gunicorn-{spec.replace(':', '-')}.log"
        with gunicorn(rt.config.database_url, spec, log, code=args.code) as (port, pid):
            meter = CpuMeter(pid, make_url(rt.config.database_url).database)
            warm = load(port, phones_file, "max", 2, seed=1, connections=args.connections)
            before = meter.snapshot()
            peak = load(port, phones_file, "max", args.seconds, seed=2, connections=args.connections)
            cpu = CpuMeter.spent(before, meter.snapshot())
            steady = load(port, phones_file, "rate", args.seconds, seed=3, rate=args.rate)
            burst = load(port, phones_file, "burst", 0, seed=4, connections=args.burst_connections,
                         count=args.burst, redeliveries=args.burst // 10) if args.burst else None
        check = verify(rt, warm["results"] + peak["results"] + steady["results"] + (burst or {}).get("results", []))
    throughput = len(peak["results"]) / peak["wall_seconds"]
    latencies = sorted(ms for _, _, ms, _ in steady["results"])
    per_request = {side: 1000 * seconds / len(peak["results"]) for side, seconds in cpu.items()}
    per_request["load generator"] = 1000 * peak["cpu_seconds"] / len(peak["results"])
    return {
        "cpu_ms": per_request, "noop": noop,
        "server": spec, "throughput": throughput, "requests": len(peak["results"]),
        "peak_p50": percentile(sorted(ms for _, _, ms, _ in peak["results"]), 0.5),
        "p50": percentile(latencies, 0.5), "p99": percentile(latencies, 0.99), "max": latencies[-1],
        "steady_requests": len(latencies), "exhausted": peak["exhausted"], "check": check,
        "burst": burst_figures(burst) if burst else None,
    }


def burst_figures(burst: dict) -> dict:
    latencies = sorted(ms for _, _, ms, _ in burst["results"])
    return {"requests": len(latencies), "seconds": burst["wall_seconds"],
            "throughput": len(latencies) / burst["wall_seconds"],
            "p50": percentile(latencies, 0.5), "p99": percentile(latencies, 0.99), "max": latencies[-1]}


def share(row: dict, database: str) -> str:
    """The headline: our rate as a share of the no-op app's (issue 18's goal: at least 25%)."""
    return (f"webhook ({database}): {row['throughput']:.0f} req/s = {100 * row['throughput'] / row['noop']:.1f}% "
            f"of a no-op Flask app's {row['noop']:.0f} req/s under the same gunicorn ({row['server']})")


def report(row: dict, args) -> str:
    line = (f"{row['server']:>12}: {row['throughput']:6.0f} req/s with {args.connections} connections "
            f"({row['requests']} requests, median {row['peak_p50']:.1f} ms); at {args.rate:g} req/s "
            f"p50 {row['p50']:.1f} ms, p99 {row['p99']:.1f} ms, max {row['max']:.1f} ms "
            f"({row['steady_requests']} requests); {row['check']}")
    cpu = ", ".join(f"{side} {ms:.2f}" for side, ms in row["cpu_ms"].items())
    line += f"\n{'':>14}CPU ms per request at max throughput: {cpu}"
    if row["burst"]:
        b = row["burst"]
        line += (f"\n{'':>14}burst: {args.burst} replies + {args.burst // 10} redeliveries at once over "
                 f"{args.burst_connections} connections: all answered in {b['seconds']:.1f} s "
                 f"({b['throughput']:.0f} req/s); per request p50 {b['p50']:.1f} ms, p99 {b['p99']:.1f} ms, "
                 f"max {b['max']:.1f} ms")
    return line + (" [ran out of pre-signed requests]" if row["exhausted"] else "")


def profile(args, target: str) -> None:
    """Where a request's CPU goes: the app in-process (one worker, no HTTP server), under cProfile."""
    import cProfile
    import pstats

    from bench.webhook_load import PATH, signed_requests
    from reminders.app import create_app

    with runtime(target) as rt:
        phones = seed(rt, args.patients)
        config = rt.config.with_overrides(twilio_auth_token=AUTH_TOKEN, public_base_url=PUBLIC_BASE_URL,
                                          auto_replies_per_hour=1_000_000)
        client = create_app(config).test_client()
        requests = signed_requests(200 + args.profile, phones, AUTH_TOKEN, PUBLIC_BASE_URL, seed=4)

        def post(batch):
            for _, body, signature in batch:
                answer = client.post(PATH, data=body, headers={
                    "X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"})
                assert answer.status_code == 200, answer.data

        post(requests[:200])  # warm: statement caches, prepared statements, imports
        cpu = time.process_time()
        post(requests[200:])
        print(f"unprofiled: {1000 * (time.process_time() - cpu) / args.profile:.2f} ms CPU per request")
        more = signed_requests(args.profile, phones, AUTH_TOKEN, PUBLIC_BASE_URL, seed=5)
        profiler = cProfile.Profile(time.process_time)
        profiler.runcall(post, more)
    if os.environ.get("PROFILE_OUT"):
        profiler.dump_stats(os.environ["PROFILE_OUT"])
    ours = r"(reminders|webhooks)/|flask/app.py.*__call__|orm/session.py.*commit"
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(ours, 30)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=300)
    # gthread 2x4 did best on 2 cores (docs/benchmarks.md): keep-alive, and a worker's other
    # threads use the CPU while one waits for PostgreSQL.
    parser.add_argument("--server", default="gthread:2x4", help="sync:WORKERS or gthread:WORKERSxTHREADS")
    parser.add_argument("--compare", help="several --server set-ups, comma-separated, each on a fresh database")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--burst", type=int, default=1000,
                        help="then this many replies at once, a tenth of them redelivered (0: skip)")
    parser.add_argument("--burst-connections", type=int, default=50)
    parser.add_argument("--on", default=",".join(DATABASES[name] for name, _ in backends()),
                        help="databases, comma-separated: sqlite, postgresql (default: both, or SQLite "
                             "only with BENCH_SKIP_POSTGRES)")
    parser.add_argument("--postgres", default=postgres_url(), help="PostgreSQL server to make databases on "
                        "(default: BENCH_POSTGRES_URL, else DATABASE_URL if PostgreSQL, else the local one)")
    parser.add_argument("--code", type=Path, default=ROOT,
                        help="serve the webhook from this checkout (e.g. a worktree of main): before/after")
    parser.add_argument("--no-ceiling", dest="ceiling", action="store_false",
                        help="skip the no-op Flask app (the percentage is then not printed)")
    parser.add_argument("--profile", type=int, metavar="N",
                        help="instead: N requests in-process under cProfile (CPU time), one worker's view")
    args = parser.parse_args(argv)
    targets = {"sqlite": ("SQLite", "sqlite://"), "postgresql": ("PostgreSQL", args.postgres)}
    chosen = [targets[name.strip()] for name in args.on.split(",")]
    if args.profile:
        return profile(args, chosen[0][1])
    print(f"inbound webhook under gunicorn, {', '.join(name for name, _ in chosen)}, {args.patients} patients; "
          f"{machine()}; load average {os.getloadavg()[0]:.1f}", flush=True)
    failed, headlines = False, []
    with tempfile.TemporaryDirectory(prefix="bench-webhook-") as tmp:
        for database, target in chosen:
            for spec in (args.compare or args.server).split(","):
                row = bench(spec.strip(), args, target, Path(tmp))
                print(f"{database}:\n{report(row, args)}", flush=True)
                if row["noop"]:
                    headlines.append(share(row, database))
                failed |= not row["check"].startswith("ok")
    print("\n".join(headlines))
    sys.exit(1 if failed else 0)


DATABASES = {"SQLite": "sqlite", "PostgreSQL": "postgresql"}


def postgres_url() -> str:
    configured = os.environ.get("DATABASE_URL") or "sqlite://"
    return os.environ.get("BENCH_POSTGRES_URL") or (configured if is_postgres(configured) else POSTGRES)


if __name__ == "__main__":
    main()
