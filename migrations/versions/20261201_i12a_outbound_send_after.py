"""every outbound text has a send time: the outbox claims only rows whose time has come

The dashboard's one-off messages were stored with no send time, so no sender ever
claimed them. Rows saved that way get their creation time (they were meant to go
at once); from here on the schema refuses an outbound row without one. Inbound
rows have no send time and keep NULL.

Revision ID: i12_outbound_send_after
Revises: i17_self_service
Create Date: 2026-12-01 09:00:00
"""
from typing import Sequence, Union

from alembic import op

revision: str = 'i12_outbound_send_after'
down_revision: Union[str, None] = 'i17_self_service'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("UPDATE messages SET send_after = created_at WHERE direction = 'out' AND send_after IS NULL")
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.create_check_constraint(
            op.f('ck_messages_outbound_send_after'), "direction = 'in' OR send_after IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_messages_outbound_send_after'), type_='check')
