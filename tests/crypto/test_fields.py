"""Encrypted person fields: transparent round trips, tamper and swap detection, wrong keys."""

from __future__ import annotations

import logging
import os
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.exc import StatementError

from shared.crypto.errors import DecryptionError, KeyUnwrapError, UnknownKeyError
from shared.crypto.fields import ERASED
from shared.extensions import db
from shared.people.models import IDENTITY_FIELDS, Person
from tests.crypto.helpers import DB_EXAMPLES, raw, reload, write_raw

TEXT_FIELDS = [f for f in IDENTITY_FIELDS if f != "date_of_birth"]
# Every code point Python allows, lone surrogates included.
ANY_TEXT = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=300)


@DB_EXAMPLES
@given(value=ANY_TEXT, field=st.sampled_from(TEXT_FIELDS))
def test_any_unicode_text_round_trips_through_the_database(make_person, value, field):
    person = make_person(**{field: value})
    db.session.flush()
    assert getattr(reload(person.uuid), field) == value


@DB_EXAMPLES
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)))
def test_dates_of_birth_round_trip_as_dates(make_person, born):
    person = make_person(date_of_birth=born)
    assert reload(person.uuid).date_of_birth == born


def test_a_megabyte_of_text_round_trips(make_person):
    long_text = "Ünïcødé 🚲 " * 100_000
    person = make_person(address=long_text)
    assert reload(person.uuid).address == long_text


def test_empty_string_and_null_stay_distinct(make_person):
    person = make_person(alias="", phone=None)
    assert raw("alias", person.id) is not None  # the empty string is sealed like any value
    assert raw("phone", person.id) is None
    fresh = reload(person.uuid)
    assert fresh.alias == ""
    assert fresh.phone is None


def test_setting_a_field_to_none_stores_null(make_person):
    person = make_person(email="a@example.test")
    person.email = None
    db.session.flush()
    assert raw("email", person.id) is None
    assert reload(person.uuid).email is None


def test_the_stored_column_holds_ciphertext_not_the_value(make_person):
    person = make_person(first_name="Amara")
    stored = raw("first_name", person.id)
    assert b"Amara" not in stored
    assert stored[0] == 1  # format version


def test_plaintext_cannot_be_written_into_an_encrypted_column(make_person):
    person = make_person()
    person._phone = b"07700 900123"
    with pytest.raises(StatementError, match="only sealed ciphertext"):
        db.session.flush()


def test_a_flipped_byte_fails_with_a_clear_logged_error(make_person, caplog):
    person = make_person(first_name="Amara")
    tampered = bytearray(raw("first_name", person.id))
    tampered[-1] ^= 0x01
    write_raw("first_name", person.id, bytes(tampered))
    fresh = reload(person.uuid)
    with caplog.at_level(logging.ERROR, logger="shared.crypto"), \
            pytest.raises(DecryptionError) as raised:
        _ = fresh.first_name
    assert raised.value.table == "people" and raised.value.column == "first_name"
    assert str(person.uuid) in str(raised.value)
    _assert_logged_without_value(caplog, person, "first_name", "Amara")


def test_a_ciphertext_copied_to_another_row_fails_to_decrypt(make_person, caplog):
    source, target = make_person(first_name="Amara"), make_person(first_name="Bola")
    write_raw("first_name", target.id, raw("first_name", source.id))
    fresh = reload(target.uuid)
    with caplog.at_level(logging.ERROR, logger="shared.crypto"), \
            pytest.raises(DecryptionError, match="another row"):
        _ = fresh.first_name
    _assert_logged_without_value(caplog, target, "first_name", "Amara")


def test_a_ciphertext_copied_to_another_column_fails_to_decrypt(make_person, caplog):
    person = make_person(first_name="Amara", last_name="Okafor")
    write_raw("last_name", person.id, raw("first_name", person.id))
    fresh = reload(person.uuid)
    assert fresh.first_name == "Amara"  # the original is untouched
    with caplog.at_level(logging.ERROR, logger="shared.crypto"), \
            pytest.raises(DecryptionError, match="authentication failed"):
        _ = fresh.last_name
    _assert_logged_without_value(caplog, person, "last_name", "Amara")


def test_a_truncated_ciphertext_is_refused_as_an_unknown_format(make_person):
    person = make_person(first_name="Amara")
    write_raw("first_name", person.id, b"\x07junk")
    with pytest.raises(DecryptionError, match="unknown ciphertext format"):
        _ = reload(person.uuid).first_name


def test_a_different_key_under_the_same_kek_id_fails_with_a_clear_logged_error(
        app, make_person, caplog):
    person = make_person(first_name="Amara")
    db.session.commit()
    active = app.config["KEY_RING"]["active"]
    app.config["KEY_RING"] = {"active": active, "keys": {active: os.urandom(32)}}
    fresh = reload(person.uuid)
    with caplog.at_level(logging.ERROR, logger="shared.crypto"), \
            pytest.raises(KeyUnwrapError, match=f"key-encryption key '{active}'"):
        _ = fresh.first_name
    assert str(person.data_key.uuid) in caplog.text
    assert "Amara" not in caplog.text


def test_a_kek_missing_from_the_ring_is_named(app, make_person):
    person = make_person(first_name="Amara")
    db.session.commit()
    app.config["KEY_RING"] = {"active": "k9", "keys": {"k9": os.urandom(32)}}
    with pytest.raises(UnknownKeyError, match="'k1' is not in the key ring"):
        _ = reload(person.uuid).first_name


def test_reading_fields_of_an_erased_person_gives_the_erased_marker(make_person):
    from shared.crypto.datakeys import destroy

    person = make_person(first_name="Amara", alias=None)
    destroy(person.data_key)
    db.session.flush()
    fresh = reload(person.uuid)
    assert fresh.first_name is ERASED
    assert fresh.alias is ERASED
    assert str(fresh.date_of_birth) == "[erased]"


def test_a_new_person_gets_a_uuid_and_a_data_key_before_flushing():
    person = Person(first_name="Amara")
    assert person.uuid is not None
    assert person.data_key.kek_id == "k1"
    assert person.first_name == "Amara"


def _assert_logged_without_value(caplog, person, column: str, value: str) -> None:
    messages = [r.getMessage() for r in caplog.records if r.name == "shared.crypto"]
    assert any(f"people.{column}" in m and str(person.uuid) in m for m in messages), messages
    assert value not in caplog.text
