"""the worklist: an index of recent inbound texts (who has been silent) and one of dose outcomes by
time (everyone's last weeks), so the patients list sorted by need reads ranges, not whole tables

Revision ID: i16_worklist
Revises: i12_sign_in_throttles (the head at the time; the brief names i17_self_service, which is no longer one)
Create Date: 2026-12-01 13:05:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'i16_worklist'
down_revision: Union[str, None] = 'i12_sign_in_throttles'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.create_index('ix_messages_inbound_created', ['created_at', 'patient_id'], unique=False,
                              postgresql_where=sa.text("direction = 'in'"),
                              sqlite_where=sa.text("direction = 'in'"))
    with op.batch_alter_table('dose_events', schema=None) as batch_op:
        batch_op.create_index('ix_dose_events_at', ['at', 'patient_id', 'outcome', 'unscheduled'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('dose_events', schema=None) as batch_op:
        batch_op.drop_index('ix_dose_events_at')
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_index('ix_messages_inbound_created')
