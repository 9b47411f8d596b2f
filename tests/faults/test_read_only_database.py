"""The SQLite file turns read-only under a running app: a clear 503 page with its request id,
nothing lost or half-written, and writes work again, without a restart, once it is writable."""

from __future__ import annotations

import sqlite3
import uuid

import pytest
from flask_migrate import upgrade

from config import TestConfig
from shared.auth import services as account_services
from shared.extensions import db
from shared.reference.services import load_reference_data
from tests.conftest import PASSWORD, AuthActions, CsrfClient
from tests.divert.conftest import NEW, form_data
from tests.faults.conftest import ReadOnlyFile
from wsgi import build


def _counts(path) -> tuple[int, int]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        return tuple(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                     for table in ("cases", "people"))


@pytest.fixture
def own_sqlite_app(tmp_path):
    """A second app on its own SQLite file (the session's database is never touched)."""
    path = tmp_path / "readonly-test.sqlite3"
    other = build(TestConfig(f"sqlite:///{path}"))
    other.test_client_class = CsrfClient
    with other.app_context():
        upgrade()
        load_reference_data()
        officer = account_services.create_user(f"ro-{uuid.uuid4().hex[:6]}@example.test",
                                               "Officer", "officer", "MPS", PASSWORD)
        db.session.commit()
        client = other.test_client()
        AuthActions(client).login(officer)
        referral = form_data()
        yield other, client, referral, path
        db.session.remove()


def test_a_read_only_database_file_gives_a_clear_error_and_recovers_when_writable(
        own_sqlite_app):
    _app, client, referral, path = own_sqlite_app
    # Connections opened before keep writing (SQLite checks permissions when it opens the
    # file, and reuses open descriptors): close them all, so the app's next ones open
    # the file as it now is, as after a restart or a reconnect.
    db.session.remove()
    db.engine.dispose()
    lock = ReadOnlyFile(path)
    if not lock.lock():
        pytest.skip("cannot make a file read-only here (not root with chattr, nor a user "
                    "that chmod 0444 stops)")
    before = _counts(path)
    try:
        response = client.post(NEW, data=referral)
        page = response.get_data(as_text=True)
        assert response.status_code == 503, page[:800]
        assert "The service is temporarily unavailable" in page
        assert response.headers["X-Request-ID"] in page
        assert "Traceback" not in page and "readonly" not in page  # no internals shown
    finally:
        lock.unlock()
    assert _counts(path) == before  # nothing half-written
    response = client.post(NEW, data=referral)  # the phone retries the same submission
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    assert "/divert/receipts/" in response.headers["Location"]
    assert _counts(path) == (before[0] + 1, before[1] + 1)
    assert client.post(NEW, data=referral).headers["Location"] == response.headers["Location"]
