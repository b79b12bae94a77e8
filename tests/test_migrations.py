"""The migrations and the models describe the same schema, up and down."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

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


def test_flags_from_before_cases_keep_their_text_as_an_event():
    """A flag raised before flags had events shows its text; "prompt" flags go back as urgent."""
    from sqlalchemy import text

    with fresh_database() as url:
        migrate.upgrade(url, "0005")
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO messages (id, direction, purpose, body, status, created_at, updated_at, attempts) "
                "VALUES (1, 'in', 'reply', 'numbness 8', 'handled', '2027-03-01 10:00:00', '2027-03-01 10:00:00', 0)"))
            connection.execute(text(
                "INSERT INTO flags (id, reason, level, detail, message_id, state, created_at) "
                "VALUES (1, 'red_flag', 'urgent', 'severe numbness (8/10)', 1, 'acknowledged', '2027-03-01 10:00:00')"))
        migrate.upgrade(url)
        with engine.begin() as connection:
            assert connection.execute(text("SELECT raised_at IS NOT NULL FROM flags")).scalar()
            events = connection.execute(text("SELECT flag_id, kind, message_id, detail FROM flag_events")).all()
            assert [tuple(e) for e in events] == [(1, "raised", 1, "severe numbness (8/10)")]
            connection.execute(text("UPDATE flags SET level = 'prompt'"))
        migrate.downgrade(url, "0005")
        with engine.begin() as connection:
            assert connection.execute(text("SELECT level FROM flags")).scalar() == "urgent"
        engine.dispose()


def test_outbound_rows_saved_without_a_send_time_get_one_and_none_can_be_saved_again():
    """Before 0006 the dashboard's one-off messages were stored with no send time, so the outbox
    never claimed them. The migration gives each its creation time; the schema then refuses one."""
    with fresh_database() as url:
        migrate.upgrade(url, "i14_tip_cadence")  # the revision before i12_outbound_send_after
        engine = make_engine(url)
        created = "2027-03-10 15:00:00"
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO messages (direction, purpose, body, status, created_at, updated_at, attempts) "
                "VALUES ('out', 'manual', 'Hi', 'pending', :at, :at, 0), "
                "('in', 'reply', 'taken', 'handled', :at, :at, 0)"), {"at": created})
        migrate.upgrade(url)
        with engine.begin() as connection:
            rows = connection.execute(text(
                "SELECT direction, send_after FROM messages ORDER BY id")).all()
        assert [(d, str(s)[:19] if s else None) for d, s in rows] == [("out", created), ("in", None)]
        with pytest.raises(IntegrityError), engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO messages (direction, purpose, body, status, created_at, updated_at, attempts) "
                "VALUES ('out', 'manual', 'Hi', 'pending', :at, :at, 0)"), {"at": created})
        engine.dispose()
