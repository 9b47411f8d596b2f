"""Per-person data keys, stored only wrapped by a KEK, and the mixin for rows that own one."""

from __future__ import annotations

import logging
import uuid as uuid_module
from datetime import datetime

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import LargeBinary, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from shared.crypto import envelope, keyring
from shared.crypto.errors import DataKeyErasedError, KeyUnwrapError
from shared.db import UTCDateTime, utcnow
from shared.extensions import db

logger = logging.getLogger("shared.crypto")


class DataKey(db.Model):
    """A random 256-bit data key, wrapped by the KEK named in kek_id; NULL once destroyed."""

    __tablename__ = "data_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuid_module.UUID] = mapped_column(
        Uuid, unique=True, nullable=False, default=uuid_module.uuid4
    )
    kek_id: Mapped[str | None] = mapped_column(String(32), index=True)
    wrapped: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    destroyed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def destroyed(self) -> bool:
        """True once the key has been shredded."""
        return self.wrapped is None


def new_data_key() -> tuple[DataKey, envelope.FieldKey]:
    """A fresh data key: the row to store (wrapped under the active KEK) and the usable key."""
    raw = envelope.new_data_key()
    kek_id, kek = keyring.active_kek()
    key_uuid = uuid_module.uuid4()
    row = DataKey(uuid=key_uuid, kek_id=kek_id,
                  wrapped=envelope.wrap_key(AESGCM(kek), kek_id, key_uuid, raw))
    return row, envelope.FieldKey(key_uuid.bytes, AESGCM(raw))


def unwrap(row: DataKey) -> envelope.FieldKey:
    """The usable key for ROW; raises DataKeyErasedError or KeyUnwrapError."""
    if row.wrapped is None:
        raise DataKeyErasedError(f"data key {row.uuid} was destroyed")
    try:
        raw = envelope.unwrap_key(AESGCM(keyring.kek(row.kek_id)), row.kek_id, row.uuid,
                                  row.wrapped)
    except (InvalidTag, ValueError):
        error = KeyUnwrapError(
            f"cannot unwrap data key {row.uuid} with key-encryption key {row.kek_id!r}: "
            "the key ring holds a different key under that id, or the wrapped key was altered"
        )
        logger.error("%s", error)
        raise error from None
    return envelope.FieldKey(row.uuid.bytes, AESGCM(raw))


def destroy(row: DataKey) -> None:
    """Crypto-shred: overwrite the wrapped key so nothing it protected can be read again."""
    row.wrapped = None
    row.kek_id = None
    row.destroyed_at = utcnow()


class DataKeyOwner:
    """Mixin for a row whose encrypted fields use its own data key (the `data_key` relation)."""

    _cached_key: tuple[bytes, envelope.FieldKey] | None = None

    def ensure_data_key(self) -> None:
        """Give a new row its UUID and a fresh data key (before any field is encrypted)."""
        if self.uuid is None:
            self.uuid = uuid_module.uuid4()
        if self.data_key is None:
            self.data_key, key = new_data_key()
            self._cached_key = (self.data_key.wrapped, key)

    def field_key(self) -> envelope.FieldKey:
        """The unwrapped data key; raises DataKeyErasedError once it has been destroyed."""
        row = self.data_key
        if row is None or row.wrapped is None:
            raise DataKeyErasedError(f"the data key of row {self.uuid} was destroyed")
        # Keyed on the wrapped bytes, so a re-wrap or a reload never serves a stale key.
        if self._cached_key is None or self._cached_key[0] != row.wrapped:
            self._cached_key = (row.wrapped, unwrap(row))
        return self._cached_key[1]

    def forget_key(self) -> None:
        """Drop the unwrapped key held in memory."""
        self._cached_key = None
