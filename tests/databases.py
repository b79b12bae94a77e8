"""Throwaway databases for tests: a temp SQLite file, or a new PostgreSQL database.

The suite runs on whatever DATABASE_URL names (SQLite when unset). On
PostgreSQL each run creates its own database beside the named one and drops it
afterwards, so runs never see each other's rows.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def target_url() -> str:
    return os.environ.get("DATABASE_URL", "sqlite://")


def is_postgres(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


@contextmanager
def fresh_database() -> Iterator[str]:
    url = target_url()
    if is_postgres(url):
        yield from _postgres(url)
    else:
        with tempfile.TemporaryDirectory(prefix="reminders-test-") as tmp:
            yield f"sqlite:///{Path(tmp) / 'test.db'}"


def _postgres(url: str) -> Iterator[str]:
    base = make_url(url)
    name = f"reminders_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
