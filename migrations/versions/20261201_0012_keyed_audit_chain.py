"""keyed audit chain: key id and source address on each entry; audit_head and TRUNCATE guarded

Entries written from now on carry the id of the audit key their MAC is under (NULL marks the
unkeyed entries from before) and the request's source address. The database refuses TRUNCATE
of either audit table (PostgreSQL), deleting the head, a second head row, and moving the head
anywhere but one entry forward.

Columns are added with plain ALTER TABLE (never a batch copy): on SQLite a batch rebuild
would drop the append-only triggers with the old table.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 13:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


GUARDS = {
    "postgresql": [
        """CREATE FUNCTION audit_refuse_truncate() RETURNS trigger AS $$
           BEGIN RAISE EXCEPTION '% is append-only: it cannot be truncated', TG_TABLE_NAME; END;
           $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
           FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate()""",
        """CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
           FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate()""",
        """CREATE FUNCTION audit_head_guard() RETURNS trigger AS $$
           BEGIN
             IF TG_OP = 'DELETE' THEN
               RAISE EXCEPTION 'audit_head is append-only: it cannot be deleted';
             END IF;
             IF TG_OP = 'INSERT' THEN
               IF EXISTS (SELECT 1 FROM audit_head) THEN
                 RAISE EXCEPTION 'audit_head is append-only: it has one row';
               END IF;
               RETURN NEW;
             END IF;
             IF NEW.id <> OLD.id OR NEW.seq < OLD.seq OR NEW.seq > OLD.seq + 1 THEN
               RAISE EXCEPTION 'audit_head is append-only: it moves one entry forward at a time';
             END IF;
             RETURN NEW;
           END; $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER audit_head_forward_only BEFORE INSERT OR UPDATE OR DELETE ON audit_head
           FOR EACH ROW EXECUTE FUNCTION audit_head_guard()""",
    ],
    "sqlite": [
        """CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
           BEGIN SELECT RAISE(ABORT, 'audit_head is append-only: it cannot be deleted'); END""",
        """CREATE TRIGGER audit_head_one_row BEFORE INSERT ON audit_head
           WHEN (SELECT count(*) FROM audit_head) > 0
           BEGIN SELECT RAISE(ABORT, 'audit_head is append-only: it has one row'); END""",
        """CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_head
           WHEN NEW.id <> OLD.id OR NEW.seq < OLD.seq OR NEW.seq > OLD.seq + 1
           BEGIN SELECT RAISE(ABORT,
             'audit_head is append-only: it moves one entry forward at a time'); END""",
    ],
}
GUARD_DROPS = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS audit_head_forward_only ON audit_head",
        "DROP TRIGGER IF EXISTS audit_head_no_truncate ON audit_head",
        "DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events",
        "DROP FUNCTION IF EXISTS audit_head_guard()",
        "DROP FUNCTION IF EXISTS audit_refuse_truncate()",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS audit_head_forward_only",
        "DROP TRIGGER IF EXISTS audit_head_one_row",
        "DROP TRIGGER IF EXISTS audit_head_no_delete",
    ],
}


def upgrade():
    op.add_column('audit_events', sa.Column('source_address', sa.String(length=45), nullable=True))
    op.add_column('audit_events', sa.Column('key_id', sa.String(length=16), nullable=True))
    for statement in GUARDS.get(op.get_bind().dialect.name, []):
        op.execute(statement)
    unkeyed = op.get_bind().execute(sa.text("SELECT max(seq) FROM audit_events")).scalar()
    if unkeyed:
        print(f"Audit entries 1 to {unkeyed} predate the keyed chain: set "
              f"AUDIT_UNKEYED_UNTIL={unkeyed} so `flask audit verify` accepts their unkeyed "
              "hashes, then run `flask audit checkpoint`.")


def downgrade():
    for statement in GUARD_DROPS.get(op.get_bind().dialect.name, []):
        op.execute(statement)
    # Dropping a column is a table rebuild on SQLite: lift the append-only triggers around it.
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_column('key_id')
        batch_op.drop_column('source_address')
    if dialect == "sqlite":
        op.execute("""CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
           BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END""")
        op.execute("""CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
           BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END""")
