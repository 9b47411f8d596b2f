"""Exceptions raised by the crypto package; messages name rows and keys, never values."""

from __future__ import annotations


class CryptoError(Exception):
    """Base class for every encryption failure."""


class DecryptionError(CryptoError):
    """A stored field could not be decrypted: tampered, copied from elsewhere, or wrong key."""

    def __init__(self, table: str, column: str, row_uuid, reason: str) -> None:
        self.table = table
        self.column = column
        self.row_uuid = row_uuid
        self.reason = reason
        super().__init__(f"cannot decrypt {table}.{column} of row {row_uuid}: {reason}")


class KeyUnwrapError(CryptoError):
    """A data key could not be unwrapped with the key-encryption key it names."""


class UnknownKeyError(CryptoError):
    """A key-encryption key id is not in the key ring."""


class DataKeyErasedError(CryptoError):
    """The data key was destroyed (crypto-shredded): its fields can never be read again."""


class KeyRingError(CryptoError):
    """The key ring cannot be changed as asked."""
