"""AES-256-GCM primitives: wrapping data keys under a KEK and sealing field values."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from uuid import UUID

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FIELD_FORMAT_V1 = 0x01
WRAP_FORMAT_V1 = 0x01
KEY_ID_BYTES = 16
NONCE_BYTES = 12
# version byte + data key id: the part of a field ciphertext before the nonce.
FIELD_HEADER_BYTES = 1 + KEY_ID_BYTES


@dataclass(frozen=True, slots=True)
class FieldKey:
    """An unwrapped data key, ready to seal and open fields; lives only in memory."""

    key_id: bytes
    aead: AESGCM


def new_data_key() -> bytes:
    """A fresh random 256-bit data key."""
    return secrets.token_bytes(32)


def _wrap_aad(dek_uuid: UUID, kek_id: str) -> bytes:
    # Binding the data key's id means a wrapped key pasted onto another key row fails to unwrap.
    return b"divert/data-key/v1|" + dek_uuid.bytes + b"|" + kek_id.encode("utf-8")


def wrap_key(kek: AESGCM, kek_id: str, dek_uuid: UUID, data_key: bytes,
             nonce: bytes | None = None) -> bytes:
    """Wrap DATA_KEY under KEK: version | nonce | ciphertext+tag."""
    # Bulk callers pass slices of one large urandom read: one system call per batch.
    nonce = nonce or os.urandom(NONCE_BYTES)
    if len(nonce) != NONCE_BYTES:
        raise ValueError("a wrapping nonce is 12 bytes")
    sealed = kek.encrypt(nonce, data_key, _wrap_aad(dek_uuid, kek_id))
    return bytes([WRAP_FORMAT_V1]) + nonce + sealed


def nonces(count: int) -> list[bytes]:
    """COUNT fresh random nonces from a single read of the system's random source."""
    pool = os.urandom(NONCE_BYTES * count)
    return [pool[i:i + NONCE_BYTES] for i in range(0, len(pool), NONCE_BYTES)]


def unwrap_key(kek: AESGCM, kek_id: str, dek_uuid: UUID, wrapped: bytes) -> bytes:
    """Unwrap a data key; raises cryptography's InvalidTag on a wrong key or altered bytes."""
    if wrapped[:1] != bytes([WRAP_FORMAT_V1]):
        raise ValueError("unknown wrapped-key format version")
    nonce, sealed = wrapped[1:1 + NONCE_BYTES], wrapped[1 + NONCE_BYTES:]
    return kek.decrypt(nonce, sealed, _wrap_aad(dek_uuid, kek_id))


def field_aad(table: str, column: str, row_uuid: UUID, header: bytes) -> bytes:
    """Associated data binding a field ciphertext to its table, column, row and header."""
    return b"divert/field/v1|%b|%b|%b|%b" % (
        table.encode("ascii"), column.encode("ascii"), row_uuid.bytes, header,
    )


def seal(key: FieldKey, table: str, column: str, row_uuid: UUID, plaintext: bytes) -> bytes:
    """Encrypt a field: version | data key id | nonce | ciphertext+tag."""
    header = bytes([FIELD_FORMAT_V1]) + key.key_id
    # Random 96-bit nonces are safe here: one data key seals a handful of fields, far below
    # the 2**32 messages per key at which GCM nonce collisions start to matter.
    nonce = os.urandom(NONCE_BYTES)
    aad = field_aad(table, column, row_uuid, header)
    return header + nonce + key.aead.encrypt(nonce, plaintext, aad)


def field_key_id(blob: bytes) -> bytes | None:
    """The data key id a field ciphertext names, or None if its format is unknown."""
    if len(blob) < FIELD_HEADER_BYTES or blob[0] != FIELD_FORMAT_V1:
        return None
    return blob[1:FIELD_HEADER_BYTES]


def open_sealed(key: FieldKey, table: str, column: str, row_uuid: UUID, blob: bytes) -> bytes:
    """Decrypt a field sealed by seal(); raises InvalidTag if anything was changed or moved."""
    header = blob[:FIELD_HEADER_BYTES]
    nonce = blob[FIELD_HEADER_BYTES:FIELD_HEADER_BYTES + NONCE_BYTES]
    sealed = blob[FIELD_HEADER_BYTES + NONCE_BYTES:]
    return key.aead.decrypt(nonce, sealed, field_aad(table, column, row_uuid, header))
