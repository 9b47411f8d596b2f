"""The history of corrections: each earlier value, sealed under the young person's key."""

from __future__ import annotations

import uuid as uuid_module
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Uuid
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from shared.auth.models import User
from shared.cases.keys import JSON, UsesCaseKey
from shared.cases.models import Case
from shared.crypto.fields import Ciphertext, Encrypted
from shared.db import PublicIdMixin, UTCDateTime, utcnow
from shared.extensions import db


class Correction(UsesCaseKey, PublicIdMixin, db.Model):
    """One edit of a case record: what it was before, who changed it, when and why.

    Erasure shreds it with everything else under the person's key.
    """

    __tablename__ = "case_corrections"
    __table_args__ = (Index("ix_case_corrections_record", "record_type", "record_uuid"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    # contact, goal, action, outcome, encounter, release or closure
    record_type: Mapped[str] = mapped_column(String(20))
    record_uuid: Mapped[uuid_module.UUID] = mapped_column(Uuid)
    corrected_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    corrected_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    _previous: Mapped[bytes | None] = mapped_column("previous", Ciphertext)
    _reason: Mapped[bytes | None] = mapped_column("reason", Ciphertext)
    previous = Encrypted(JSON)
    reason = Encrypted()
    case: Mapped[Case] = relationship(backref=backref(
        "corrections", order_by="Correction.id", cascade="all, delete-orphan"))
    corrected_by: Mapped[User | None] = relationship()
