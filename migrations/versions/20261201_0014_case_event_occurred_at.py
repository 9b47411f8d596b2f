"""case event occurred_at: the timeline shows when a thing happened, not only when it was typed

A release from custody or a follow-up meeting is often recorded hours after it happened; the
entry keeps both (occurred_at is null when the two are the same moment).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 13:50:00.000000

"""
import sqlalchemy as sa
from alembic import op

import shared.db

# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('occurred_at', shared.db.UTCDateTime(timezone=True),
                                      nullable=True))


def downgrade():
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.drop_column('occurred_at')
