"""The AES-256-GCM primitives: sealing fields and wrapping data keys."""

from __future__ import annotations

import os
import uuid

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from hypothesis import given
from hypothesis import strategies as st

from shared.crypto import envelope
from tests.crypto.helpers import PURE_EXAMPLES

KEY = envelope.FieldKey(uuid.uuid4().bytes, AESGCM(envelope.new_data_key()))
ROW = uuid.uuid4()


@PURE_EXAMPLES
@given(st.binary(max_size=4096))
def test_any_bytes_round_trip_through_seal_and_open(plaintext):
    blob = envelope.seal(KEY, "people", "first_name", ROW, plaintext)
    assert envelope.open_sealed(KEY, "people", "first_name", ROW, blob) == plaintext


def test_a_sealed_field_starts_with_the_format_version_and_data_key_id():
    blob = envelope.seal(KEY, "people", "first_name", ROW, b"x")
    assert blob[0] == envelope.FIELD_FORMAT_V1
    assert envelope.field_key_id(blob) == KEY.key_id
    assert len(blob) == 1 + 16 + 12 + 1 + 16  # header, nonce, one byte, tag


def test_sealing_the_same_value_twice_gives_different_ciphertexts():
    first = envelope.seal(KEY, "people", "first_name", ROW, b"same")
    assert first != envelope.seal(KEY, "people", "first_name", ROW, b"same")


@pytest.mark.parametrize("table, column, row", [
    ("people", "first_name", uuid.uuid4()),   # another row
    ("people", "last_name", ROW),             # another column
    ("referrals", "first_name", ROW),         # another table
])
def test_associated_data_binds_table_column_and_row(table, column, row):
    blob = envelope.seal(KEY, "people", "first_name", ROW, b"Amara")
    with pytest.raises(InvalidTag):
        envelope.open_sealed(KEY, table, column, row, blob)


def test_a_changed_header_fails_authentication():
    blob = bytearray(envelope.seal(KEY, "people", "first_name", ROW, b"Amara"))
    blob[5] ^= 0x01  # inside the data key id, which is covered by the associated data
    with pytest.raises(InvalidTag):
        envelope.open_sealed(KEY, "people", "first_name", ROW, bytes(blob))


def test_a_wrapped_data_key_unwraps_only_with_its_kek_and_key_id():
    kek, other = AESGCM(os.urandom(32)), AESGCM(os.urandom(32))
    key_uuid, data_key = uuid.uuid4(), envelope.new_data_key()
    wrapped = envelope.wrap_key(kek, "k1", key_uuid, data_key)
    assert envelope.unwrap_key(kek, "k1", key_uuid, wrapped) == data_key
    assert data_key not in wrapped
    with pytest.raises(InvalidTag):
        envelope.unwrap_key(other, "k1", key_uuid, wrapped)
    with pytest.raises(InvalidTag):
        envelope.unwrap_key(kek, "k1", uuid.uuid4(), wrapped)  # pasted onto another key row
    with pytest.raises(InvalidTag):
        envelope.unwrap_key(kek, "k2", key_uuid, wrapped)  # relabelled as another KEK
