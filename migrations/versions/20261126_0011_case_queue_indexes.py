"""case queue indexes: each paged case list reads one page straight off an index

The coordinator's triage queue (status, oldest first), open cases (priority, then oldest) and
a partner's caseload (organisation, status, oldest first). Declared beside the queries in shared/cases/queries.py.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26 08:10:01.448001

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_partner_status_submitted', ['partner_organisation_id', 'status', 'submitted_at', 'id'], unique=False)
        batch_op.create_index('ix_cases_status_submitted', ['status', 'submitted_at', 'id'], unique=False)
        batch_op.create_index('ix_cases_priority_submitted', ['priority', 'submitted_at', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_priority_submitted')
        batch_op.drop_index('ix_cases_status_submitted')
        batch_op.drop_index('ix_cases_partner_status_submitted')
