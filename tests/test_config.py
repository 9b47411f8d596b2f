"""Strict production config; development generates its secrets once and says so."""

from __future__ import annotations

import base64
import json
import os

import pytest
from sqlalchemy import create_engine

import config
from config import ConfigError, ProductionConfig

GOOD = {
    "DATABASE_URL": "postgresql://u@h/db",
    "SECRET_KEY": "s" * 48,
    "KEY_RING": json.dumps({
        "active": "k1", "keys": {"k1": base64.b64encode(b"k" * 32).decode()},
        "audit": {"active": "a1", "keys": {"a1": base64.b64encode(b"a" * 32).decode()}},
        "totp": {"active": "t1", "keys": {"t1": base64.b64encode(b"t" * 32).decode()}},
    }),
    "BLIND_INDEX_KEY": base64.b64encode(b"b" * 32).decode(),
    "PUBLIC_BASE_URL": "https://divert.example.org",
}


@pytest.fixture
def production_env(monkeypatch):
    for name in list(os.environ):
        if name.split("_FILE")[0] in GOOD or name == "APP_ENV":
            monkeypatch.delenv(name, raising=False)
    for name, value in GOOD.items():
        monkeypatch.setenv(name, value)
    return monkeypatch


def test_production_starts_with_every_secret(production_env):
    settings = ProductionConfig()
    assert settings.SQLALCHEMY_DATABASE_URI.startswith("postgresql+psycopg://")
    assert settings.KEY_RING["active"] == "k1"


@pytest.mark.parametrize("missing", ["SECRET_KEY", "KEY_RING", "BLIND_INDEX_KEY", "DATABASE_URL",
                                     "PUBLIC_BASE_URL"])
def test_production_refuses_to_start_naming_the_missing_variable(production_env, missing):
    production_env.delenv(missing)
    with pytest.raises(ConfigError, match=missing):
        ProductionConfig()


def test_production_refuses_a_short_secret_key(production_env):
    production_env.setenv("SECRET_KEY", "changeme")
    with pytest.raises(ConfigError, match="SECRET_KEY must be at least 32"):
        ProductionConfig()


@pytest.mark.parametrize("kind", ["audit", "totp"])
def test_production_refuses_a_key_ring_without_an_audit_or_totp_key(production_env, kind):
    ring = json.loads(GOOD["KEY_RING"])
    del ring[kind]
    production_env.setenv("KEY_RING", json.dumps(ring))
    with pytest.raises(ConfigError, match=f"KEY_RING has no {kind} key"):
        ProductionConfig()


def test_a_development_ring_from_before_the_audit_key_gains_one(tmp_path):
    (tmp_path / "key_ring.json").write_text(json.dumps(
        {"active": "k1", "keys": {"k1": base64.b64encode(b"k" * 32).decode()}}))
    made = config.ensure_development_secrets(tmp_path)
    ring = config.parse_key_ring((tmp_path / "key_ring.json").read_text())
    assert ring["keys"]["k1"] == b"k" * 32 and ring["audit"] and ring["totp"]
    assert "key_ring.json (audit key)" in made


def test_production_refuses_a_malformed_key_ring(production_env):
    production_env.setenv("KEY_RING", '{"active": "k2", "keys": {"k1": "AAAA"}}')
    with pytest.raises(ConfigError, match="KEY_RING"):
        ProductionConfig()


def test_secrets_can_come_from_files(production_env, tmp_path):
    path = tmp_path / "secret"
    path.write_text("f" * 40 + "\n")
    production_env.delenv("SECRET_KEY")
    production_env.setenv("SECRET_KEY_FILE", str(path))
    assert ProductionConfig().SECRET_KEY == "f" * 40


def test_an_unreadable_secret_file_is_named(production_env, tmp_path):
    production_env.delenv("SECRET_KEY")
    production_env.setenv("SECRET_KEY_FILE", str(tmp_path / "absent"))
    with pytest.raises(ConfigError, match="SECRET_KEY_FILE"):
        ProductionConfig()


def test_a_missing_app_env_means_production(production_env):
    assert isinstance(config.load_config(), config.ProductionConfig)
    production_env.delenv("SECRET_KEY")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        config.load_config()


def test_unknown_app_env_is_refused(production_env):
    with pytest.raises(ConfigError, match="APP_ENV"):
        config.load_config("staging")


def test_development_generates_secrets_once_and_says_so(tmp_path, capsys):
    made = config.ensure_development_secrets(tmp_path)
    assert sorted(made) == ["blind_index_key", "key_ring.json", "secret_key"]
    assert "Development secrets generated" in capsys.readouterr().err
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"
    assert config.ensure_development_secrets(tmp_path) == []
    assert capsys.readouterr().err == ""


def test_development_uses_sqlite_in_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.setattr(config, "INSTANCE_DIR", tmp_path)
    for name in ("DATABASE_URL", "SECRET_KEY", "KEY_RING", "BLIND_INDEX_KEY", "SECRET_KEY_FILE",
                 "KEY_RING_FILE", "BLIND_INDEX_KEY_FILE"):
        monkeypatch.delenv(name, raising=False)
    settings = config.DevelopmentConfig()
    assert settings.SQLALCHEMY_DATABASE_URI == f"sqlite:///{tmp_path / 'divert.sqlite3'}"
    assert settings.SESSION_COOKIE_SECURE is False


def test_sqlite_connections_use_wal_and_foreign_keys(app):
    from sqlalchemy import text

    from shared.extensions import db

    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas apply to SQLite only")
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_the_development_folder_and_database_file_are_private(monkeypatch, tmp_path):
    """Issue 18, finding 9: the database file was created world-readable."""
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o755)
    instance.chmod(0o755)
    monkeypatch.setattr(config, "INSTANCE_DIR", instance)
    old = os.umask(0o022)  # a usual umask: files 0644 unless the code says otherwise
    try:
        for name in ("DATABASE_URL", "SECRET_KEY", "KEY_RING", "BLIND_INDEX_KEY",
                     "SECRET_KEY_FILE", "KEY_RING_FILE", "BLIND_INDEX_KEY_FILE"):
            monkeypatch.delenv(name, raising=False)
        settings = config.DevelopmentConfig()
        engine = create_engine(settings.SQLALCHEMY_DATABASE_URI)
        with engine.begin() as connection:
            connection.exec_driver_sql("PRAGMA journal_mode=WAL")
            connection.exec_driver_sql("CREATE TABLE t (x)")
            connection.exec_driver_sql("INSERT INTO t VALUES (1)")
            wal = instance / "divert.sqlite3-wal"
            assert wal.exists() and oct(wal.stat().st_mode & 0o777) == "0o600"
        engine.dispose()
    finally:
        os.umask(old)
    assert oct(instance.stat().st_mode & 0o777) == "0o700"
    assert oct((instance / "divert.sqlite3").stat().st_mode & 0o777) == "0o600"
    for secret in ("secret_key", "key_ring.json", "blind_index_key"):
        assert oct((instance / secret).stat().st_mode & 0o777) == "0o600"
