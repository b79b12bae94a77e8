"""What the benchmarks share: a throwaway migrated database and a report line."""

from __future__ import annotations

import os
import platform
import statistics
from contextlib import contextmanager
from datetime import date
from typing import Iterator

from reminders.core import migrate
from reminders.core.config import Config
from reminders.core.runtime import Runtime
from tests.databases import fresh_database

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def backends() -> list[tuple[str, str]]:
    """(name, target URL) pairs: SQLite always, PostgreSQL unless BENCH_SKIP_POSTGRES is set."""
    found = [("SQLite", "sqlite://")]
    if not os.environ.get("BENCH_SKIP_POSTGRES"):
        found.append(("PostgreSQL", os.environ.get("BENCH_POSTGRES_URL", POSTGRES)))
    return found


@contextmanager
def empty_database(target_url: str) -> Iterator[str]:
    """The URL of a new empty database: beside target_url on PostgreSQL (CREATE DATABASE,
    dropped afterwards), a temporary file for SQLite."""
    saved = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = target_url
    try:
        with fresh_database() as url:
            yield url
    finally:
        if saved is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = saved


@contextmanager
def runtime(target_url: str, **overrides) -> Iterator[Runtime]:
    with empty_database(target_url) as url:
        migrate.upgrade(url)
        rt = Runtime.from_config(Config(env="test", database_url=url, **overrides))
        try:
            yield rt
        finally:
            rt.close()


def machine() -> str:
    return f"{os.cpu_count()} cores, Python {platform.python_version()}, {date.today().isoformat()}"


def summary(samples_ms: list[float]) -> str:
    samples = sorted(samples_ms)
    p95 = samples[max(0, int(len(samples) * 0.95) - 1)]
    return f"median {statistics.median(samples):.2f} ms, p95 {p95:.2f} ms, max {samples[-1]:.2f} ms"
