"""tip cadence: per patient, with a per-team default

Nearly every reminder with a tip is billed as 2 segments; one without fits in 1. A team
chooses how often its patients' reminders carry a tip (every reminder, at most one a day,
weekly, never), and a patient may have their own.

Revision ID: i14_tip_cadence
Revises: 0005
Create Date: 2026-11-25 10:00:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = 'i14_tip_cadence'
down_revision: Union[str, None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

CADENCES = "tip_cadence IN ('every', 'daily', 'weekly', 'never')"


def upgrade() -> None:
    with op.batch_alter_table('care_teams', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tip_cadence', sa.String(length=8), server_default='every', nullable=False))
        batch_op.create_check_constraint(batch_op.f('ck_care_teams_tip_cadence'), CADENCES)

    with op.batch_alter_table('patients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tip_cadence', sa.String(length=8), nullable=True))
        batch_op.create_check_constraint(batch_op.f('ck_patients_tip_cadence'), 'tip_cadence IS NULL OR ' + CADENCES)


def downgrade() -> None:
    with op.batch_alter_table('patients', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_patients_tip_cadence'), type_='check')
        batch_op.drop_column('tip_cadence')

    with op.batch_alter_table('care_teams', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_care_teams_tip_cadence'), type_='check')
        batch_op.drop_column('tip_cadence')
