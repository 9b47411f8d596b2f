"""Workers follow the active KEK in the database; a KEK is retired only when nothing uses it
(issue 18, finding 6)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from shared.crypto import keyring, rotation, state
from shared.crypto.errors import UnknownKeyError
from shared.db import utcnow
from shared.extensions import db
from shared.people.models import Person


def _rotate(app, *args):
    result = app.test_cli_runner().invoke(args=["crypto", *args])
    db.session.expire_all()
    return result


def test_a_worker_started_before_the_rotation_wraps_new_keys_under_the_new_kek(
        app, make_person, ring_file):
    assert _rotate(app, "rotate", "--new-key").exit_code == 0  # another process rotated
    # This process still holds its start-up ring, where k1 is active.
    app.config["KEY_RING"]["active"] = "k1"
    person = make_person(first_name="After")
    db.session.commit()
    assert person.data_key.kek_id == "k2"


def test_a_worker_whose_ring_lacks_the_active_kek_refuses_to_wrap(app, make_person):
    state.set_active("k9")
    db.session.commit()
    with pytest.raises(UnknownKeyError, match="restart the process"):
        make_person(first_name="Nobody")
    db.session.rollback()


def test_retiring_re_wraps_then_destroys_the_kek(app, make_person, ring_file):
    people = {make_person(first_name=f"P{n}").uuid: f"P{n}" for n in range(3)}
    db.session.commit()
    keyring.add_new_key()
    state.set_active("k2")
    db.session.commit()
    result = _rotate(app, "retire-kek", "k1")
    assert result.exit_code == 0, result.output
    assert "k1 retired" in result.output
    assert "k1" not in json.loads(ring_file.read_text())["keys"]
    assert keyring.key_ids() == ["k2"]
    assert rotation.counts_by_kek() == {"k2": 3}
    db.session.expunge_all()
    assert {p.uuid: p.first_name for p in db.session.scalars(select(Person))} == people


def test_the_active_kek_cannot_be_retired(app, make_person, ring_file):
    make_person()
    db.session.commit()
    result = _rotate(app, "retire-kek", "k1")
    assert result.exit_code != 0 and "is the active key" in result.output
    assert "k1" in json.loads(ring_file.read_text())["keys"]


def test_retiring_is_refused_while_a_running_worker_uses_the_kek(app, make_person, ring_file):
    make_person()
    keyring.add_new_key()
    state.set_active("k2")
    db.session.add(state.KekWorker(worker="web-1:4242:1", kek_id="k1", seen_at=utcnow()))
    db.session.add(state.KekWorker(worker="web-2:99:1", kek_id="k1",
                                   seen_at=utcnow() - timedelta(hours=1)))  # long stopped
    db.session.commit()
    result = _rotate(app, "retire-kek", "k1")
    assert result.exit_code != 0, result.output
    assert "1 running process(es)" in result.output and "web-1:4242:1" in result.output
    assert "k1" in json.loads(ring_file.read_text())["keys"]
    db.session.execute(state.KekWorker.__table__.delete())
    db.session.commit()
    assert _rotate(app, "retire-kek", "k1").exit_code == 0


def test_retiring_is_refused_while_a_data_key_still_uses_it(app, make_person, ring_file,
                                                             monkeypatch):
    make_person()
    keyring.add_new_key()
    state.set_active("k2")
    db.session.commit()
    monkeypatch.setattr(rotation, "rewrap_pending", lambda *a, **k: 0)  # a re-wrap that failed
    result = _rotate(app, "retire-kek", "k1")
    assert result.exit_code != 0 and "still wrapped under k1" in result.output
    assert "k1" in keyring.key_ids()
