"""Production key settings: refused when missing or weak, named but never echoed."""

from __future__ import annotations

import base64
import json
import os

import pytest

from config import ConfigError, ProductionConfig, new_key_ring_json

KEY_NAMES = ("KEY_RING", "BLIND_INDEX_KEY")


@pytest.fixture
def production_keys(monkeypatch):
    """A complete production environment, keys included, with nothing inherited."""
    for name in list(os.environ):
        if name.removesuffix("_FILE") in ("SECRET_KEY", *KEY_NAMES, "DATABASE_URL"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/db")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://divert.example.org")
    monkeypatch.setenv("SECRET_KEY", "s" * 48)
    monkeypatch.setenv("KEY_RING", new_key_ring_json())
    monkeypatch.setenv("BLIND_INDEX_KEY", base64.b64encode(os.urandom(32)).decode())
    return monkeypatch


@pytest.mark.parametrize("name", KEY_NAMES)
def test_production_without_a_key_refuses_to_start_naming_the_variable(production_keys, name):
    production_keys.delenv(name)
    with pytest.raises(ConfigError, match=f"{name} is not set: set {name} \\(or {name}_FILE"):
        ProductionConfig()


def test_a_short_key_encryption_key_is_refused_without_echoing_it(production_keys):
    short = base64.b64encode(b"sixteen byte key").decode()
    production_keys.setenv("KEY_RING", json.dumps({"active": "k1", "keys": {"k1": short}}))
    with pytest.raises(ConfigError, match="32-byte keys") as raised:
        ProductionConfig()
    assert short not in str(raised.value)


def test_a_short_blind_index_key_is_refused(production_keys):
    production_keys.setenv("BLIND_INDEX_KEY", base64.b64encode(b"x" * 31).decode())
    with pytest.raises(ConfigError, match="BLIND_INDEX_KEY must be at least 32 bytes"):
        ProductionConfig()


def test_a_ring_read_from_a_file_remembers_the_file_for_rotation(production_keys, tmp_path):
    path = tmp_path / "key_ring.json"
    path.write_text(new_key_ring_json("k3"))
    production_keys.delenv("KEY_RING")
    production_keys.setenv("KEY_RING_FILE", str(path))
    settings = ProductionConfig()
    assert settings.KEY_RING_FILE == str(path)
    assert settings.KEY_RING["active"] == "k3" and len(settings.KEY_RING["keys"]["k3"]) == 32


def test_a_ring_from_the_environment_has_no_file(production_keys):
    assert ProductionConfig().KEY_RING_FILE is None
