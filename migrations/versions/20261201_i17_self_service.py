"""self-service by text: a patient's pause and the question the bot asked, and every change
they make (new time, pause, resume) with its old and new values, for coordinators to see and undo

Revision ID: i17_self_service
Revises: i17_caregivers
Create Date: 2026-12-01 09:17:47
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'i17_self_service'
down_revision: Union[str, None] = 'i17_caregivers'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('patient_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('old', sa.JSON(), nullable=False),
    sa.Column('new', sa.JSON(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('undone_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('undone_by', sa.String(length=200), nullable=True),
    sa.Column('undo_of_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('set_time', 'pause', 'resume')", name=op.f('ck_patient_changes_kind')),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_patient_changes_message_id_messages')),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_patient_changes_patient_id_patients')),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_patient_changes_plan_id_plans')),
    sa.ForeignKeyConstraint(['undo_of_id'], ['patient_changes.id'], name=op.f('fk_patient_changes_undo_of_id_patient_changes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patient_changes'))
    )
    with op.batch_alter_table('patient_changes', schema=None) as batch_op:
        batch_op.create_index('ix_patient_changes_patient_at', ['patient_id', 'at'], unique=False)

    with op.batch_alter_table('patients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('paused_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('question', sa.JSON(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('patients', schema=None) as batch_op:
        batch_op.drop_column('question')
        batch_op.drop_column('paused_until')

    with op.batch_alter_table('patient_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_patient_changes_patient_at')

    op.drop_table('patient_changes')
