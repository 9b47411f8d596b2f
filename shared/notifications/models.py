"""The outbox: one row per email, written in the same transaction as the change it reports."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import PublicIdMixin, UTCDateTime, utcnow
from shared.extensions import db


class OutboxMessage(PublicIdMixin, db.Model):
    """An email waiting to be sent (sent_at is None) or already sent."""

    __tablename__ = "outbox_messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(30))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A class name and SMTP code at most: never a server's full reply, never credentials.
    last_error: Mapped[str | None] = mapped_column(String(200))

    __table_args__ = (
        # Partial index: the sender's "due and unsent" scan stays small however much was sent.
        Index("ix_outbox_messages_due", "next_attempt_at",
              postgresql_where=sent_at.is_(None), sqlite_where=sent_at.is_(None)),
        Index("ix_outbox_messages_sent_at", "sent_at"),
    )


class Notification(PublicIdMixin, db.Model):
    """One entry in a user's inbox: a fixed-wording event about one case, by reference only."""

    __tablename__ = "notifications"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    reference: Mapped[str] = mapped_column(String(12))
    link_path: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        # The inbox reads newest first per user; the header counts the unread ones.
        Index("ix_notifications_user_id", "user_id", "id"),
        Index("ix_notifications_unread", "user_id", "id",
              postgresql_where=read_at.is_(None), sqlite_where=read_at.is_(None)),
    )


class NotificationPreference(db.Model):
    """A user's choice for one kind of event: email or inbox only (absent: the kind's default)."""

    __tablename__ = "notification_preferences"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    email: Mapped[bool] = mapped_column(Boolean)
