"""contacts by every worker, the sealed history of corrections, and outcomes over time

Contacts gain the time, duration, method, sealed place, attendance and the kind of worker;
older rows keep their date and type, and get a method and attendance derived from the type.
case_corrections keeps each earlier value of an edited record, sealed under the person's key.
outcome_reviews holds the measurements at acceptance, review and exit (answers sealed).
safeguarding_concerns holds each concern, its statutory referral and outcome (text sealed).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01 13:30:00.000000

"""
from alembic import op
import sqlalchemy as sa

from shared.crypto.fields import Ciphertext
from shared.db import UTCDateTime


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_at', UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('duration_minutes', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('method', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('attendance', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('worker_role', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('source', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('place', Ciphertext(), nullable=True))
    # Older contacts were all a partner's; "no_show" was the only kind not attended.
    op.execute("UPDATE contacts SET worker_role = 'partner', "
               "attendance = CASE WHEN kind = 'no_show' THEN 'did_not_attend' "
               "ELSE 'attended' END, "
               "method = CASE WHEN kind = 'phone' THEN 'phone' ELSE 'in_person' END")
    op.create_table(
        'case_corrections',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('record_type', sa.String(length=20), nullable=False),
        sa.Column('record_uuid', sa.Uuid(), nullable=False),
        sa.Column('corrected_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('corrected_by_id', sa.Integer(), nullable=True),
        sa.Column('previous', Ciphertext(), nullable=True),
        sa.Column('reason', Ciphertext(), nullable=True),
        sa.Column('uuid', sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['corrected_by_id'], ['users.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('uuid'),
    )
    with op.batch_alter_table('case_corrections', schema=None) as batch_op:
        batch_op.create_index('ix_case_corrections_case_id', ['case_id'], unique=False)
        batch_op.create_index('ix_case_corrections_record', ['record_type', 'record_uuid'],
                              unique=False)

    op.create_table(
        'outcome_reviews',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('stage', sa.String(length=12), nullable=False),
        sa.Column('reviewed_on', sa.Date(), nullable=False),
        sa.Column('recorded_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        sa.Column('answers', Ciphertext(), nullable=True),
        sa.Column('uuid', sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('uuid'),
    )
    with op.batch_alter_table('outcome_reviews', schema=None) as batch_op:
        batch_op.create_index('ix_outcome_reviews_case_id', ['case_id'], unique=False)

    op.create_table(
        'safeguarding_concerns',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('category', sa.String(length=30), nullable=False),
        sa.Column('urgency', sa.String(length=12), nullable=False),
        sa.Column('raised_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('raised_by_id', sa.Integer(), nullable=True),
        sa.Column('referred_to', sa.String(length=30), nullable=True),
        sa.Column('referred_at', UTCDateTime(timezone=True), nullable=True),
        sa.Column('resolved_at', UTCDateTime(timezone=True), nullable=True),
        sa.Column('resolved_by_id', sa.Integer(), nullable=True),
        sa.Column('description', Ciphertext(), nullable=True),
        sa.Column('referral_reference', Ciphertext(), nullable=True),
        sa.Column('outcome', Ciphertext(), nullable=True),
        sa.Column('uuid', sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['raised_by_id'], ['users.id']),
        sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('uuid'),
    )
    with op.batch_alter_table('safeguarding_concerns', schema=None) as batch_op:
        batch_op.create_index('ix_safeguarding_concerns_case_id', ['case_id'], unique=False)


def downgrade():
    with op.batch_alter_table('safeguarding_concerns', schema=None) as batch_op:
        batch_op.drop_index('ix_safeguarding_concerns_case_id')
    op.drop_table('safeguarding_concerns')
    with op.batch_alter_table('outcome_reviews', schema=None) as batch_op:
        batch_op.drop_index('ix_outcome_reviews_case_id')
    op.drop_table('outcome_reviews')
    with op.batch_alter_table('case_corrections', schema=None) as batch_op:
        batch_op.drop_index('ix_case_corrections_record')
        batch_op.drop_index('ix_case_corrections_case_id')
    op.drop_table('case_corrections')
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_column('place')
        batch_op.drop_column('source')
        batch_op.drop_column('worker_role')
        batch_op.drop_column('attendance')
        batch_op.drop_column('method')
        batch_op.drop_column('duration_minutes')
        batch_op.drop_column('contact_at')
