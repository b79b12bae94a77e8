"""index answers by number: the automatic-answer cap reads it on every inbound text

Without it, counting a number's answers in the last hour scanned the whole messages
table (2.4 ms at 20,000 rows, linear beyond) on every text a patient sends.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 02:20:00
"""
from typing import Sequence, Union

from alembic import op

revision: str = '0005'
down_revision: Union[str, None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.create_index('ix_messages_to_purpose_created', ['to_number', 'purpose', 'created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_index('ix_messages_to_purpose_created')
