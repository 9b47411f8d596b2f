"""The young person, identity encrypted field by field beside coarse, clear statistics."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, event, inspect
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.crypto.blind_index import blind_index, index_version, normalise
from shared.crypto.datakeys import DataKey, DataKeyOwner
from shared.crypto.fields import DATE, Ciphertext, Encrypted
from shared.db import PublicIdMixin, UTCDateTime, utcnow
from shared.extensions import db
from shared.reference.models import Borough

GENDERS = ("Female", "Male", "Non-binary", "Other", "Not stated")
ETHNICITY_GROUPS = ("Asian", "Black", "Mixed", "White", "Other", "Not stated")  # ONS 5+1
IDENTITY_FIELDS = (
    "first_name", "last_name", "alias", "date_of_birth", "address", "postcode", "phone",
    "email", "school_or_occupation",
)
# Purposes keep the two indexes unlinkable: equal surnames+DOB do not show in the name index.
SURNAME_DOB = "person:surname+dob"
NAME_DOB = "person:first+surname+dob"
# Search (shared/worklists/search.py): exact surname, surname prefix (+ birth year), and DOB.
SURNAME = "person:surname"
SURNAME_PREFIX = "person:surname-prefix"
SURNAME_PREFIX_YEAR = "person:surname-prefix+birth-year"
DOB = "person:dob"
PREFIX_LENGTH = 3


class Person(PublicIdMixin, DataKeyOwner, db.Model):
    """A young person referred to DIVERT or ENGAGE."""

    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    data_key_id: Mapped[int] = mapped_column(ForeignKey("data_keys.id"), unique=True)
    # Joined: reading any field needs the key, so load it with the person in one query.
    data_key: Mapped[DataKey] = relationship(lazy="joined", innerjoin=True)

    _first_name: Mapped[bytes | None] = mapped_column("first_name", Ciphertext)
    _last_name: Mapped[bytes | None] = mapped_column("last_name", Ciphertext)
    _alias: Mapped[bytes | None] = mapped_column("alias", Ciphertext)
    _date_of_birth: Mapped[bytes | None] = mapped_column("date_of_birth", Ciphertext)
    _address: Mapped[bytes | None] = mapped_column("address", Ciphertext)
    _postcode: Mapped[bytes | None] = mapped_column("postcode", Ciphertext)
    _phone: Mapped[bytes | None] = mapped_column("phone", Ciphertext)
    _email: Mapped[bytes | None] = mapped_column("email", Ciphertext)
    _school_or_occupation: Mapped[bytes | None] = mapped_column("school_or_occupation",
                                                                Ciphertext)
    first_name = Encrypted()
    last_name = Encrypted()
    alias = Encrypted()
    date_of_birth = Encrypted(DATE)
    address = Encrypted()
    postcode = Encrypted()
    phone = Encrypted()
    email = Encrypted()
    school_or_occupation = Encrypted()

    surname_dob_index: Mapped[str | None] = mapped_column(String(32), index=True)
    name_dob_index: Mapped[str | None] = mapped_column(String(32), index=True)
    surname_index: Mapped[str | None] = mapped_column(String(32), index=True)
    surname_prefix_index: Mapped[str | None] = mapped_column(String(32), index=True)
    surname_prefix_year_index: Mapped[str | None] = mapped_column(String(32), index=True)
    dob_index: Mapped[str | None] = mapped_column(String(32), index=True)
    # The fold and key the two indexes were made with (blind_index.index_version).
    index_version: Mapped[str | None] = mapped_column(String(16), index=True)

    age_band: Mapped[str | None] = mapped_column(String(5))
    gender: Mapped[str | None] = mapped_column(String(20))
    ethnicity_group: Mapped[str | None] = mapped_column(String(12))
    borough_id: Mapped[int | None] = mapped_column(ForeignKey("boroughs.id"), index=True)
    borough: Mapped[Borough | None] = relationship()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __init__(self, **kwargs) -> None:
        # The UUID and data key must exist before any field is encrypted (they are in its AAD).
        self.uuid = kwargs.pop("uuid", None)
        self.ensure_data_key()
        super().__init__(**kwargs)

    @property
    def is_erased(self) -> bool:
        """True once the person's data key has been destroyed."""
        return self.erased_at is not None or self.data_key.destroyed

    def refresh_blind_indexes(self) -> None:
        """Recompute both duplicate-check indexes from the current name and date of birth."""
        if self.is_erased:
            self.surname_dob_index = self.name_dob_index = self.index_version = None
            self.surname_index = self.surname_prefix_index = None
            self.surname_prefix_year_index = self.dob_index = None
            return
        dob = self.date_of_birth.isoformat() if self.date_of_birth else None
        self.surname_dob_index = blind_index(SURNAME_DOB, self.last_name, dob)
        self.name_dob_index = blind_index(NAME_DOB, self.first_name, self.last_name, dob)
        self.index_version = index_version()
        self.refresh_search_indexes()

    def refresh_search_indexes(self) -> None:
        """Recompute the search indexes: surname, its prefix (alone and with birth year), DOB."""
        for name, value in search_indexes(self.last_name, self.date_of_birth).items():
            setattr(self, name, value)


def search_indexes(last_name: str | None, date_of_birth) -> dict[str, str | None]:
    """The search blind indexes of a surname and date of birth, by column name."""
    surname = search_key(last_name)
    prefix = surname[:PREFIX_LENGTH] if len(surname) >= PREFIX_LENGTH else None
    year = str(date_of_birth.year) if date_of_birth else None
    return {
        "surname_index": blind_index(SURNAME, surname or None),
        "surname_prefix_index": blind_index(SURNAME_PREFIX, prefix),
        "surname_prefix_year_index": blind_index(SURNAME_PREFIX_YEAR, prefix, year),
        "dob_index": blind_index(DOB, date_of_birth.isoformat() if date_of_birth else None),
    }


def search_key(value: str | None) -> str:
    """A surname as search compares it: normalised, letters only (O'Brien-Smith: obriensmith)."""
    return "".join(ch for ch in normalise(value or "") if ch.isalpha())


_INDEXED = ("_first_name", "_last_name", "_date_of_birth")


@event.listens_for(Person, "before_insert")
@event.listens_for(Person, "before_update")
def _refresh_indexes(mapper, connection, person: Person) -> None:
    # In the flush, so direct assignments to the model keep the indexes right too.
    state = inspect(person)
    if person.is_erased or any(state.attrs[a].history.has_changes() for a in _INDEXED):
        person.refresh_blind_indexes()
