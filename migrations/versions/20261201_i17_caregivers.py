"""caregivers: told when a patient needs a check-in, after their own YES

A caregiver has their own consent (invited -> active on YES, stopped on STOP), zone and
quiet hours; a text to or from one is a message row that points at them.

Revision ID: i17_caregivers
Revises: i13_flags_as_cases
Create Date: 2026-12-01 09:06:11
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'i17_caregivers'
down_revision: Union[str, None] = 'i13_flags_as_cases'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('caregivers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('lang', sa.String(length=2), nullable=False),
    sa.Column('tz', sa.String(length=64), nullable=False),
    sa.Column('quiet_start', sa.Time(), nullable=False),
    sa.Column('quiet_end', sa.Time(), nullable=False),
    sa.Column('on_missed', sa.Boolean(), nullable=False),
    sa.Column('on_red_flag', sa.Boolean(), nullable=False),
    sa.Column('missed_in_a_row', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('state_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('patient_consent', sa.Text(), nullable=False),
    sa.Column('added_by', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("lang IN ('en', 'es')", name=op.f('ck_caregivers_lang')),
    sa.CheckConstraint("state IN ('invited', 'active', 'stopped')", name=op.f('ck_caregivers_state')),
    sa.CheckConstraint('missed_in_a_row >= 1 AND missed_in_a_row <= 14', name=op.f('ck_caregivers_missed_in_a_row')),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_caregivers_patient_id_patients')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_caregivers')),
    sa.UniqueConstraint('patient_id', 'phone', name='uq_caregivers_patient_phone')
    )
    with op.batch_alter_table('caregivers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_caregivers_patient_id'), ['patient_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_caregivers_phone'), ['phone'], unique=False)

    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('caregiver_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_messages_caregiver_id'), ['caregiver_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_messages_caregiver_id_caregivers'), 'caregivers', ['caregiver_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_messages_caregiver_id_caregivers'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_messages_caregiver_id'))
        batch_op.drop_column('caregiver_id')

    with op.batch_alter_table('caregivers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_caregivers_phone'))
        batch_op.drop_index(batch_op.f('ix_caregivers_patient_id'))

    op.drop_table('caregivers')
