"""where each patient's tip rotation last started over, per set of eligible tips, so that
choosing a tip reads only the current cycle instead of the whole history

Revision ID: i18_tip_cycle
Revises: i18_unmatched_events
Create Date: 2026-12-01 12:50:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = 'i18_tip_cycle'
down_revision: Union[str, None] = 'i18_unmatched_events'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('tip_cycles',
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('through_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('through_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_tip_cycles_patient_id_patients')),
    sa.PrimaryKeyConstraint('patient_id', 'scope', name=op.f('pk_tip_cycles'))
    )


def downgrade() -> None:
    op.drop_table('tip_cycles')
