"""`reminders demo` as a newcomer runs it: on the port they pick, a clear line when it is taken,
and `--reset` to start over."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from sqlalchemy import create_engine, func, select, text

from reminders.core.models import Message


def demo_env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SMS_TRANSPORT", "REMINDERS_ENV")}
    return dict(env, DATABASE_URL=f"sqlite:///{tmp_path / 'demo.db'}", SMS_TRANSPORT="console",
                REMINDERS_ENV="development")


def reminders(*args, env, timeout=60):
    return subprocess.run([sys.executable, "-m", "reminders.cli", "demo", *args], env=env,
                          capture_output=True, text=True, timeout=timeout)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def count_messages(tmp_path) -> int:
    engine = create_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    with engine.connect() as connection:
        count = connection.scalar(select(func.count()).select_from(Message))
    engine.dispose()
    return count


def test_a_port_in_use_gets_one_clear_line_and_nothing_is_written(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = reminders("--port", str(port), env=demo_env(tmp_path))
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        f"Error: demo: port {port} on 127.0.0.1 is in use (Address already in use); stop what uses it, "
        f"or pick another: make demo PORT={port + 1}"]
    assert not (tmp_path / "demo.db").exists()


def test_reset_starts_the_demo_over(tmp_path):
    env = demo_env(tmp_path)
    assert reminders("--no-serve", env=env).returncode == 0
    seeded = count_messages(tmp_path)
    engine = create_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    with engine.begin() as connection:  # what a newcomer's playing leaves behind
        connection.execute(text("DELETE FROM messages"))
    engine.dispose()
    again = reminders("--no-serve", env=env)
    assert "already present" in again.stdout and count_messages(tmp_path) == 0
    reset = reminders("--no-serve", "--reset", env=env)
    assert reset.returncode == 0, reset.stderr
    assert f"deleted {tmp_path / 'demo.db'}" in reset.stdout and "demo data seeded" in reset.stdout
    assert count_messages(tmp_path) == seeded


def test_reset_refuses_a_database_that_is_not_a_local_sqlite_file(tmp_path):
    env = dict(demo_env(tmp_path), DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:5432/clinic")
    result = reminders("--no-serve", "--reset", env=env)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "Error: demo --reset: deletes only a local SQLite file, and DATABASE_URL is "
        "postgresql+psycopg://postgres@127.0.0.1:5432/clinic"]


def test_the_demo_serves_on_the_port_it_is_given(tmp_path):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "reminders.cli", "demo", "--port", str(port)],
                              env=demo_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                    assert answer.status == 200
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the demo did not answer on {port}: {server.stdout.read() if server.poll() is not None else ''}")
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=30)
