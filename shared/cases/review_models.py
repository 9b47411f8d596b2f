"""Outcomes over time: at acceptance, at each review and at exit, sealed under the person's key."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from shared.auth.models import User
from shared.cases.keys import JSON, UsesCaseKey
from shared.cases.models import Case
from shared.crypto.fields import Ciphertext, Encrypted
from shared.db import PublicIdMixin, UTCDateTime, utcnow
from shared.extensions import db


class OutcomeReview(UsesCaseKey, PublicIdMixin, db.Model):
    """One measurement: Goal Based Outcomes (0-10 per goal), ETE status and trust in police.

    The answers are the young person's own view, so they are sealed; the stage and the date
    are clear, to order the measurements.
    """

    __tablename__ = "outcome_reviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(12))  # acceptance, review or exit
    reviewed_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # {"goals": {goal uuid: 0-10}, "ete_status": code, "trust_police": 0-10}
    _answers: Mapped[bytes | None] = mapped_column("answers", Ciphertext)
    answers = Encrypted(JSON)
    case: Mapped[Case] = relationship(backref=backref(
        "outcome_reviews", order_by="OutcomeReview.reviewed_on, OutcomeReview.id",
        cascade="all, delete-orphan"))
    recorded_by: Mapped[User | None] = relationship()
