"""After a write, no identifying value appears in the database's bytes."""

from __future__ import annotations

import secrets
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from shared.auth import services as account_services
from shared.extensions import db
from shared.people import services
from shared.people.models import IDENTITY_FIELDS

BORN = date(2006, 11, 29)


def _store_marked_person() -> tuple[str, object]:
    marker = f"Marker{secrets.token_hex(8)}"
    fields = {name: f"{marker} {name}" for name in IDENTITY_FIELDS if name != "date_of_birth"}
    person = services.create_person(date_of_birth=BORN, gender="Female", **fields)
    db.session.commit()
    return marker, person


def test_no_marker_value_is_in_the_sqlite_file_or_its_wal(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("reads the SQLite database file; PostgreSQL is checked by the test below")
    marker, _ = _store_marked_person()
    # A control value stored in the clear proves the scan sees freshly written data.
    control = f"Control{secrets.token_hex(8)}"
    account_services.create_user(f"{control.lower()}@example.test", control, "analyst", "VRU")
    db.session.commit()
    stored = _database_bytes(Path(db.engine.url.database))
    assert control.encode() in stored
    assert marker.encode() not in stored
    assert marker.encode("utf-16-le") not in stored
    assert BORN.isoformat().encode() not in stored


def test_no_marker_value_is_in_postgresql_table_data(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("casts PostgreSQL rows to text; the SQLite file is checked by the test above")
    marker, person = _store_marked_person()
    rows = []
    for table in ("people", "data_keys"):
        rows += db.session.execute(text(f"SELECT t::text FROM {table} t")).scalars().all()
    dump = "\n".join(rows)
    assert str(person.uuid) in dump  # the query really saw the row
    assert marker not in dump
    assert marker.encode().hex() not in dump  # bytea renders as hex
    assert BORN.isoformat() not in dump


def _database_bytes(path: Path) -> bytes:
    files = [path, path.with_name(path.name + "-wal")]
    return b"".join(f.read_bytes() for f in files if f.exists())
