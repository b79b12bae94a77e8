"""status events for texts we never sent leave the clock's re-check after a day: when that
happened, and a partial index over the events still waiting for their message

Revision ID: i18_unmatched_events
Revises: i18_event_ref
Create Date: 2026-12-01 12:45:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'i18_unmatched_events'
down_revision: Union[str, None] = 'i18_event_ref'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

WAITING = "message_id IS NULL AND unmatched_at IS NULL"


def upgrade() -> None:
    with op.batch_alter_table('message_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unmatched_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('message_events', schema=None) as batch_op:
        batch_op.create_index('ix_message_events_waiting', ['twilio_sid'], unique=False,
                              postgresql_where=sa.text(WAITING), sqlite_where=sa.text(WAITING))


def downgrade() -> None:
    with op.batch_alter_table('message_events', schema=None) as batch_op:
        batch_op.drop_index('ix_message_events_waiting', postgresql_where=sa.text(WAITING),
                            sqlite_where=sa.text(WAITING))
        batch_op.drop_column('unmatched_at')
