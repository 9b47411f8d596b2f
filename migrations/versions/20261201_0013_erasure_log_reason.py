"""erasure log reason: the request's reference and the reason typed (DPA 2018 s.62)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 13:40:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('erasure_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('request_reference', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('reason', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('erasure_log', schema=None) as batch_op:
        batch_op.drop_column('reason')
        batch_op.drop_column('request_reference')
