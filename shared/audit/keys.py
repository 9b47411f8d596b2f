"""The audit keys: a ring of its own inside KEY_RING, never written to the database."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app


class AuditKeyError(RuntimeError):
    """The key ring holds no audit key, or not the one an entry names."""


def _ring() -> dict:
    ring = current_app.config["KEY_RING"].get("audit")
    if not ring:
        raise AuditKeyError('KEY_RING has no "audit" key ring')
    return ring


def active() -> tuple[str, bytes]:
    """The id and bytes of the key that MACs new entries and checkpoints."""
    ring = _ring()
    return ring["active"], ring["keys"][ring["active"]]


def key(key_id: str) -> bytes | None:
    """The audit key named KEY_ID, or None if the ring does not hold it."""
    return _ring()["keys"].get(key_id)


def mac(key_bytes: bytes, message: str) -> str:
    """HMAC-SHA256 of MESSAGE under KEY_BYTES, as hex."""
    return hmac.new(key_bytes, message.encode("utf-8"), hashlib.sha256).hexdigest()
