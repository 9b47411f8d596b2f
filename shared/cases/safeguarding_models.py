"""Safeguarding concerns on a case: the description, any statutory referral and the outcome
are sealed under the young person's key; the category, urgency and times are clear."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from shared.auth.models import User
from shared.cases.keys import UsesCaseKey
from shared.cases.models import Case
from shared.crypto.fields import Ciphertext, Encrypted
from shared.db import PublicIdMixin, UTCDateTime, utcnow
from shared.extensions import db


class SafeguardingConcern(UsesCaseKey, PublicIdMixin, db.Model):
    """A worker's safeguarding concern, shown on the case until it is resolved."""

    __tablename__ = "safeguarding_concerns"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(30))
    urgency: Mapped[str] = mapped_column(String(12))
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    raised_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    referred_to: Mapped[str | None] = mapped_column(String(30))
    referred_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    _description: Mapped[bytes | None] = mapped_column("description", Ciphertext)
    _referral_reference: Mapped[bytes | None] = mapped_column("referral_reference", Ciphertext)
    _outcome: Mapped[bytes | None] = mapped_column("outcome", Ciphertext)
    description = Encrypted()
    referral_reference = Encrypted()
    outcome = Encrypted()
    case: Mapped[Case] = relationship(backref=backref(
        "safeguarding_concerns", order_by="SafeguardingConcern.id",
        cascade="all, delete-orphan"))
    raised_by: Mapped[User | None] = relationship(foreign_keys=[raised_by_id])
