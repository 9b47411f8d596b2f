"""Fixtures: the app on a throwaway database, a CSRF-aware client, sign-in and factories."""

from __future__ import annotations

import os
import secrets
import time
from datetime import UTC, datetime

import pyotp
import pytest
import time_machine
from flask.testing import FlaskClient
from flask_migrate import upgrade
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import create_engine, delete, text
from sqlalchemy.engine import make_url

from config import TestConfig, normalise_database_url
from shared.auth import mfa
from shared.auth import services as account_services
from shared.extensions import db, limiter
from shared.reference.services import load_reference_data
from tests import clock
from wsgi import build

# Move the suite's clock to TEST_NOW (if set) now, as this file is imported: pytest imports the
# conftest files of the paths it is given before pytest_configure, and their module-level dates
# must already see the moved clock.
clock.start()

PASSWORD = "correct horse battery staple"
# Never cleaned between tests: the audit chain is append-only, even for the test suite.
KEPT_TABLES = {"alembic_version", "audit_events", "audit_head"}
# A weekday morning far from any month, year or clock-change boundary: data that spans a few
# days around it stays in one month (see quiet_clock).
QUIET_MOMENT = datetime(2026, 6, 17, 9, 0, tzinfo=UTC)
ORGANISATION_FOR_ROLE = {
    "officer": "MPS", "custody_worker": "ENGAGE", "coordinator": "DIVERT", "partner": "AITC",
    "analyst": "VRU", "dpo": "DIVERT", "admin": "DIVERT",
}


def pytest_unconfigure(config):
    """Give the process the real clock back."""
    clock.stop()


def pytest_report_header(config):
    """Say which database and which moment this run uses."""
    moment = clock.requested_moment()
    when = (f"TEST_NOW {moment.astimezone(clock.LONDON).isoformat()} (London), time flowing"
            if moment else "the real clock (set TEST_NOW to move it)")
    return [f"database: {_database_label()}", f"clock: {when}"]


def _database_label() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    return make_url(normalise_database_url(url)).render_as_string() if url else "SQLite (temp file)"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """TEST_DATABASE_URL (a disposable PostgreSQL database), else a temporary SQLite file."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    name = make_url(normalise_database_url(url)).database or ""
    if "test" not in name:
        pytest.exit(f"refusing to wipe database {name!r}: its name must contain 'test'")
    _reset_postgres_schema(normalise_database_url(url))
    return url


def _reset_postgres_schema(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def app(database_url):
    """One app for the session, its schema built by the real migrations."""
    app = build(TestConfig(database_url))
    app.test_client_class = CsrfClient
    with app.app_context():
        upgrade()
        load_reference_data()
        db.session.commit()
    return app


@pytest.fixture(autouse=True)
def _clean_database(app):
    """Every test starts from reference data alone."""
    with app.app_context():
        yield
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            if table.name not in KEPT_TABLES:
                db.session.execute(delete(table))
        load_reference_data()
        db.session.commit()
        db.session.remove()
        limiter.reset()


class CsrfClient(FlaskClient):
    """A test client that sends a valid CSRF token unless told not to (CSRF stays on)."""

    def csrf_token(self) -> str:
        """A token valid for this client's session, made as Flask-WTF makes it."""
        with self.session_transaction() as session:
            raw = session.setdefault("csrf_token", secrets.token_hex(20))
        serializer = URLSafeTimedSerializer(self.application.secret_key, salt="wtf-csrf-token")
        return serializer.dumps(raw)

    def open(self, *args, **kwargs):
        """Run each request in its own app context, as a real server does.

        Without this the request would reuse the test's app context, and with it `g` (where
        Flask-Login caches the user) and the database session, hiding session bugs.
        """
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        # End the test's own read transaction so it sees what the request committed.
        db.session.rollback()
        return response

    def post(self, *args, csrf: bool = True, **kwargs):
        """POST, adding csrf_token to form data."""
        data = kwargs.get("data")
        if csrf and (data is None or isinstance(data, dict)) and "json" not in kwargs:
            kwargs["data"] = {"csrf_token": self.csrf_token(), **(data or {})}
        return super().post(*args, **kwargs)


@pytest.fixture
def quiet_clock():
    """The clock pinned to QUIET_MOMENT for the whole test (time flows on from there)."""
    with time_machine.travel(QUIET_MOMENT, tick=True):
        yield QUIET_MOMENT


@pytest.fixture
def client(app) -> CsrfClient:
    """A fresh browser-like client."""
    return app.test_client()


@pytest.fixture
def make_user(app):
    """Factory: a user of ROLE with the test password, enrolled in MFA where the role needs it."""

    def factory(role: str = "officer", email: str | None = None, organisation: str | None = None,
                password: str = PASSWORD, enrol_mfa: bool = True):
        user = account_services.create_user(
            email or f"{role}-{secrets.token_hex(3)}@example.test", f"Test {role}", role,
            organisation or ORGANISATION_FOR_ROLE[role], password,
        )
        if user.needs_mfa and enrol_mfa:
            user.totp_secret = mfa.seal_secret(pyotp.random_base32())
        db.session.commit()
        return user

    return factory


def current_code(user) -> str:
    """The TOTP code a user's authenticator shows now."""
    return pyotp.TOTP(mfa.unseal_secret(user.totp_secret)).now()


class AuthActions:
    """Sign in and out through the real pages."""

    def __init__(self, client: CsrfClient):
        self.client = client

    def login(self, user, password: str = PASSWORD, follow: bool = True):
        """Sign in with password and, where needed, a fresh TOTP code."""
        response = self.client.post("/login", data={"email": user.email, "password": password})
        if user.needs_mfa and response.status_code == 302:
            _allow_code_reuse_in_tests(user)
            response = self.client.post("/login/code", data={"code": current_code(user)})
        if follow and response.status_code == 302:
            return self.client.get(response.headers["Location"])
        return response

    def logout(self):
        """Sign out with the real form."""
        return self.client.post("/logout")


def _allow_code_reuse_in_tests(user) -> None:
    # Several sign-ins in one 30-second step would reuse a code, which the app rightly refuses.
    db.session.refresh(user)
    if user.totp_last_step is not None and user.totp_last_step >= int(time.time() // 30) - 1:
        user.totp_last_step = None
        db.session.commit()


@pytest.fixture
def auth(client) -> AuthActions:
    """Sign-in helper for the default client."""
    return AuthActions(client)


@pytest.fixture
def admin(make_user, auth):
    """A signed-in administrator (the default client)."""
    user = make_user("admin")
    auth.login(user)
    return user
