"""flags as cases: every text behind a flag, notifications of urgent ones, on-call contacts

A flag collects every text that bears on it (flag_events) instead of folding later ones away;
urgent flags are notified to the team's on-call and backup contacts (flag_notifications); a
high-severity report on a chronic symptom is a new level, "prompt"; numbers no patient has that
said STOP are remembered (opted_out_numbers); care teams get on-call and backup contacts and
office hours. Existing flags get their first text as an event.

Revision ID: i13_flags_as_cases
Revises: i14_tip_cadence
Create Date: 2026-12-01 09:01:53.394266
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = 'i13_flags_as_cases'
down_revision: Union[str, None] = "i14_tip_cadence"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('opted_out_numbers',
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_opted_out_numbers_message_id_messages')),
    sa.PrimaryKeyConstraint('phone', name=op.f('pk_opted_out_numbers'))
    )
    op.create_table('flag_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('flag_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('level', sa.String(length=8), nullable=True),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=200), nullable=True),
    sa.CheckConstraint("kind IN ('raised', 'text', 'acknowledged', 'reopened', 'resolved', 'replied', 'linked', 'no_one')", name=op.f('ck_flag_events_kind')),
    sa.ForeignKeyConstraint(['flag_id'], ['flags.id'], name=op.f('fk_flag_events_flag_id_flags')),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_flag_events_message_id_messages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flag_events'))
    )
    with op.batch_alter_table('flag_events', schema=None) as batch_op:
        batch_op.create_index('ix_flag_events_flag_at', ['flag_id', 'at'], unique=False)

    op.create_table('flag_notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('flag_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('role', sa.String(length=8), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['flag_id'], ['flags.id'], name=op.f('fk_flag_notifications_flag_id_flags')),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_flag_notifications_message_id_messages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flag_notifications'))
    )
    with op.batch_alter_table('flag_notifications', schema=None) as batch_op:
        batch_op.create_index('ix_flag_notifications_flag', ['flag_id'], unique=False)
        batch_op.create_index('ix_flag_notifications_pending_email', ['id'], unique=False, postgresql_where=sa.text("channel = 'email' AND status = 'sending'"), sqlite_where=sa.text("channel = 'email' AND status = 'sending'"))

    with op.batch_alter_table('care_teams', schema=None) as batch_op:
        batch_op.add_column(sa.Column('on_call_phone', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('on_call_email', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('backup_phone', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('backup_email', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('hours', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('tz', sa.String(length=64), nullable=True))

    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('raised_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('notify_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('notify_round', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('acknowledged_by', sa.String(length=200), nullable=True))
        batch_op.create_index(batch_op.f('ix_flags_notify_at'), ['notify_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_flags_phone'), ['phone'], unique=False)
    op.execute("UPDATE flags SET raised_at = created_at")
    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.alter_column('raised_at', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.drop_constraint(op.f('ck_flags_level'), type_='check')
        batch_op.create_check_constraint(op.f('ck_flags_level'), "level IN ('urgent', 'prompt', 'routine')")
    op.execute(
        "INSERT INTO flag_events (flag_id, at, kind, level, detail, message_id) "
        "SELECT id, created_at, 'raised', level, detail, message_id FROM flags"
    )


def downgrade() -> None:
    # "prompt" does not exist before this revision: those flags become urgent, never less.
    op.execute("UPDATE flags SET level = 'urgent' WHERE level = 'prompt'")
    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_flags_level'), type_='check')
        batch_op.create_check_constraint(op.f('ck_flags_level'), "level IN ('urgent', 'routine')")
        batch_op.drop_index(batch_op.f('ix_flags_phone'))
        batch_op.drop_index(batch_op.f('ix_flags_notify_at'))
        batch_op.drop_column('acknowledged_by')
        batch_op.drop_column('notify_round')
        batch_op.drop_column('notify_at')
        batch_op.drop_column('raised_at')
        batch_op.drop_column('phone')

    with op.batch_alter_table('care_teams', schema=None) as batch_op:
        batch_op.drop_column('tz')
        batch_op.drop_column('hours')
        batch_op.drop_column('backup_email')
        batch_op.drop_column('backup_phone')
        batch_op.drop_column('on_call_email')
        batch_op.drop_column('on_call_phone')

    with op.batch_alter_table('flag_notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_flag_notifications_pending_email', postgresql_where=sa.text("channel = 'email' AND status = 'sending'"), sqlite_where=sa.text("channel = 'email' AND status = 'sending'"))
        batch_op.drop_index('ix_flag_notifications_flag')

    op.drop_table('flag_notifications')
    with op.batch_alter_table('flag_events', schema=None) as batch_op:
        batch_op.drop_index('ix_flag_events_flag_at')

    op.drop_table('flag_events')
    op.drop_table('opted_out_numbers')
