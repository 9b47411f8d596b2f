"""Key rotation: re-wrapping in committed batches, resumable, never leaving a row unreadable."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select, text

from shared.audit.models import AuditEvent
from shared.crypto import keyring, rotation
from shared.crypto.datakeys import DataKey
from shared.extensions import db
from shared.people.models import Person


class SimulatedCrashError(Exception):
    """Stands in for a crash or Ctrl-C part way through a rotation."""


def _people(make_person, count: int) -> dict:
    names = {make_person(first_name=f"Person {n}").uuid: f"Person {n}" for n in range(count)}
    db.session.commit()
    return names


def _assert_all_readable(names: dict) -> None:
    db.session.expunge_all()
    found = {p.uuid: p.first_name for p in db.session.scalars(select(Person))}
    assert found == names


def test_interrupted_rotation_leaves_every_row_readable_and_a_rerun_finishes(
        app, make_person, ring_file):
    names = _people(make_person, 25)
    keyring.add_new_key()

    def crash_after_first_batch(count):
        _assert_all_readable(names)  # mid-rotation: some rows under k1, some under k2
        raise SimulatedCrashError

    with pytest.raises(SimulatedCrashError):
        rotation.rewrap_pending(batch_size=10, progress=crash_after_first_batch)
    db.session.rollback()
    assert rotation.counts_by_kek() == {"k1": 15, "k2": 10}
    _assert_all_readable(names)

    seen = []
    assert rotation.rewrap_pending(batch_size=10, progress=seen.append) == 15
    assert seen == [10, 5]
    assert rotation.counts_by_kek() == {"k2": 25}
    _assert_all_readable(names)


def test_rotation_changes_the_wrapping_but_not_the_field_ciphertexts(app, make_person, ring_file):
    person = make_person(first_name="Amara")
    db.session.commit()
    field_before = person._first_name
    wrapped_before = person.data_key.wrapped
    keyring.add_new_key()
    rotation.rewrap_pending()
    db.session.expunge_all()
    fresh = db.session.scalar(select(Person))
    assert fresh._first_name == field_before
    assert fresh.data_key.wrapped != wrapped_before
    assert fresh.first_name == "Amara"


def test_a_key_shredded_during_rotation_stays_shredded(app, make_person, ring_file, monkeypatch):
    names = _people(make_person, 3)
    keyring.add_new_key()
    real_next_batch = rotation._next_batch
    victim = db.session.scalar(select(DataKey.id).order_by(DataKey.id))

    def erase_meanwhile(*args):
        rows = real_next_batch(*args)
        # Another process erases a person after this batch was read, before it is written.
        db.session.execute(text("UPDATE data_keys SET wrapped = NULL, kek_id = NULL "
                                "WHERE id = :id"), {"id": victim})
        return rows

    monkeypatch.setattr(rotation, "_next_batch", erase_meanwhile)
    rotation.rewrap_pending()
    assert rotation.counts_by_kek() == {"k2": 2, None: 1}
    assert db.session.get(DataKey, victim).wrapped is None
    db.session.expunge_all()
    readable = {p.uuid: p.first_name for p in db.session.scalars(select(Person))
                if p.data_key_id != victim}
    assert readable == {u: n for u, n in names.items() if u in readable}
    assert len(readable) == 2


def test_new_data_keys_are_wrapped_under_the_promoted_key(app, make_person, ring_file):
    keyring.add_new_key()
    person = make_person()
    assert person.data_key.kek_id == "k2"


def test_rotate_new_key_saves_the_ring_file_and_rewraps_everything(app, make_person, ring_file):
    names = _people(make_person, 7)
    before = _audit_count("key_rotated")
    result = app.test_cli_runner().invoke(args=["crypto", "rotate", "--new-key",
                                                "--batch-size", "3"])
    assert result.exit_code == 0, result.output
    assert "added k2 and made it active (was k1)" in result.output
    assert "7 data keys re-wrapped" in result.output
    saved = json.loads(ring_file.read_text())
    assert saved["active"] == "k2" and sorted(saved["keys"]) == ["k1", "k2"]
    assert ring_file.stat().st_mode & 0o777 == 0o600
    assert app.config["KEY_RING"]["active"] == "k2"  # the in-memory ring follows the file
    assert rotation.counts_by_kek() == {"k2": 7}
    assert _audit_count("key_rotated") == before + 2
    _assert_all_readable(names)


def test_rotate_never_prints_key_material(app, make_person, ring_file):
    _people(make_person, 2)
    result = app.test_cli_runner().invoke(args=["crypto", "rotate", "--new-key"])
    for key in json.loads(ring_file.read_text())["keys"].values():
        assert key not in result.output


def test_an_interrupted_rotate_command_is_finished_by_running_it_again(
        app, make_person, ring_file, monkeypatch):
    names = _people(make_person, 9)
    real_next_batch, calls = rotation._next_batch, []

    def crash_on_second_batch(*args):
        calls.append(args)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_next_batch(*args)

    monkeypatch.setattr(rotation, "_next_batch", crash_on_second_batch)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["crypto", "rotate", "--new-key", "--batch-size", "4"])
    assert result.exit_code != 0
    assert rotation.counts_by_kek() == {"k1": 5, "k2": 4}
    _assert_all_readable(names)

    monkeypatch.setattr(rotation, "_next_batch", real_next_batch)
    result = runner.invoke(args=["crypto", "rotate", "--batch-size", "4"])
    assert result.exit_code == 0, result.output
    assert "5 data keys re-wrapped" in result.output
    assert rotation.counts_by_kek() == {"k2": 9}
    _assert_all_readable(names)


def test_a_new_key_is_refused_when_the_ring_came_from_the_environment(app, make_person):
    _people(make_person, 1)
    result = app.test_cli_runner().invoke(args=["crypto", "rotate", "--new-key"])
    assert result.exit_code == 1
    assert "KEY_RING environment variable" in result.output
    assert "--promote" in result.output
    assert app.config["KEY_RING"]["active"] == "k1"
    assert rotation.counts_by_kek() == {"k1": 1}


def test_promote_with_an_environment_ring_rewraps_and_says_to_update_the_variable(
        app, make_person):
    names = _people(make_person, 4)
    app.config["KEY_RING"]["keys"]["k2"] = b"\x02" * 32  # as if KEY_RING held both keys
    result = app.test_cli_runner().invoke(args=["crypto", "rotate", "--promote", "k2"])
    assert result.exit_code == 0, result.output
    assert 'set "active": "k2" there' in result.output
    assert rotation.counts_by_kek() == {"k2": 4}
    _assert_all_readable(names)


def test_promoting_a_key_not_in_the_ring_is_refused(app, ring_file):
    result = app.test_cli_runner().invoke(args=["crypto", "rotate", "--promote", "k7"])
    assert result.exit_code == 1
    assert "'k7' is not in the key ring (it holds k1)" in result.output


def test_new_key_and_promote_together_are_refused(app, ring_file):
    result = app.test_cli_runner().invoke(args=["crypto", "rotate", "--new-key",
                                                "--promote", "k1"])
    assert result.exit_code == 2
    assert "not both" in result.output


def test_status_reports_data_keys_per_kek_and_destroyed_keys(app, make_person, ring_file):
    from shared.people import services

    people = [make_person() for _ in range(3)]
    services.erase_person(people[0])
    db.session.commit()
    keyring.add_new_key()
    make_person()
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["crypto", "status"])
    assert result.exit_code == 0, result.output
    assert "Active key: k2. Keys in the ring: k1, k2." in result.output
    assert "k1: 2 data keys" in result.output
    assert "k2 (active): 1 data keys" in result.output
    assert "destroyed (erased people): 1 data keys" in result.output


def test_a_process_that_started_before_a_rotation_rereads_the_ring_file(
        app, make_person, ring_file):
    names = _people(make_person, 2)
    keyring.add_new_key()
    rotation.rewrap_pending()
    # This process's ring predates the new key; only the file knows k2.
    app.config["KEY_RING"]["keys"].pop("k2")
    app.config["KEY_RING"]["active"] = "k1"
    _assert_all_readable(names)
    assert app.config["KEY_RING"]["active"] == "k2"


def _audit_count(action: str) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == action))
