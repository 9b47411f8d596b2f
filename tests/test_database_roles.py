"""Finding 1's last bullet (issue 18): on PostgreSQL the app runs as a role that owns nothing,
so it cannot UPDATE, DELETE or TRUNCATE audit rows, nor drop or disable the triggers, while
the app's own writes (audit included) still work."""

from __future__ import annotations

import secrets

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from shared.audit import services as audit
from shared.audit.chain import verify_chain
from shared.extensions import db

pytestmark = pytest.mark.usefixtures("app")


@pytest.fixture
def app_role(app):
    """A fresh role given the app's rights by `flask database grant-app-role`; dropped after."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("database roles are PostgreSQL's")
    role = f"divert_app_{secrets.token_hex(4)}"
    with db.engine.begin() as connection:
        connection.execute(text(f"CREATE ROLE {role} NOLOGIN"))
    result = app.test_cli_runner().invoke(args=["database", "grant-app-role", role])
    assert result.exit_code == 0, result.output
    yield role
    with db.engine.begin() as connection:
        connection.execute(text(f"DROP OWNED BY {role}"))
        connection.execute(text(f"DROP ROLE {role}"))


def _as(role: str, statement: str, params: dict | None = None):
    """Run STATEMENT as ROLE, in a transaction rolled back afterwards."""
    with db.engine.connect() as connection, connection.begin() as transaction:
        connection.execute(text(f"SET LOCAL ROLE {role}"))
        try:
            result = connection.execute(text(statement), params or {})
            return result.fetchall() if result.returns_rows else None
        finally:
            transaction.rollback()


@pytest.mark.parametrize("statement, refusal", [
    ("UPDATE audit_events SET detail = 'x'", "permission denied"),
    ("DELETE FROM audit_events", "permission denied"),
    ("TRUNCATE audit_events", "permission denied"),
    ("DELETE FROM audit_head", "permission denied"),
    ("TRUNCATE audit_head", "permission denied"),
    ("UPDATE audit_head SET id = 2", "permission denied"),
    ("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only", "must be owner"),
    ("ALTER TABLE audit_events DISABLE TRIGGER USER", "must be owner"),
    ("DROP TRIGGER audit_events_append_only ON audit_events", "must be owner"),
    ("DROP TRIGGER audit_head_forward_only ON audit_head", "must be owner"),
    ("DROP FUNCTION audit_events_refuse_change() CASCADE", "must be owner"),
    ("DROP TABLE audit_events", "must be owner"),
])
def test_the_app_role_cannot_change_the_audit_log_or_its_guards(app_role, statement, refusal):
    with pytest.raises(DBAPIError, match=refusal):
        _as(app_role, statement)


def test_the_app_role_owns_nothing(app_role):
    owned = db.session.execute(text(
        "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
        "WHERE r.rolname = :role"), {"role": app_role}).scalar()
    assert owned == 0


def test_the_app_role_reads_and_appends_to_the_audit_log(app_role):
    assert _as(app_role, "SELECT count(*) FROM audit_events")
    audit.record("view", "person", detail="before the role")
    db.session.commit()
    with db.engine.connect() as connection, connection.begin() as transaction:
        connection.execute(text(f"SET LOCAL ROLE {app_role}"))
        # The app's write path: move the head one forward, append an entry (all rolled back).
        connection.execute(text("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 "
                                "RETURNING seq, last_hash")).one()
        connection.execute(text("SELECT seq FROM audit_events ORDER BY seq DESC LIMIT 1"))
        transaction.rollback()
    assert verify_chain(db.session).ok


def test_the_app_runs_its_audited_writes_as_the_app_role(app, app_role, database_url):
    from config import TestConfig
    from wsgi import build

    config = TestConfig(database_url)
    # The suite's ring: the chain so far holds entries under keys other tests added to it.
    config.KEY_RING = app.config["KEY_RING"]
    config.SQLALCHEMY_ENGINE_OPTIONS = {"connect_args": {"options": f"-c role={app_role}"}}
    as_app = build(config)
    with as_app.app_context():
        assert db.session.execute(text("SELECT current_user")).scalar() == app_role
        event = audit.record("view", "person", detail="written by the app role")
        db.session.commit()
        assert event.seq and verify_chain(db.session).ok
        db.session.remove()
        db.engine.dispose()


def test_the_command_refuses_a_bad_role_name(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("database roles are PostgreSQL's")
    result = app.test_cli_runner().invoke(args=["database", "grant-app-role", "x; DROP TABLE"])
    assert result.exit_code != 0 and "role name" in result.output
