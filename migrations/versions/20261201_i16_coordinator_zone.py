"""one clock for the coordinator: each user's own time zone for the dashboard (none: their
team's zone, else UTC)

Revision ID: i16_coordinator_zone
Revises: i18_tip_cycle
Create Date: 2026-12-01 12:30:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'i16_coordinator_zone'
down_revision: Union[str, None] = 'i18_tip_cycle'  # the head on main when this was written; the lead chains heads at merge
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tz', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('tz')
