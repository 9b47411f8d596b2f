"""Migrations build the schema from empty, match the models, and go down and up again."""

from __future__ import annotations

import secrets

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from config import TestConfig, normalise_database_url
from shared.extensions import db
from wsgi import build


@pytest.fixture
def empty_database_url(database_url, tmp_path):
    """A brand-new empty database of the same kind as the test database."""
    url = make_url(normalise_database_url(database_url))
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    name = f"divert_test_migrations_{secrets.token_hex(4)}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrade_from_empty_builds_every_table_with_no_drift(empty_database_url):
    app = build(TestConfig(empty_database_url))
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {t.name for t in db.metadata.sorted_tables} <= tables
        result = app.test_cli_runner().invoke(args=["db", "check"])
        assert result.exit_code == 0, result.output
        db.engine.dispose()


def test_downgrade_to_empty_and_upgrade_again(empty_database_url):
    app = build(TestConfig(empty_database_url))
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert "audit_events" in inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_revision_files_are_date_prefixed():
    from pathlib import Path

    versions = Path(__file__).resolve().parent.parent / "migrations" / "versions"
    names = [p.name for p in versions.glob("*.py")]
    assert names
    assert all(name[:8].isdigit() and name[8] == "_" for name in names)


def test_the_0013_migration_seals_existing_survey_comments_and_opens_them_going_down(
        empty_database_url):
    app = build(TestConfig(empty_database_url))
    with app.app_context():
        upgrade(revision="0011")
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO bcus (uuid, code, name) VALUES (:u, 'ZZ', 'Test BCU')"),
                {"u": secrets.token_hex(16)})
            bcu_id = connection.execute(text("SELECT id FROM bcus WHERE code = 'ZZ'")).scalar()
            connection.execute(text(
                "INSERT INTO training_sessions (uuid, held_on, bcu_id, strand, attendees, "
                "responses, token_hash, expires_at, created_at) VALUES (:u, '2026-01-05', :b, "
                "'neighbourhood', 3, 2, :h, '2026-01-12 00:00:00+00', '2026-01-05 00:00:00+00')"),
                {"u": secrets.token_hex(16), "b": bcu_id, "h": secrets.token_hex(32)})
            session_id = connection.execute(text("SELECT id FROM training_sessions")).scalar()
            for comment in ("Named someone: Jayden Marsh", None):
                connection.execute(text(
                    "INSERT INTO survey_responses (session_id, training_rating, app_rating, "
                    "comment, created_at) VALUES (:s, 5, 4, :c, '2026-01-05 10:00:00+00')"),
                    {"s": session_id, "c": comment})
        upgrade()
        raw = db.session.execute(text("SELECT comment FROM survey_responses ORDER BY id")).all()
        assert b"Jayden" not in bytes(raw[0][0]) and raw[1][0] is None
        from divert.training.survey import recent_comments

        assert [c for _, c in recent_comments()] == ["Named someone: Jayden Marsh"]
        db.session.remove()
        downgrade(revision="0011")
        back = db.session.execute(text("SELECT comment FROM survey_responses ORDER BY id")).all()
        assert [r[0] for r in back] == ["Named someone: Jayden Marsh", None]
        db.session.remove()
        db.engine.dispose()
