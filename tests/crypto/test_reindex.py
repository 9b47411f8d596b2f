"""A blind-index re-key: searches keep finding people throughout (issue 18, finding 6)."""

from __future__ import annotations

import secrets
from datetime import date

from sqlalchemy import update

from shared.crypto import blind_index
from shared.extensions import db
from shared.people.models import SURNAME_DOB, Person
from shared.people.services import find_possible_duplicates

BORN = date(2007, 5, 17)


def _find(first: str = "Zoe", last: str = "OBrien") -> list:
    return find_possible_duplicates(first, last, BORN)


def test_a_new_key_with_the_previous_kept_finds_everyone_before_during_and_after(
        app, make_person, monkeypatch):
    people = [make_person(first_name="Zoë", last_name="O'Brien", date_of_birth=BORN)
              for _ in range(3)]
    db.session.commit()
    old_key = app.config["BLIND_INDEX_KEY"]
    monkeypatch.setitem(app.config, "BLIND_INDEX_KEY", secrets.token_bytes(32))
    assert _find() == []  # the finding: a new key alone finds nobody
    monkeypatch.setitem(app.config, "BLIND_INDEX_PREVIOUS_KEY", old_key)
    assert len(_find()) == 3
    runner = app.test_cli_runner()
    result = runner.invoke(args=["crypto", "reindex-people", "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    assert "3 people re-indexed" in result.output
    monkeypatch.setitem(app.config, "BLIND_INDEX_PREVIOUS_KEY", None)
    db.session.expire_all()
    assert {p.id for p in _find()} == {p.id for p in people}
    again = runner.invoke(args=["crypto", "reindex-people"])
    assert "0 people re-indexed" in again.output  # resumable: nothing left to do


def test_indexes_of_the_old_fold_are_still_found_and_then_re_made(app, make_person):
    person = make_person(first_name="Zoë", last_name="O'Brien", date_of_birth=BORN)
    db.session.commit()
    # As written before fold version 2: accents and apostrophes kept.
    legacy = blind_index._hmac(app.config["BLIND_INDEX_KEY"], SURNAME_DOB,
                               ("O'Brien", BORN.isoformat()), blind_index.legacy_normalise)
    db.session.execute(update(Person).where(Person.id == person.id).values(
        surname_dob_index=legacy, name_dob_index=None, index_version=None))
    db.session.commit()
    assert [p.id for p in _find("Zoë", "O'Brien")] == [person.id]
    assert app.test_cli_runner().invoke(args=["crypto", "reindex-people"]).exit_code == 0
    db.session.expire_all()
    assert [p.id for p in _find("Zoe", "OBrien")] == [person.id]
    assert db.session.get(Person, person.id).index_version == blind_index.index_version()
