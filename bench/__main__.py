"""`make bench`: every benchmark in turn, and their figures written into docs/benchmarks.md.

    python -m bench [--only NAME ...]

Each benchmark runs as its own subprocess (`python -m bench.X ...`), one after the
other so they do not compete for the two cores; its output is echoed as it comes and
kept. PostgreSQL is BENCH_POSTGRES_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test);
every benchmark makes and drops its own databases beside it (the dashboard's is made
here). BENCH_SKIP_POSTGRES=1 runs the SQLite halves only.

The section between BEGIN and END in docs/benchmarks.md is replaced with the date, the
machine, the load average, each command with its output, and the total time; the rest
of the file is left alone. A benchmark that fails (or outlives its time limit) is
reported there as failed, with its last stderr line, and the exit status is 1.
With --only, nothing is written (the section always holds a whole run).
"""

from __future__ import annotations

import argparse
import os
import platform
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import create_engine, text

from bench.common import POSTGRES, empty_database

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- make bench: begin -->", "<!-- make bench: end -->"


@dataclass
class Bench:
    name: str
    title: str
    commands: list[list[str]]  # module arguments, run in order, e.g. ["bench.parse", "--rounds", "3"]
    postgres_only: bool = False
    own_database: bool = False  # a fresh PostgreSQL database, as DATABASE_URL, for all its commands
    quiet: tuple[int, ...] = ()  # commands of which only the last output line is kept
    time_limit: int = 300  # seconds a single command may take


@dataclass
class Outcome:
    bench: Bench
    status: str  # "ok", "failed" or "skipped"
    seconds: float = 0.0
    lines: list[str] = field(default_factory=list)
    note: str = ""


BENCHMARKS = [
    Bench("parse", "Reply parser throughput", [["bench.parse"]]),
    Bench("triage", "Red-flag assessment throughput", [["bench.triage"]]),
    Bench("rule_check", "Schedule checks: milliseconds whatever the rule", [["bench.rule_check"]]),
    Bench("twilio_server", "Local Twilio server: message creations per second",
          [["bench.twilio_server_speed"]]),
    Bench("idle_tick", "Clock: idle tick at 1,000,000 plans", [["bench.idle_tick", "--ticks", "30"]]),
    Bench("dispatch", "Clock: 10,000 due reminders scheduled and sent through the Twilio SDK",
          [["bench.dispatch"]]),
    Bench("tutorial", "Ours against the tutorial design (one APScheduler job per reminder), 100,000 reminders",
          [["bench.tutorial"]]),
    Bench("long_history", "Tip rotation: a patient with 10,000 past reminders against a new one",
          [["bench.long_history"]]),
    # 5,000, not 100,000 plans: on the shared 2-core machine 100,000 takes most of an hour
    # (`python -m bench.burst` runs the full figure; docs/benchmarks.md has it).
    Bench("burst", "Burst: plans due at one minute, the clock and 2 workers through the Twilio SDK (PostgreSQL)",
          [["bench.burst", "--plans", "5000"]], postgres_only=True, time_limit=900),
    Bench("dashboard", "Dashboard pages at 10,000 patients and 1,000,000 messages (PostgreSQL)",
          [["bench.seed_dashboard"], ["bench.dashboard", "--runs", "20"]],
          postgres_only=True, own_database=True, quiet=(0,)),
    Bench("bulk_import", "Bulk enrolment: 100,000 patients from a CSV (SQLite and PostgreSQL)",
          [["bench.bulk_import", "--rounds", "1"]]),
    Bench("webhook", "Inbound SMS webhook under gunicorn against a no-op Flask app (SQLite, PostgreSQL), "
          "then a burst of 1,000 replies", [["bench.webhook"]]),
    Bench("webhook_floor", "Inbound webhook: today's reply path against the same statements with no ORM "
          "(PostgreSQL)", [["bench.webhook_floor"]], postgres_only=True),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=[b.name for b in BENCHMARKS], help="run only these")
    args = parser.parse_args()
    postgres = os.environ.get("BENCH_POSTGRES_URL", POSTGRES)
    skip_postgres = bool(os.environ.get("BENCH_SKIP_POSTGRES"))
    started_at = datetime.now(timezone.utc)
    load = os.getloadavg()
    facts = machine_facts(None if skip_postgres else postgres)
    print(f"make bench: {facts}; load average {load[0]:.2f}", flush=True)
    started = time.perf_counter()
    outcomes = []
    for bench in BENCHMARKS:
        if args.only and bench.name not in args.only:
            continue
        print(f"\n== {bench.name}: {bench.title}", flush=True)
        outcome = run_bench(bench, postgres, skip_postgres)
        print(f"== {bench.name}: {outcome.status} in {outcome.seconds:.0f} s {outcome.note}", flush=True)
        outcomes.append(outcome)
    total = time.perf_counter() - started
    failed = [o.bench.name for o in outcomes if o.status == "failed"]
    print(f"\nmake bench: {len(outcomes)} benchmark(s) in {total / 60:.1f} min; "
          f"{'failed: ' + ', '.join(failed) if failed else 'none failed'}")
    if not args.only:
        write_section(section(started_at, facts, load, outcomes, total))
        print(f"written: {DOC}")
    return 1 if failed else 0


def run_bench(bench: Bench, postgres: str, skip_postgres: bool) -> Outcome:
    if bench.postgres_only and skip_postgres:
        return Outcome(bench, "skipped", note="(BENCH_SKIP_POSTGRES is set)")
    started = time.perf_counter()
    outcome = Outcome(bench, "ok")
    try:
        if bench.own_database:
            with empty_database(postgres) as url:
                run_commands(bench, outcome, {"DATABASE_URL": url})
        else:
            run_commands(bench, outcome, {})
    except Exception as error:  # e.g. PostgreSQL not answering when making the database
        outcome.status, outcome.note = "failed", f"({type(error).__name__}: {error})".splitlines()[0]
    outcome.seconds = time.perf_counter() - started
    return outcome


def run_commands(bench: Bench, outcome: Outcome, env: dict[str, str]) -> None:
    for index, command in enumerate(bench.commands):
        lines, error = run(command, env, bench.time_limit)
        outcome.lines += lines[-1:] if index in bench.quiet else lines
        if error is not None:
            outcome.status, outcome.note = "failed", f"({error})"
            return


def run(module_args: list[str], env: dict[str, str], time_limit: int = 300) -> tuple[list[str], str | None]:
    """Run `python -m ...`, echoing its stdout; its output lines and None, or an error line."""
    command = [sys.executable, "-m", *module_args]
    print(f"$ python -m {' '.join(module_args)}", flush=True)
    lines = []
    with tempfile.TemporaryFile("w+") as stderr:
        proc = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.PIPE,
                                stderr=stderr, text=True)
        fired = threading.Event()
        watchdog = threading.Timer(time_limit, stop, [proc, fired])  # a hung benchmark must not hang the run
        watchdog.start()
        try:
            for line in proc.stdout:
                print("  " + line.rstrip(), flush=True)
                lines.append(line.rstrip())
            code = proc.wait()
        finally:
            watchdog.cancel()
        if fired.is_set():
            return lines, f"killed after {time_limit} s"
        if code == 0:
            return lines, None
        stderr.seek(0)
        last = [line for line in stderr.read().splitlines() if line.strip()][-1:] or ["(no stderr)"]
        return lines, f"exit status {code}: {last[0].strip()}"


def stop(proc: subprocess.Popen, fired: threading.Event) -> None:
    """Ctrl-C first, so the benchmark's own clean-up (servers, databases) runs; then kill."""
    fired.set()
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()


def machine_facts(postgres: str | None) -> str:
    cpus = len(os.sched_getaffinity(0))
    info = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next((line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("model name")),
                 platform.processor() or "unknown CPU")
    mem = Path("/proc/meminfo").read_text().split()[1] if Path("/proc/meminfo").exists() else "0"
    return (f"{cpus} CPUs (nproc), {model}, {int(mem) / 1024 / 1024:.1f} GiB RAM, "
            f"Python {platform.python_version()}, {postgres_version(postgres)}")


def postgres_version(url: str | None) -> str:
    if url is None:
        return "PostgreSQL skipped"
    try:
        engine = create_engine(url)
        with engine.connect() as connection:
            version = connection.scalar(text("SHOW server_version"))
        engine.dispose()
        return f"PostgreSQL {version.split()[0]}"
    except Exception as error:
        return f"PostgreSQL not answering ({type(error).__name__})"


def section(started_at: datetime, facts: str, load, outcomes: list[Outcome], total: float) -> str:
    failed = [o.bench.name for o in outcomes if o.status == "failed"]
    skipped = [o.bench.name for o in outcomes if o.status == "skipped"]
    done = len(outcomes) - len(failed) - len(skipped)
    load_end = os.getloadavg()
    out = [
        BEGIN,
        "## Latest `make bench` run",
        "",
        "Written by `make bench` (`bench/__main__.py`), which replaces this section on every run;",
        "the sections after it are written by hand and explain the figures.",
        "",
        f"- Date: {started_at:%Y-%m-%d %H:%M} UTC",
        f"- Machine: {facts}",
        f"- Load average at start: {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f} (1, 5, 15 min); at the end: "
        f"{load_end[0]:.2f}, {load_end[1]:.2f}, {load_end[2]:.2f}. The machine may be shared with other work, which "
        "slows the wall-clock figures",
        f"- Total wall time: {total / 60:.1f} min; {done} benchmark(s) finished"
        + (f", **failed: {', '.join(failed)}**" if failed else "")
        + (f", skipped: {', '.join(skipped)}" if skipped else ""),
    ]
    for outcome in outcomes:
        bench = outcome.bench
        commands = " && ".join(f"`python -m {' '.join(c)}`" for c in bench.commands)
        state = {"ok": f"{outcome.seconds:.0f} s", "failed": f"**FAILED** after {outcome.seconds:.0f} s",
                 "skipped": "skipped"}[outcome.status]
        out += ["", f"### {bench.title}", "", f"{commands}" + (" (on a new PostgreSQL database)"
                                                               if bench.own_database else "")
                + f": {state} {outcome.note}".rstrip()]
        if outcome.lines:
            out += ["", "```text", *outcome.lines, "```"]
    out.append(END)
    return "\n".join(out)


def write_section(text_: str, path: Path = DOC) -> None:
    doc = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if BEGIN in doc and END in doc:
        head, rest = doc.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        doc = head + text_ + tail
    else:  # first run: after the introduction, before the first hand-written section
        at = doc.find("\n## ")
        at = len(doc) if at < 0 else at + 1
        doc = doc[:at] + text_ + "\n\n" + doc[at:]
    path.write_text(doc, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
