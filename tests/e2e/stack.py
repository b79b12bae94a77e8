"""The real processes behind the end-to-end and fault tests.

A `Stack` starts the project's own commands as subprocesses against the test
database (the clock, gunicorn serving the app, `reminders dispatch`, `reminders
export`), with the local Twilio-compatible server (tests/twilio_server.py) in a
subprocess of its own, all on 127.0.0.1 with ports the OS picked. Each process
runs in its own process group, and `close()` kills every group, whatever the
test did; every wait polls against a deadline.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import ExitStack
from datetime import datetime
from datetime import time as clock_time
from pathlib import Path
from typing import Callable

import gunicorn
import pytest
import requests
from sqlalchemy import func, select
from twilio.request_validator import RequestValidator

from reminders.core.models import Message, Patient, Plan
from tests.databases import is_postgres, target_url
from tests.twilio_server import (
    DEFAULT_ACCOUNT_SID,
    DEFAULT_AUTH_TOKEN,
    RemoteTwilio,
    server_process,
)

ROOT = Path(__file__).resolve().parents[2]
FROM_NUMBER = "+15005550006"  # the service's own number: patients text it
SMS_PATH = "/webhooks/twilio/sms"

postgres_only = pytest.mark.skipif(
    not is_postgres(target_url()),
    reason="PostgreSQL only: set DATABASE_URL=postgresql+psycopg://... (.ci/run does)",
)


def free_port() -> int:
    """A port nothing listens on right now, chosen by the OS."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check: Callable, timeout: float, what: str, detail: Callable[[], str] = str):
    """Poll `check` until it returns something truthy (returned); fail after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {timeout:.0f}s waiting for {what}\n{detail()}")
        time.sleep(0.1)


class Process:
    """One subprocess in its own process group, its output in a log file."""

    def __init__(self, name: str, argv: list[str], env: dict, log_path: Path):
        self.name, self.log_path = name, log_path
        with open(log_path, "wb") as log:  # the child keeps its own copy of the descriptor
            self.popen = subprocess.Popen(
                argv, env=env, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True,
            )

    @property
    def alive(self) -> bool:
        return self.popen.poll() is None

    def log(self, tail: int = 40) -> str:
        lines = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join(f"  {self.name}| {line}" for line in lines[-tail:])

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Signal the whole group (gunicorn's workers too), only while its leader is not yet
        reaped: after that its id may be another process's already (ids wrap at pid_max, 32768
        here), and a late SIGTERM at teardown killed an unrelated test run."""
        if self.popen.returncode is not None:
            return
        try:
            os.killpg(self.popen.pid, sig)
        except ProcessLookupError:
            pass

    def stop(self, timeout: float = 10) -> None:
        """SIGTERM, then SIGKILL for whatever of the group is left."""
        self.kill(signal.SIGTERM)
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
        self.kill(signal.SIGKILL)
        self.popen.wait(timeout)


class Stack:
    def __init__(self, database_url: str, log_dir: Path):
        self.database_url = database_url
        self.log_dir = log_dir
        self.processes: list[Process] = []
        self.twilio: RemoteTwilio | None = None
        # Chosen up front: the clock tells Twilio to call back PUBLIC_BASE_URL.
        self.web_port = free_port()
        self.public_base_url = f"http://127.0.0.1:{self.web_port}"
        self._exits = ExitStack()

    # -- processes ------------------------------------------------------------

    def start_twilio(self, callbacks: bool = False) -> RemoteTwilio:
        self.twilio = self._exits.enter_context(server_process(callbacks=callbacks))
        return self.twilio

    def env(self, **overrides) -> dict:
        env = dict(os.environ)
        env.update(
            DATABASE_URL=self.database_url, REMINDERS_ENV="test", SECRET_KEY="e2e-secret",
            SMS_TRANSPORT="twilio", TWILIO_ACCOUNT_SID=DEFAULT_ACCOUNT_SID,
            TWILIO_AUTH_TOKEN=DEFAULT_AUTH_TOKEN, TWILIO_FROM_NUMBER=FROM_NUMBER,
            PUBLIC_BASE_URL=self.public_base_url, CLOCK_TICK_SECONDS="1",
            SEND_RATE_PER_SECOND="1000", PYTHONUNBUFFERED="1",
        )
        if self.twilio is not None:
            env["TWILIO_API_URL"] = self.twilio.url
        env.update({name: str(value) for name, value in overrides.items()})
        return env

    def spawn(self, name: str, argv: list[str], **env) -> Process:
        numbered = f"{name}-{sum(p.name.startswith(name) for p in self.processes) + 1}"
        process = Process(numbered, argv, self.env(**env), self.log_dir / f"{numbered}.log")
        self.processes.append(process)
        return process

    def clock(self, **env) -> Process:
        return self.spawn("clock", [sys.executable, "-m", "reminders.cli", "clock"], **env)

    def worker(self, **env) -> Process:
        return self.spawn("worker", [sys.executable, "-m", "reminders.cli", "worker"], **env)

    def web(self, **env) -> Process:
        """gunicorn serving the app on web_port; returns once /healthz answers."""
        # The Procfile's web process: gthread, 2 workers x 4 threads.
        argv = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{self.web_port}",
                "--workers", "2", "--worker-class", "gthread", "--threads", "4", "--timeout", "20",
                "--access-logfile", "-",  # shown if a test fails
                "reminders.app:create_app()"]
        if gunicorn.version_info >= (27,):  # its control socket is one path per user: keep off it
            argv.insert(-1, "--no-control-socket")
        process = self.spawn("web", argv, **env)

        def healthy():
            if not process.alive:
                raise AssertionError(f"gunicorn exited\n{process.log()}")
            try:
                return requests.get(self.url("/healthz"), timeout=2).status_code == 200
            except requests.RequestException:
                return False

        wait_until(healthy, 30, "gunicorn to answer /healthz", self.logs)
        return process

    def cli(self, *args: str, **env) -> str:
        """Run `python -m reminders.cli ARGS` to the end; its stdout (it must succeed)."""
        done = subprocess.run(
            [sys.executable, "-m", "reminders.cli", *args], env=self.env(**env), cwd=ROOT,
            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120,
        )
        assert done.returncode == 0, f"reminders {' '.join(args)} failed:\n{done.stdout}{done.stderr}"
        return done.stdout

    def logs(self) -> str:
        """What each process said, and the callbacks the Twilio server made."""
        lines = [p.log() for p in self.processes]
        if self.twilio is not None:
            try:
                lines += [f"  callback| {c['params']['MessageSid']} {c['params']['MessageStatus']} "
                          f"-> {c.get('response_status')} {c.get('error', '')}" for c in self.twilio.callbacks]
            except requests.RequestException as error:
                lines.append(f"  callback| (Twilio server unreachable: {error})")
        return "\n".join(lines)

    def stop(self) -> None:
        """Stop the app's processes (the Twilio server stays up to be read)."""
        for process in reversed(self.processes):
            process.stop()

    def close(self) -> None:
        self.stop()
        self._exits.close()

    # -- talking to the web process like Twilio does ---------------------------

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.web_port}{path}"

    def post_signed(self, path: str, form: dict) -> requests.Response:
        """POST `form` signed over the public URL with the auth token, as Twilio signs."""
        signature = RequestValidator(DEFAULT_AUTH_TOKEN).compute_signature(
            self.public_base_url + path, form)
        return requests.post(self.url(path), data=form, timeout=30,
                             headers={"X-Twilio-Signature": signature})


# -- seeding and reading the database from the test ------------------------------


def seed_due_plans(rt, count: int, due: datetime) -> list[str]:
    """`count` patients, each with a daily B12 plan due at `due`; their phones.

    UTC patients with no quiet hours: nothing holds the texts back, whatever
    the hour the test runs at.
    """
    phones = [f"+1617555{n:04d}" for n in range(count)]
    with rt.session() as session:
        patients = [
            Patient(phone=phone, name=f"Patient {n}", tz="UTC",
                    quiet_start=clock_time(0), quiet_end=clock_time(0))
            for n, phone in enumerate(phones)
        ]
        session.add_all(patients)
        session.flush()
        session.add_all(
            Plan(patient_id=p.id, kind="supplement", rrule="FREQ=DAILY", label="B12",
                 start_local=due.replace(tzinfo=None, microsecond=0), next_fire_at=due)
            for p in patients
        )
    return phones


def status_counts(rt, purpose: str = "reminder") -> dict[str, int]:
    with rt.session() as session:
        rows = session.execute(
            select(Message.status, func.count()).where(Message.purpose == purpose)
            .group_by(Message.status)
        ).all()
    return dict(rows)


def reminders_by_phone(rt) -> dict[str, list[Message]]:
    found: dict[str, list[Message]] = {}
    with rt.session() as session:
        for message in session.scalars(select(Message).where(Message.purpose == "reminder")):
            found.setdefault(message.to_number, []).append(message)
    return found
