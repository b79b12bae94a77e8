"""The migrations and the models describe the same schema, up and down."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from reminders.core import migrate
from reminders.core.db import make_engine
from reminders.core.models import Base
from tests.databases import fresh_database


def differences(url: str) -> list:
    engine = make_engine(url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    return diff


def tables(url: str) -> set[str]:
    engine = make_engine(url)
    names = set(inspect(engine).get_table_names()) - {"alembic_version"}
    engine.dispose()
    return names


def test_models_and_migrations_agree(database_url):
    assert differences(database_url) == []


def test_upgrade_downgrade_upgrade():
    with fresh_database() as url:
        migrate.upgrade(url)
        assert tables(url) == set(Base.metadata.tables)
        migrate.downgrade(url, "base")
        assert tables(url) == set()
        migrate.upgrade(url)
        assert differences(url) == []
