from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, update

from reminders.app import create_app
from reminders.cli import main
from reminders.core import migrate
from reminders.core.config import Config
from reminders.core.models import Base
from reminders.core.runtime import Runtime
from tests.databases import fresh_database, is_postgres

pytest_plugins = ["tests.twilio_fixtures", "tests.smtp_server"]


@pytest.fixture(scope="session")
def database_url():
    with fresh_database() as url:
        migrate.upgrade(url)
        yield url


@pytest.fixture(scope="session")
def on_postgres(database_url) -> bool:
    return is_postgres(database_url)


@pytest.fixture
def config(database_url) -> Config:
    # Tests send as fast as they can; the rate limiter has tests of its own.
    return Config(env="test", database_url=database_url, secret_key="test-secret", send_rate=10_000)


@pytest.fixture
def rt(config):
    runtime = Runtime.from_config(config)
    yield runtime
    _empty(runtime)
    runtime.close()


def _empty(runtime: Runtime) -> None:
    tables = Base.metadata.sorted_tables
    with runtime.session() as session:
        # Foreign keys drawn with use_alter close a cycle: cut them first.
        for table in tables:
            for fk in table.foreign_keys:
                if fk.use_alter:
                    session.execute(update(table).values({fk.parent.name: None}))
        for table in reversed(tables):
            session.execute(delete(table))


@pytest.fixture
def app(config, rt):
    return create_app(config)


@pytest.fixture
def client(app):
    return app.test_client()


class Cli:
    """Runs the real `reminders` command against the test database."""

    def __init__(self, database_url: str):
        self.env = {"DATABASE_URL": database_url, "SMS_TRANSPORT": "console", "REMINDERS_ENV": "test"}

    def __call__(self, *args: str, input: str | None = None):
        return CliRunner().invoke(main, list(args), env=self.env, input=input)


@pytest.fixture
def runner(database_url, rt):
    return Cli(database_url)
