"""The hash-chained audit log: appends, verification, tamper detection, append-only."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from shared.audit import services as audit
from shared.audit.chain import verify_chain
from shared.audit.models import AuditEvent
from shared.extensions import db

GUARDS_OFF = {
    "sqlite": ["DROP TRIGGER audit_events_no_update", "DROP TRIGGER audit_events_no_delete"],
    "postgresql": ["ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only"],
}


def _append(n: int = 3) -> list[int]:
    events = [audit.record("view", "person", detail=f"test {i}") for i in range(n)]
    db.session.commit()
    return [e.seq for e in events]


@contextmanager
def tampering():
    """A connection with the append-only guard lifted, all rolled back afterwards."""
    connection = db.engine.connect()
    transaction = connection.begin()
    # Open the transaction with a write first: SQLite DDL then stays inside it.
    connection.execute(text("UPDATE audit_head SET seq = seq"))
    for statement in GUARDS_OFF[db.engine.dialect.name]:
        connection.execute(text(statement))
    try:
        yield connection
    finally:
        transaction.rollback()
        connection.close()


def test_events_link_to_the_previous_hash_and_the_chain_verifies(app):
    seqs = _append(3)
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.seq.in_(seqs))
                                .order_by(AuditEvent.seq)).all()
    assert events[1].prev_hash == events[0].hash
    assert events[2].prev_hash == events[1].hash
    assert verify_chain(db.session).ok


def test_an_altered_entry_is_named_as_the_first_bad_one(app):
    seqs = _append(3)
    with tampering() as connection:
        connection.execute(text("UPDATE audit_events SET action = 'create' WHERE seq = :s"),
                           {"s": seqs[1]})
        result = verify_chain(Session(bind=connection))
    assert not result.ok
    assert result.bad_seq == seqs[1]
    assert "altered" in result.reason


def test_an_entry_rehashed_without_the_audit_key_is_named_as_altered(app):
    from shared.audit.chain import event_hash

    seqs = _append(3)
    with tampering() as connection:
        session = Session(bind=connection)
        forged = session.get(AuditEvent, seqs[0])
        forged.detail = "forged"
        forged.hash = event_hash(forged)
        session.flush()
        result = verify_chain(session)
    assert result.bad_seq == seqs[0]
    assert "altered" in result.reason


def test_a_forgery_made_with_the_audit_key_still_breaks_the_next_link(app):
    from shared.audit import keys
    from shared.audit.chain import event_mac

    seqs = _append(3)
    with tampering() as connection:
        session = Session(bind=connection)
        forged = session.get(AuditEvent, seqs[0])
        forged.detail = "forged"
        forged.hash = event_mac(forged, keys.key(forged.key_id))
        session.flush()
        result = verify_chain(session)
    assert result.bad_seq == seqs[1]
    assert "does not link" in result.reason


def test_a_deleted_entry_is_detected(app):
    seqs = _append(3)
    with tampering() as connection:
        connection.execute(text("DELETE FROM audit_events WHERE seq = :s"), {"s": seqs[1]})
        result = verify_chain(Session(bind=connection))
    assert result.bad_seq == seqs[1]
    assert "missing" in result.reason


def test_entries_cut_from_the_end_are_detected(app):
    seqs = _append(2)
    with tampering() as connection:
        connection.execute(text("DELETE FROM audit_events WHERE seq = :s"), {"s": seqs[-1]})
        result = verify_chain(Session(bind=connection))
    assert not result.ok
    assert "end of the log" in result.reason


@pytest.mark.parametrize("statement", ["UPDATE audit_events SET detail = 'x'",
                                       "DELETE FROM audit_events"])
def test_the_database_refuses_to_change_or_delete_audit_events(app, statement):
    _append(1)
    with db.engine.connect() as connection, pytest.raises(DBAPIError, match="append-only"):
        connection.execute(text(statement))


def test_the_audit_record_is_part_of_the_change_it_records(app):
    before = db.session.scalar(select(db.func.max(AuditEvent.seq)))
    audit.record("change", "person")
    db.session.rollback()
    after = db.session.scalar(select(db.func.max(AuditEvent.seq)))
    assert before == after
    assert verify_chain(db.session).ok


def test_unknown_actions_are_refused(app):
    with pytest.raises(ValueError, match="unknown audit action"):
        audit.record("peek")


def test_audit_verify_command_exits_zero_on_an_intact_chain(app):
    _append(2)
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0
    assert "Audit chain intact" in result.output


def test_audit_verify_command_exits_one_naming_the_first_bad_entry(app):
    seqs = _append(2)
    dialect = db.engine.dialect.name
    original = db.session.get(AuditEvent, seqs[0]).detail
    db.session.rollback()
    _set_detail_bypassing_guards(dialect, seqs[0], "tampered")
    try:
        result = app.test_cli_runner().invoke(args=["audit", "verify"])
    finally:
        _set_detail_bypassing_guards(dialect, seqs[0], original)
    assert result.exit_code == 1
    assert f"BROKEN at entry {seqs[0]}" in result.output
    assert verify_chain(db.session).ok


def _set_detail_bypassing_guards(dialect: str, seq: int, detail: str) -> None:
    """Commit a change to one entry with the guard lifted, then restore the guard."""
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE audit_head SET seq = seq"))
        for statement in GUARDS_OFF[dialect]:
            connection.execute(text(statement))
        connection.execute(text("UPDATE audit_events SET detail = :d WHERE seq = :s"),
                           {"d": detail, "s": seq})
        _restore_guards(connection, dialect)


def _restore_guards(connection, dialect: str) -> None:
    if dialect == "postgresql":
        connection.execute(text("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only"))
        return
    import importlib.util
    from pathlib import Path

    path = next((Path(__file__).parent.parent / "migrations" / "versions").glob("*_0001_*.py"))
    spec = importlib.util.spec_from_file_location("first_migration", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    for statement in migration.AUDIT_GUARDS["sqlite"]:
        connection.execute(text(statement))
