"""replies link to what they answer

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-24 01:21:34.960866
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: Union[str, None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:

    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('in_reply_to_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_messages_in_reply_to_id'), ['in_reply_to_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_messages_in_reply_to_id_messages'), 'messages', ['in_reply_to_id'], ['id'])

    with op.batch_alter_table('occurrences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answered_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_occurrences_answered_by_id_messages'), 'messages', ['answered_by_id'], ['id'])




def downgrade() -> None:

    with op.batch_alter_table('occurrences', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_occurrences_answered_by_id_messages'), type_='foreignkey')
        batch_op.drop_column('answered_by_id')

    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_messages_in_reply_to_id_messages'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_messages_in_reply_to_id'))
        batch_op.drop_column('in_reply_to_id')


