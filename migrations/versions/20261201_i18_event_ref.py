"""message_events.ref: the outbox row a status callback's URL names

The outbox puts ?m=<message id> in each text's status callback URL. A callback for a
sid no message has yet (the send timed out, or the sender died before recording it)
keeps that id, so the retry knows the text went out and which one it is.

Revision ID: i18_event_ref
Revises: i16_worklist
Create Date: 2026-12-01 13:00:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = 'i18_event_ref'
down_revision: Union[str, None] = 'i16_worklist'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('message_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ref', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_message_events_ref'), ['ref'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('message_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_message_events_ref'))
        batch_op.drop_column('ref')
