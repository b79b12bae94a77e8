"""sign-in throttling per account and address, and per address, one counter row per key

login_failures held one row per failed sign-in and was counted before the password was
checked: concurrent attempts all counted the same rows, and 40 at once got 17 checks
against a limit of 10. login_throttles holds a counter per key, raised in one statement
before the check (an upsert: concurrent attempts queue on the row). Counts last a minute,
so nothing is carried over.

Revision ID: i12_sign_in_throttles
Revises: i12_one_outcome_per_dose
Create Date: 2026-12-01 11:00:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = 'i12_sign_in_throttles'
down_revision: Union[str, None] = 'i12_one_outcome_per_dose'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('login_throttles',
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('window_start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_login_throttles'))
    )
    with op.batch_alter_table('login_failures', schema=None) as batch_op:
        batch_op.drop_index('ix_login_failures_email_at')
        batch_op.drop_index('ix_login_failures_address_at')
    op.drop_table('login_failures')


def downgrade() -> None:
    op.create_table('login_failures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_failures'))
    )
    with op.batch_alter_table('login_failures', schema=None) as batch_op:
        batch_op.create_index('ix_login_failures_address_at', ['address', 'at'], unique=False)
        batch_op.create_index('ix_login_failures_email_at', ['email', 'at'], unique=False)
    op.drop_table('login_throttles')
