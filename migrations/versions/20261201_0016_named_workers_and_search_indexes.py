"""named workers and search indexes: a case's coordinator and youth worker; people's search
blind indexes (surname, surname prefix, surname prefix + birth year, date of birth)

Existing people get their search indexes from `flask crypto reindex-people` (the key that
computes them is not available to a migration): their index version is cleared, so that
command re-makes every index of theirs, the new ones included.

Revision ID: 0016
Revises: 0014
Create Date: 2026-12-01 13:30:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0014'
branch_labels = None
depends_on = None

PEOPLE_INDEXES = ('surname_index', 'surname_prefix_index', 'surname_prefix_year_index',
                  'dob_index')


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('coordinator_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('worker_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_cases_coordinator_id_users', 'users',
                                    ['coordinator_id'], ['id'])
        batch_op.create_foreign_key('fk_cases_worker_id_users', 'users', ['worker_id'], ['id'])
        batch_op.create_index('ix_cases_coordinator_status_submitted',
                              ['coordinator_id', 'status', 'submitted_at', 'id'], unique=False)
        batch_op.create_index('ix_cases_worker_status_submitted',
                              ['worker_id', 'status', 'submitted_at', 'id'], unique=False)
    # The priority sort's key is an expression (shared/cases/models.py: PRIORITY_RANK).
    op.create_index('ix_cases_priority_rank_submitted', 'cases',
                    [sa.text('coalesce(priority, 9)'), 'submitted_at', 'id'])
    with op.batch_alter_table('people', schema=None) as batch_op:
        for name in PEOPLE_INDEXES:
            batch_op.add_column(sa.Column(name, sa.String(length=32), nullable=True))
            batch_op.create_index(batch_op.f(f'ix_people_{name}'), [name], unique=False)
    op.execute("UPDATE people SET index_version = NULL")


def downgrade():
    with op.batch_alter_table('people', schema=None) as batch_op:
        for name in PEOPLE_INDEXES:
            batch_op.drop_index(batch_op.f(f'ix_people_{name}'))
            batch_op.drop_column(name)
    op.drop_index('ix_cases_priority_rank_submitted', table_name='cases')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_worker_status_submitted')
        batch_op.drop_index('ix_cases_coordinator_status_submitted')
        batch_op.drop_constraint('fk_cases_worker_id_users', type_='foreignkey')
        batch_op.drop_constraint('fk_cases_coordinator_id_users', type_='foreignkey')
        batch_op.drop_column('worker_id')
        batch_op.drop_column('coordinator_id')
