"""Finding 1 of issue 18, reproduced: someone who can write to the database (but holds no audit
key) rewrites, deletes from or truncates the audit log and re-hashes it; the keyed chain and
the checkpoint outside the database say which. Also the database's own guards."""

from __future__ import annotations

import json
import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from shared.audit import checkpoint as checkpoints
from shared.audit import services as audit
from shared.audit.chain import DELETION, REWRITING, TRUNCATION, event_hash, verify_chain
from shared.audit.models import GENESIS_HASH, AuditEvent, AuditHead
from shared.extensions import db

# Everything that guards the two audit tables, lifted as a table owner could.
LIFT = {
    "sqlite": [f"DROP TRIGGER {name}" for name in (
        "audit_events_no_update", "audit_events_no_delete", "audit_head_no_delete",
        "audit_head_one_row", "audit_head_forward_only")],
    "postgresql": ["ALTER TABLE audit_events DISABLE TRIGGER USER",
                   "ALTER TABLE audit_head DISABLE TRIGGER USER"],
}


def _dialect() -> str:
    return db.engine.dialect.name


@contextmanager
def owner_tampering():
    """A session with every audit guard lifted; all of it rolled back afterwards."""
    connection = db.engine.connect()
    transaction = connection.begin()
    connection.execute(text("UPDATE audit_head SET seq = seq"))  # SQLite: DDL inside it
    for statement in LIFT[_dialect()]:
        connection.execute(text(statement))
    session = Session(bind=connection, autoflush=False)
    try:
        yield session
    finally:
        session.close()
        transaction.rollback()
        connection.close()


def _rehash_from(session: Session, seq: int) -> None:
    """Re-chain every entry from SEQ on with the unkeyed SHA-256, and move the head to match."""
    previous = session.get(AuditEvent, seq - 1)
    prev_hash = previous.hash if previous else GENESIS_HASH
    last = seq - 1
    for event in session.scalars(select(AuditEvent).where(AuditEvent.seq >= seq)
                                 .order_by(AuditEvent.seq)):
        event.prev_hash = prev_hash
        event.hash = prev_hash = event_hash(event)
        last = event.seq
    session.execute(text("UPDATE audit_head SET seq = :s, last_hash = :h"),
                    {"s": last, "h": prev_hash})
    session.flush()


def _append(actions: list[tuple[str, object]]) -> list[int]:
    events = [audit.record(action, "person", subject, detail="repro")
              for action, subject in actions]
    db.session.commit()
    return [e.seq for e in events]


def _checkpoint() -> checkpoints.Checkpoint:
    anchor = checkpoints.take(db.session)
    db.session.rollback()
    return anchor


def test_an_erase_rewritten_as_a_view_and_rehashed_is_not_intact(app):
    person = uuid.uuid4()
    seqs = _append([("view", person), ("erase", person), ("view", uuid.uuid4())])
    anchor = _checkpoint()
    with owner_tampering() as session:
        session.get(AuditEvent, seqs[1]).action = "view"
        _rehash_from(session, seqs[1])
        without, against = verify_chain(session), verify_chain(session, anchor)
    assert not without.ok and without.kind == REWRITING and without.bad_seq == seqs[1]
    assert not against.ok and against.kind == REWRITING and against.bad_seq == seqs[1]


def test_one_persons_events_deleted_and_the_rest_renumbered_is_a_deletion(app):
    person, other = uuid.uuid4(), uuid.uuid4()
    seqs = _append([("view", other), ("view", person), ("view", other), ("change", person),
                    ("view", other)])
    anchor = _checkpoint()
    with owner_tampering() as session:
        session.execute(text("DELETE FROM audit_events WHERE object_uuid = :p"),
                        {"p": person.hex if _dialect() == "sqlite" else person})
        kept = session.scalars(select(AuditEvent.seq).where(AuditEvent.seq >= seqs[1])
                               .order_by(AuditEvent.seq)).all()
        for new_seq, old_seq in enumerate(kept, start=seqs[1]):
            session.execute(text("UPDATE audit_events SET seq = :n WHERE seq = :o"),
                            {"n": new_seq, "o": old_seq})
        _rehash_from(session, seqs[1])
        without, against = verify_chain(session), verify_chain(session, anchor)
    assert not without.ok and without.bad_seq == seqs[1]
    assert not against.ok and against.kind == DELETION
    assert "deleted and the rest renumbered" in against.reason


def test_a_gap_left_by_a_deletion_is_named_a_deletion(app):
    seqs = _append([("view", None)] * 3)
    with owner_tampering() as session:
        session.execute(text("DELETE FROM audit_events WHERE seq = :s"), {"s": seqs[1]})
        result = verify_chain(session, _checkpoint())
    assert not result.ok and result.kind == DELETION and result.bad_seq == seqs[1]


def test_a_truncated_log_with_its_head_reset_is_not_intact(app):
    _append([("view", None)] * 2)
    anchor = _checkpoint()
    with owner_tampering() as session:
        statement = ("TRUNCATE audit_events" if _dialect() == "postgresql"
                     else "DELETE FROM audit_events")
        session.execute(text(statement))
        session.execute(text("UPDATE audit_head SET seq = 0, last_hash = :g"),
                        {"g": GENESIS_HASH})
        internally = verify_chain(session)
        result = verify_chain(session, anchor)
    assert internally.ok, "an empty chain is consistent on its own: only the anchor tells"
    assert not result.ok and result.kind == TRUNCATION
    assert "it is empty" in result.reason


def test_entries_cut_from_the_end_with_the_head_moved_back_are_a_truncation(app):
    seqs = _append([("view", None)] * 3)
    anchor = _checkpoint()
    with owner_tampering() as session:
        session.execute(text("DELETE FROM audit_events WHERE seq >= :s"), {"s": seqs[1]})
        kept = session.get(AuditEvent, seqs[0])
        session.execute(text("UPDATE audit_head SET seq = :s, last_hash = :h"),
                        {"s": kept.seq, "h": kept.hash})
        assert verify_chain(session).ok
        result = verify_chain(session, anchor)
    assert result.kind == TRUNCATION and result.bad_seq == seqs[1]


def test_a_checkpoint_altered_outside_the_database_is_refused(app):
    _append([("view", None)])
    anchor = _checkpoint()
    forged = checkpoints.Checkpoint(**{**anchor.__dict__, "mac": "f" * 64})
    result = verify_chain(db.session, forged)
    assert not result.ok and "signature" in result.reason


def test_an_intact_chain_holds_against_its_checkpoint(app):
    _append([("view", None)])
    anchor = _checkpoint()
    _append([("view", None)])
    result = verify_chain(db.session, anchor)
    assert result.ok and result.checkpoint_seq == anchor.seq


def test_entries_name_their_audit_key_and_verify_after_the_key_rotates(app):
    ring = app.config["KEY_RING"]["audit"]
    old_active = ring["active"]
    ring["keys"]["a-rotated"] = b"\x07" * 32
    ring["active"] = "a-rotated"
    try:
        (seq,) = _append([("view", None)])
        assert db.session.get(AuditEvent, seq).key_id == "a-rotated"
        assert verify_chain(db.session).ok
        key = ring["keys"].pop("a-rotated")
        missing = verify_chain(db.session)
        ring["keys"]["a-rotated"] = key
    finally:
        ring["active"] = old_active  # the key stays: the suite's chain holds an entry under it
    assert not missing.ok and "'a-rotated'" in missing.reason
    assert verify_chain(db.session).ok


def test_unkeyed_entries_are_accepted_only_up_to_audit_unkeyed_until(app):
    seqs = _append([("view", None)] * 2)
    with owner_tampering() as session:
        for seq in seqs:
            event = session.get(AuditEvent, seq)
            event.key_id = None
        _rehash_from(session, seqs[0])
        result = verify_chain(session)
    assert not result.ok and "AUDIT_UNKEYED_UNTIL" in result.reason


@pytest.mark.parametrize("statement", [
    "DELETE FROM audit_head",
    "UPDATE audit_head SET seq = seq - 1",
    "UPDATE audit_head SET seq = seq + 2",
    "INSERT INTO audit_head (id, seq, last_hash) VALUES (2, 0, 'x')",
])
def test_the_database_keeps_the_head_moving_forward_only(app, statement):
    _append([("view", None)])
    with db.engine.connect() as connection, pytest.raises(DBAPIError, match="append-only"):
        connection.execute(text(statement))


@pytest.mark.parametrize("table", ["audit_events", "audit_head"])
def test_postgresql_refuses_to_truncate_the_audit_tables(app, table):
    if _dialect() != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's; on SQLite the DELETE triggers refuse it")
    with db.engine.connect() as connection, pytest.raises(DBAPIError, match="append-only"):
        connection.execute(text(f"TRUNCATE {table}"))


def test_every_request_records_its_source_address(app, client):
    client.get("/login", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    client.post("/login", data={"email": "nobody@example.test", "password": "x" * 12},
                environ_base={"REMOTE_ADDR": "203.0.113.9"})
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert event.action == "login_failed" and event.source_address == "203.0.113.9"


def test_checkpoint_command_appends_a_signed_line_and_verify_holds_the_chain_to_it(app,
                                                                                    tmp_path):
    path = tmp_path / "checkpoints.jsonl"
    runner = app.test_cli_runner()
    _append([("view", None)])
    assert runner.invoke(args=["audit", "checkpoint", str(path)]).exit_code == 0
    _append([("view", None)])
    assert runner.invoke(args=["audit", "checkpoint", str(path)]).exit_code == 0
    lines = path.read_text().splitlines()
    assert len(lines) == 2 and (path.stat().st_mode & 0o777) == 0o600
    head = db.session.get(AuditHead, 1)
    assert json.loads(lines[-1])["seq"] == head.seq
    result = runner.invoke(args=["audit", "verify", "--checkpoint", str(path)])
    assert result.exit_code == 0, result.output
    assert f"holds entry {head.seq}" in result.output


def test_checkpoint_to_standard_output_prints_one_json_line(app):
    result = app.test_cli_runner().invoke(args=["audit", "checkpoint", "-"])
    assert result.exit_code == 0
    line = json.loads(result.output.strip().splitlines()[-1])
    assert {"seq", "mac", "at", "key_id", "signature"} <= set(line)


def test_verify_refuses_a_checkpoint_whose_signature_is_wrong(app, tmp_path):
    path = tmp_path / "checkpoints.jsonl"
    runner = app.test_cli_runner()
    runner.invoke(args=["audit", "checkpoint", str(path)])
    line = json.loads(path.read_text())
    line["seq"] -= 1
    path.write_text(json.dumps(line) + "\n")
    result = runner.invoke(args=["audit", "verify", "--checkpoint", str(path)])
    assert result.exit_code == 1
    assert "signature" in result.output


def test_verify_without_a_checkpoint_warns_that_truncation_goes_unseen(app, tmp_path):
    result = app.test_cli_runner().invoke(
        args=["audit", "verify", "--checkpoint", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 0
    assert "no checkpoint" in result.output


def test_the_audit_log_page_holds_the_chain_against_the_configured_checkpoint(app, client,
                                                                               auth, make_user,
                                                                               tmp_path):
    from shared.audit import keys

    auth.login(make_user("dpo"))
    anchor = _checkpoint()
    ahead = checkpoints.Checkpoint(seq=anchor.seq + 5, mac="a" * 64, at=anchor.at,
                                   key_id=anchor.key_id)
    ahead.signature = keys.mac(keys.key(ahead.key_id), ahead._message())
    path = tmp_path / "checkpoints.jsonl"
    path.write_text(ahead.to_line() + "\n")
    app.config["AUDIT_CHECKPOINT_FILE"] = str(path)
    try:
        page = client.get("/privacy/audit").get_data(as_text=True)
    finally:
        app.config["AUDIT_CHECKPOINT_FILE"] = None
    assert "Broken" in page and "truncation" in page
