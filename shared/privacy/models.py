"""Subject access requests, rectification history, retention rules and the erasure log."""

from __future__ import annotations

import uuid as uuid_module
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.auth.models import User
from shared.cases.keys import UsesPersonKey
from shared.crypto.fields import Ciphertext, Encrypted
from shared.db import PublicIdMixin, UTCDateTime, utcnow
from shared.extensions import db
from shared.people.models import Person

SAR_STATUSES = {"open": "Open", "answered": "Answered", "withdrawn": "Withdrawn"}
RETENTION_ANCHORS = {"decision": "the last decision or closure",
                     "last_action": "the last action"}


class SubjectAccessRequest(PublicIdMixin, db.Model):
    """A young person's request for a copy of their data, answered within a calendar month."""

    __tablename__ = "subject_access_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    received_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_exported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    person: Mapped[Person] = relationship()
    created_by: Mapped[User | None] = relationship()


class Rectification(UsesPersonKey, PublicIdMixin, db.Model):
    """The old value of a corrected identity field, sealed with the person's data key."""

    __tablename__ = "rectifications"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    field: Mapped[str] = mapped_column(String(30))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    _old_value: Mapped[bytes | None] = mapped_column("old_value", Ciphertext)
    _reason: Mapped[bytes | None] = mapped_column("reason", Ciphertext)
    old_value = Encrypted()
    reason = Encrypted()
    person: Mapped[Person] = relationship()
    changed_by: Mapped[User | None] = relationship()

    def __init__(self, **kwargs) -> None:
        # Person first: the row borrows their data key before any field is sealed.
        self.person = kwargs.pop("person")
        self.uuid = kwargs.pop("uuid", None) or uuid_module.uuid4()
        super().__init__(**kwargs)

    def key_owner(self) -> Person:
        """The person whose field was corrected."""
        return self.person


class SarRedaction(UsesPersonKey, PublicIdMixin, db.Model):
    """One item the DPO withholds from a subject access copy (third-party data), and why.

    The reason may describe the third party, so it is sealed with the subject's data key.
    """

    __tablename__ = "sar_redactions"
    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("subject_access_requests.id"), index=True)
    item: Mapped[str] = mapped_column(String(200))  # a path in the export, e.g. referrals.0.concern
    _reason: Mapped[bytes | None] = mapped_column("reason", Ciphertext)
    reason = Encrypted()
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    request: Mapped[SubjectAccessRequest] = relationship()

    def __init__(self, **kwargs) -> None:
        self.request = kwargs.pop("request")
        self.uuid = kwargs.pop("uuid", None) or uuid_module.uuid4()
        super().__init__(**kwargs)

    def key_owner(self) -> Person:
        """The subject of the request."""
        return self.request.person


class RetentionRule(PublicIdMixin, db.Model):
    """How long cases that ended a given way are kept before the person is erased."""

    __tablename__ = "retention_rules"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(120))
    programme: Mapped[str | None] = mapped_column(String(20))  # None: every programme
    status: Mapped[str] = mapped_column(String(20))
    closure_reason: Mapped[str | None] = mapped_column(String(30))  # None: any reason
    anchor: Mapped[str] = mapped_column(String(12))
    keep_months: Mapped[int] = mapped_column(Integer)
    # "Until the person turns N, plus keep_months", whichever is later; None: no age floor.
    until_age: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class ErasureLog(db.Model):
    """Proof of an erasure that holds no personal data: whose uuid, which cases, why, when."""

    __tablename__ = "erasure_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_uuid: Mapped[uuid_module.UUID] = mapped_column(Uuid, unique=True)
    case_references: Mapped[str] = mapped_column(Text, default="")
    rule: Mapped[str] = mapped_column(String(40))  # a retention rule code, or "request"
    # DPA 2018 s.62: the request's own reference (a letter, an email) and the reason typed.
    request_reference: Mapped[str | None] = mapped_column(String(60))
    reason: Mapped[str | None] = mapped_column(Text)
    erased_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
