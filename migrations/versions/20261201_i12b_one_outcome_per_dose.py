"""one outcome per scheduled dose; reports with no reminder open kept apart

A dose answered "taken" three times and then "skip" had four outcomes. Each occurrence now
has at most one (a unique key): the newest answer, with the outcome it replaced in
corrected_from. Occurrences that collected several keep their newest answer (a 'missed'
the clock recorded counts only when no answer came); the rest are deleted, their texts
stay in messages. Doses logged from a text with no reminder open were counted as
scheduled: they are marked unscheduled, and count towards nothing.

Revision ID: i12_one_outcome_per_dose
Revises: i12_outbound_send_after
Create Date: 2026-12-01 10:00:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = 'i12_one_outcome_per_dose'
down_revision: Union[str, None] = 'i12_outbound_send_after'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

OUTCOMES = "'taken', 'skipped', 'missed'"


def upgrade() -> None:
    with op.batch_alter_table('dose_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('corrected_from', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('unscheduled', sa.Boolean(), server_default=sa.text('false'), nullable=False))
    op.execute("UPDATE dose_events SET unscheduled = true "
               "WHERE occurrence_id IS NULL AND occurrence_at IS NULL AND message_id IS NOT NULL")
    _keep_one_outcome_per_occurrence(op.get_bind())
    with op.batch_alter_table('dose_events', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_dose_events_occurrence_id'), ['occurrence_id'])
        batch_op.create_check_constraint(
            op.f('ck_dose_events_corrected_from'), f"corrected_from IS NULL OR corrected_from IN ({OUTCOMES})")


def _keep_one_outcome_per_occurrence(connection) -> None:
    doubled = connection.execute(sa.text(
        "SELECT occurrence_id FROM dose_events WHERE occurrence_id IS NOT NULL "
        "GROUP BY occurrence_id HAVING count(*) > 1")).scalars().all()
    for occurrence_id in doubled:
        rows = connection.execute(sa.text(
            "SELECT id, outcome FROM dose_events WHERE occurrence_id = :o ORDER BY id"), {"o": occurrence_id}).all()
        answers = [row for row in rows if row.outcome != 'missed'] or rows
        kept = answers[-1]
        earlier = [row.outcome for row in answers[:-1] if row.outcome != kept.outcome]
        connection.execute(sa.text("UPDATE dose_events SET corrected_from = :c WHERE id = :i"),
                           {"c": earlier[-1] if earlier else None, "i": kept.id})
        connection.execute(sa.text("DELETE FROM dose_events WHERE occurrence_id = :o AND id != :i"),
                           {"o": occurrence_id, "i": kept.id})


def downgrade() -> None:
    with op.batch_alter_table('dose_events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_dose_events_corrected_from'), type_='check')
        batch_op.drop_constraint(batch_op.f('uq_dose_events_occurrence_id'), type_='unique')
        batch_op.drop_column('unscheduled')
        batch_op.drop_column('corrected_from')
