"""Fixtures for the crypto tests: a restorable key ring, a ring file, people and raw SQL."""

from __future__ import annotations

import copy
import secrets
from datetime import date

import pytest

from shared.crypto import keyring
from shared.extensions import db
from shared.people.models import Person


@pytest.fixture(autouse=True)
def restore_key_ring(app):
    """Give each test the app's key ring back as it was (tests add and promote keys)."""
    saved = copy.deepcopy(app.config["KEY_RING"]), app.config["KEY_RING_FILE"]
    yield
    app.config["KEY_RING"], app.config["KEY_RING_FILE"] = saved


@pytest.fixture
def ring_file(app, tmp_path):
    """Keep the app's key ring in a JSON file, as production does with KEY_RING_FILE."""
    path = tmp_path / "key_ring.json"
    app.config["KEY_RING_FILE"] = str(path)
    keyring.save()
    return path


@pytest.fixture
def make_person():
    """Factory: a flushed person with a few encrypted fields (callers commit if they need to)."""

    def factory(**fields) -> Person:
        values = {"first_name": f"First{secrets.token_hex(3)}", "last_name": "Okafor",
                  "date_of_birth": date(2007, 5, 17), **fields}
        person = Person(**values)
        db.session.add(person)
        db.session.flush()
        return person

    return factory
