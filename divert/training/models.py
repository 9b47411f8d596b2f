"""Officer training: who was trained (no names), staff per strand, sessions and their feedback."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.crypto.datakeys import DataKey, DataKeyOwner
from shared.crypto.fields import Ciphertext, Encrypted
from shared.db import PublicIdMixin, UTCDateTime, utcnow
from shared.extensions import db
from shared.reference.models import Bcu


class TrainingRecord(db.Model):
    """One officer trained on the DIVERT app: strand, BCU and date only, never a name."""

    __tablename__ = "training_records"
    id: Mapped[int] = mapped_column(primary_key=True)
    strand: Mapped[str] = mapped_column(String(30), index=True)
    bcu_id: Mapped[int] = mapped_column(ForeignKey("bcus.id"), index=True)
    trained_on: Mapped[date] = mapped_column(Date)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    bcu: Mapped[Bcu] = relationship()


class StrandStaff(db.Model):
    """How many staff work in a strand, in one BCU or (BCU empty) across London."""

    __tablename__ = "strand_staff"
    id: Mapped[int] = mapped_column(primary_key=True)
    strand: Mapped[str] = mapped_column(String(30), index=True)
    bcu_id: Mapped[int | None] = mapped_column(ForeignKey("bcus.id"), index=True)
    staff: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    bcu: Mapped[Bcu | None] = relationship()


class TrainingSession(PublicIdMixin, db.Model):
    """A training session; its feedback link takes at most one response per attendee."""

    __tablename__ = "training_sessions"
    __table_args__ = (
        CheckConstraint("responses <= attendees", name="responses_within_attendees"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[date] = mapped_column(Date)
    bcu_id: Mapped[int] = mapped_column(ForeignKey("bcus.id"), index=True)
    strand: Mapped[str] = mapped_column(String(30))
    attendees: Mapped[int] = mapped_column(Integer)
    # Counted by a conditional UPDATE, so concurrent answers can never pass the attendee count.
    responses: Mapped[int] = mapped_column(Integer, default=0)
    # Only the SHA-256 of the link's token is kept: the database alone cannot open the form.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    bcu: Mapped[Bcu] = relationship()


class SurveyResponse(PublicIdMixin, DataKeyOwner, db.Model):
    """One anonymous answer to the feedback form; its free-text comment is sealed.

    The form asks officers not to name anyone, but a comment is free text and could; so it is
    sealed with the answer's own data key, like any field that might identify someone.
    """

    __tablename__ = "survey_responses"
    __table_args__ = (
        CheckConstraint("training_rating BETWEEN 1 AND 5", name="training_rating_range"),
        CheckConstraint("app_rating BETWEEN 1 AND 5", name="app_rating_range"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("training_sessions.id", ondelete="CASCADE"), index=True)
    training_rating: Mapped[int] = mapped_column(SmallInteger)
    app_rating: Mapped[int] = mapped_column(SmallInteger)
    # Only an answer with a comment has a data key.
    data_key_id: Mapped[int | None] = mapped_column(ForeignKey("data_keys.id"), unique=True)
    data_key: Mapped[DataKey | None] = relationship(lazy="joined")
    # About the training, never about a young person; escaped wherever it is shown.
    _comment: Mapped[bytes | None] = mapped_column("comment", Ciphertext)
    comment = Encrypted()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    session: Mapped[TrainingSession] = relationship()

    def __init__(self, **kwargs) -> None:
        comment = kwargs.pop("comment", None)
        super().__init__(**kwargs)
        if comment:  # no key for an answer without a comment
            self.comment = comment
