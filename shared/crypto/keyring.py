"""The ring of key-encryption keys (KEKs), held in app config; one is active."""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
from pathlib import Path

from flask import current_app

from config import SUB_RINGS, ConfigError, parse_key_ring
from shared.crypto.errors import KeyRingError, UnknownKeyError


def _ring() -> dict:
    return current_app.config["KEY_RING"]


def ring_file() -> Path | None:
    """The JSON file the ring came from, or None when it came from the environment."""
    path = current_app.config.get("KEY_RING_FILE")
    return Path(path) if path else None


def key_ids() -> list[str]:
    """The ids of every KEK in the ring (never the keys)."""
    return sorted(_ring()["keys"])


def active_kek() -> tuple[str, bytes]:
    """The id and bytes of the KEK that wraps new data keys: the one the database names.

    A process started before a rotation still holds the old id in its ring; it follows the
    database (re-reading the ring file for a key added since), and refuses to wrap at all when
    it cannot, rather than wrap under a key that is being retired.
    """
    from shared.crypto import state

    ring = _ring()
    kek_id = state.database_active() or ring["active"]
    if kek_id not in ring["keys"]:
        _reload_from_file()
    if kek_id not in ring["keys"]:
        state.seen(ring["active"])
        raise UnknownKeyError(
            f"the database names key-encryption key {kek_id!r} as active, but this process's "
            "key ring lacks it: restart the process with the current key ring")
    state.seen(kek_id)
    return kek_id, ring["keys"][kek_id]


def ring_active_kek() -> tuple[str, bytes]:
    """The ring's own active KEK, without asking the database: for migrations, whose
    transaction the app's session cannot see into (nor should it take part in)."""
    ring = _ring()
    return ring["active"], ring["keys"][ring["active"]]


def remove(kek_id: str) -> None:
    """Destroy KEK_ID: drop it from the ring and save the ring file."""
    ring = _ring()
    if kek_id not in ring["keys"]:
        raise KeyRingError(f"key {kek_id!r} is not in the key ring")
    del ring["keys"][kek_id]
    if ring_file() is not None:
        save()


def kek(kek_id: str) -> bytes:
    """The KEK named KEK_ID, re-reading the ring file once if this process has not seen it."""
    ring = _ring()
    if kek_id not in ring["keys"]:
        # Another process may have rotated to a key added to the file after we started.
        _reload_from_file()
    try:
        return ring["keys"][kek_id]
    except KeyError:
        raise UnknownKeyError(f"key-encryption key {kek_id!r} is not in the key ring") from None


def _reload_from_file() -> None:
    path = ring_file()
    if path is None:
        return
    try:
        fresh = parse_key_ring(path.read_text(encoding="utf-8"))
    except (OSError, ConfigError):
        return  # keep the ring we have; the lookup then reports the missing key
    _ring()["keys"].update(fresh["keys"])
    _ring()["active"] = fresh["active"]


def add_new_key() -> str:
    """Generate a KEK, make it active and save the ring file; returns the new id."""
    if ring_file() is None:
        raise KeyRingError(
            "The key ring came from the KEY_RING environment variable, so a new key cannot be "
            "saved. Add a new key to KEY_RING (keeping the old ones), restart, then run "
            "`flask --app wsgi crypto rotate --promote NEW_ID`; or keep the ring in a file "
            "named by KEY_RING_FILE."
        )
    ring = _ring()
    new_id = _next_key_id(ring["keys"])
    ring["keys"][new_id] = secrets.token_bytes(32)
    ring["active"] = new_id
    save()
    return new_id


def promote(kek_id: str) -> None:
    """Make an existing KEK the active one (saved to the ring file when there is one)."""
    ring = _ring()
    if kek_id not in ring["keys"]:
        raise KeyRingError(
            f"key {kek_id!r} is not in the key ring (it holds {', '.join(key_ids())})"
        )
    ring["active"] = kek_id
    if ring_file() is not None:
        save()


def _next_key_id(keys: dict) -> str:
    numbers = [int(m.group(1)) for k in keys if (m := re.fullmatch(r"k(\d+)", k))]
    return f"k{max(numbers, default=0) + 1}"


def save() -> None:
    """Write the ring to its file atomically, readable by the owner only."""
    path = ring_file()
    text = ring_json(_ring())
    temporary = path.with_name(path.name + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    # Replace in one step so a crash never leaves a half-written ring (and lost keys).
    os.replace(temporary, path)


def ring_json(ring: dict) -> str:
    """RING as the KEY_RING JSON (the form config.parse_key_ring reads)."""
    return json.dumps({
        **_encoded(ring),
        # The audit and TOTP rings travel in the same file; never drop them.
        **{kind: _encoded(ring[kind]) for kind in SUB_RINGS if ring.get(kind)},
    }, indent=2)


def _encoded(ring: dict) -> dict:
    keys = ring["keys"]
    return {"active": ring["active"],
            "keys": {kid: base64.b64encode(key).decode("ascii") for kid, key in keys.items()}}
