"""report counts and case facts (the statistics rollup)

Cases that exist before this revision are counted by `flask reports rebuild`.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 07:26:54.759248

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('report_case_facts',
    sa.Column('case_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('programme', sa.String(length=20), nullable=False),
    sa.Column('bcu_id', sa.Integer(), nullable=False),
    sa.Column('contributions', sa.String(length=600), nullable=False),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_report_case_facts'))
    )
    op.create_table('report_counts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('programme', sa.String(length=20), nullable=False),
    sa.Column('bcu_id', sa.Integer(), nullable=False),
    sa.Column('measure', sa.String(length=24), nullable=False),
    sa.Column('value', sa.String(length=40), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_counts')),
    sa.UniqueConstraint('month', 'programme', 'bcu_id', 'measure', 'value', name='uq_report_counts_key')
    )
    with op.batch_alter_table('report_counts', schema=None) as batch_op:
        batch_op.create_index('ix_report_counts_level', ['programme', 'bcu_id', 'measure', 'month', 'value', 'n'], unique=False)


def downgrade():
    with op.batch_alter_table('report_counts', schema=None) as batch_op:
        batch_op.drop_index('ix_report_counts_level')

    op.drop_table('report_counts')
    op.drop_table('report_case_facts')
