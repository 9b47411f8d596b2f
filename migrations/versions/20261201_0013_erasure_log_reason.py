"""erasure log reason, sealed survey comments, the active KEK and its users in the database

- erasure_log: the request's reference and the reason typed (DPA 2018 s.62).
- survey_responses: a public id, and the free-text comment sealed with the answer's own data key
  (existing comments are sealed here, with the app's key ring; a downgrade opens them again).
- sar_redactions: items the DPO withholds from a subject access copy, with the sealed reason.
- people.index_version: the fold and key of a person's blind indexes (`crypto reindex-people`).
- kek_state, kek_workers: the active KEK every process follows, and which KEK each running
  process wraps under (so a KEK still in use is never retired).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 13:40:00.000000

"""
import uuid

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

RESPONSES = sa.table('survey_responses', sa.column('id', sa.Integer),
                     sa.column('uuid', sa.Uuid), sa.column('data_key_id', sa.Integer),
                     sa.column('comment', sa.Text), sa.column('comment_sealed', sa.LargeBinary))
KEYS = sa.table('data_keys', sa.column('id', sa.Integer), sa.column('uuid', sa.Uuid),
                sa.column('kek_id', sa.String), sa.column('wrapped', sa.LargeBinary),
                sa.column('created_at', sa.DateTime(timezone=True)))


def upgrade():
    op.create_table(
        'kek_state',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('active_kek', sa.String(length=32), nullable=False),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_kek_state')))
    op.create_table(
        'kek_workers',
        sa.Column('worker', sa.String(length=120), nullable=False),
        sa.Column('kek_id', sa.String(length=32), nullable=False),
        sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('worker', name=op.f('pk_kek_workers')))
    with op.batch_alter_table('kek_workers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kek_workers_seen_at'), ['seen_at'], unique=False)
    op.create_table(
        'sar_redactions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('request_id', sa.Integer(), nullable=False),
        sa.Column('item', sa.String(length=200), nullable=False),
        sa.Column('reason', sa.LargeBinary(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('uuid', sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name=op.f('fk_sar_redactions_created_by_id_users')),
        sa.ForeignKeyConstraint(['request_id'], ['subject_access_requests.id'],
                                name=op.f('fk_sar_redactions_request_id_subject_access_requests')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sar_redactions')),
        sa.UniqueConstraint('uuid', name=op.f('uq_sar_redactions_uuid')))
    with op.batch_alter_table('sar_redactions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sar_redactions_request_id'), ['request_id'],
                              unique=False)
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('index_version', sa.String(length=16), nullable=True))
        batch_op.create_index(batch_op.f('ix_people_index_version'), ['index_version'],
                              unique=False)
    with op.batch_alter_table('erasure_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('request_reference', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('reason', sa.Text(), nullable=True))

    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('uuid', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('data_key_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('comment_sealed', sa.LargeBinary(), nullable=True))
    _seal_existing_comments()
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.alter_column('uuid', existing_type=sa.Uuid(), nullable=False)
        batch_op.drop_column('comment')
        batch_op.alter_column('comment_sealed', new_column_name='comment',
                              existing_type=sa.LargeBinary())
        batch_op.create_unique_constraint(batch_op.f('uq_survey_responses_uuid'), ['uuid'])
        batch_op.create_unique_constraint(batch_op.f('uq_survey_responses_data_key_id'),
                                          ['data_key_id'])
        batch_op.create_foreign_key(batch_op.f('fk_survey_responses_data_key_id_data_keys'),
                                    'data_keys', ['data_key_id'], ['id'])


def downgrade():
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_survey_responses_data_key_id_data_keys'),
                                 type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_survey_responses_data_key_id'), type_='unique')
        batch_op.drop_constraint(batch_op.f('uq_survey_responses_uuid'), type_='unique')
        batch_op.alter_column('comment', new_column_name='comment_sealed',
                              existing_type=sa.LargeBinary())
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('comment', sa.Text(), nullable=True))
    _open_sealed_comments()
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.drop_column('comment_sealed')
        batch_op.drop_column('data_key_id')
        batch_op.drop_column('uuid')

    with op.batch_alter_table('erasure_log', schema=None) as batch_op:
        batch_op.drop_column('reason')
        batch_op.drop_column('request_reference')
    with op.batch_alter_table('sar_redactions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sar_redactions_request_id'))
    op.drop_table('sar_redactions')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_people_index_version'))
        batch_op.drop_column('index_version')
    with op.batch_alter_table('kek_workers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kek_workers_seen_at'))
    op.drop_table('kek_workers')
    op.drop_table('kek_state')


def _seal_existing_comments():
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from shared.crypto import envelope, keyring
    from shared.db import utcnow

    bind = op.get_bind()
    rows = bind.execute(sa.select(RESPONSES.c.id, RESPONSES.c.comment)).all()
    for row_id, comment in rows:
        row_uuid, values = uuid.uuid4(), {}
        if comment:
            kek_id, kek = keyring.ring_active_kek()
            key_uuid, raw = uuid.uuid4(), envelope.new_data_key()
            bind.execute(KEYS.insert().values(
                uuid=key_uuid, kek_id=kek_id, created_at=utcnow(),
                wrapped=envelope.wrap_key(AESGCM(kek), kek_id, key_uuid, raw)))
            values["data_key_id"] = bind.execute(
                sa.select(KEYS.c.id).where(KEYS.c.uuid == key_uuid)).scalar_one()
            values["comment_sealed"] = envelope.seal(
                envelope.FieldKey(key_uuid.bytes, AESGCM(raw)), 'survey_responses', 'comment',
                row_uuid, comment.encode('utf-8', 'surrogatepass'))
        bind.execute(RESPONSES.update().where(RESPONSES.c.id == row_id)
                     .values(uuid=row_uuid, **values))


def _open_sealed_comments():
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from shared.crypto import envelope, keyring

    bind = op.get_bind()
    rows = bind.execute(
        sa.select(RESPONSES.c.id, RESPONSES.c.uuid, RESPONSES.c.comment_sealed, KEYS.c.uuid,
                  KEYS.c.kek_id, KEYS.c.wrapped)
        .join(KEYS, KEYS.c.id == RESPONSES.c.data_key_id)
        .where(RESPONSES.c.comment_sealed.is_not(None))).all()
    for row_id, row_uuid, blob, key_uuid, kek_id, wrapped in rows:
        raw = envelope.unwrap_key(AESGCM(keyring.kek(kek_id)), kek_id, key_uuid, wrapped)
        plain = envelope.open_sealed(envelope.FieldKey(key_uuid.bytes, AESGCM(raw)),
                                     'survey_responses', 'comment', row_uuid, bytes(blob))
        bind.execute(RESPONSES.update().where(RESPONSES.c.id == row_id)
                     .values(comment=plain.decode('utf-8', 'surrogatepass')))
