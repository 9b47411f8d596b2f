"""Transparent field encryption: a ciphertext column type and a descriptor over it.

A model declares the stored column and the plain attribute side by side::

    _first_name: Mapped[bytes | None] = mapped_column("first_name", Ciphertext)
    first_name = Encrypted(TEXT)

The model must have `uuid` and `field_key()` (see datakeys.DataKeyOwner). The column type
alone cannot encrypt: SQLAlchemy's bind processing does not know the row's UUID or data key.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from cryptography.exceptions import InvalidTag
from sqlalchemy import LargeBinary
from sqlalchemy.types import TypeDecorator

from shared.crypto import envelope
from shared.crypto.errors import DataKeyErasedError, DecryptionError

logger = logging.getLogger("shared.crypto")


class Ciphertext(TypeDecorator):
    """Binary column that accepts only sealed field ciphertext, so plaintext cannot slip in."""

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if not isinstance(value, bytes) or envelope.field_key_id(value) is None:
            raise TypeError("only sealed ciphertext may be stored in an encrypted column")
        return value

    def process_result_value(self, value, dialect):
        return None if value is None else bytes(value)


class Erased:
    """What an encrypted field reads as once its data key was destroyed."""

    def __repr__(self) -> str:
        return "ERASED"

    def __str__(self) -> str:
        return "[erased]"

    def __bool__(self) -> bool:
        return False


ERASED = Erased()


@dataclass(frozen=True)
class Codec:
    """How a Python value becomes the bytes that are encrypted, and back."""

    name: str
    encode: Any
    decode: Any


def _encode_text(value: str) -> bytes:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    # surrogatepass: any Python str round-trips, even a lone surrogate.
    return value.encode("utf-8", "surrogatepass")


def _encode_date(value: date) -> bytes:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise TypeError(f"expected a date, got {type(value).__name__}")
    return value.isoformat().encode("ascii")


TEXT = Codec("text", _encode_text, lambda raw: raw.decode("utf-8", "surrogatepass"))
DATE = Codec("date", _encode_date, lambda raw: date.fromisoformat(raw.decode("ascii")))


class Encrypted:
    """Descriptor: a plain value in Python, AES-256-GCM ciphertext in the `_<name>` column."""

    def __init__(self, codec: Codec = TEXT) -> None:
        self.codec = codec

    def __set_name__(self, owner, name: str) -> None:
        self.name = name
        self.attr = f"_{name}"

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        blob = getattr(obj, self.attr)
        try:
            key = obj.field_key()
        except DataKeyErasedError:
            return ERASED
        if blob is None:
            return None
        cache = _plain_cache(obj)
        hit = cache.get(self.name)
        if hit is not None and hit[0] == blob:
            return hit[1]
        value = self.codec.decode(self._open(obj, key, blob))
        cache[self.name] = (blob, value)
        return value

    def __set__(self, obj, value) -> None:
        obj.ensure_data_key()
        key = obj.field_key()
        if value is None:
            setattr(obj, self.attr, None)
            return
        blob = envelope.seal(key, obj.__tablename__, self.name, obj.uuid,
                             self.codec.encode(value))
        setattr(obj, self.attr, blob)
        _plain_cache(obj)[self.name] = (blob, value)

    def _open(self, obj, key: envelope.FieldKey, blob: bytes) -> bytes:
        table, row_uuid = obj.__tablename__, obj.uuid
        key_id = envelope.field_key_id(blob)
        if key_id is None:
            self._fail(table, row_uuid, "unknown ciphertext format")
        if key_id != key.key_id:
            self._fail(table, row_uuid, "sealed under another row's data key "
                       "(copied from another row?)")
        try:
            return envelope.open_sealed(key, table, self.name, row_uuid, blob)
        except InvalidTag:
            self._fail(table, row_uuid, "authentication failed (altered, or copied from "
                       "another column or row)")

    def _fail(self, table: str, row_uuid, reason: str):
        error = DecryptionError(table, self.name, row_uuid, reason)
        logger.error("%s", error)
        raise error


def _plain_cache(obj) -> dict:
    # Kept on the instance only: plaintext lives as long as the ORM object, never longer.
    return vars(obj).setdefault("_crypto_plain", {})
