"""The audit events and the single row that holds the head of their hash chain."""

from __future__ import annotations

import uuid as uuid_module
from datetime import datetime

from sqlalchemy import BigInteger, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import UTCDateTime
from shared.extensions import db

GENESIS_HASH = "0" * 64


class AuditEvent(db.Model):
    """One audited act. Actors are copied by value so the log outlives their accounts."""

    __tablename__ = "audit_events"
    seq: Mapped[int] = mapped_column(BigInteger().with_variant(db.Integer, "sqlite"),
                                     primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor_uuid: Mapped[uuid_module.UUID | None] = mapped_column(Uuid, index=True)
    actor_role: Mapped[str | None] = mapped_column(String(20))
    actor_organisation: Mapped[str | None] = mapped_column(String(16), index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_uuid: Mapped[uuid_module.UUID | None] = mapped_column(Uuid, index=True)
    outcome: Mapped[str] = mapped_column(String(20), default="ok")
    request_id: Mapped[str | None] = mapped_column(String(32))
    detail: Mapped[str | None] = mapped_column(String(200))
    # Where the request came from (the client, behind TRUSTED_PROXIES): DPA 2018 s.62.
    source_address: Mapped[str | None] = mapped_column(String(45))
    # The audit key the MAC is under; NULL for entries from before the chain was keyed.
    key_id: Mapped[str | None] = mapped_column(String(16))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)  # the entry's MAC


class AuditHead(db.Model):
    """The chain's head: taking its row lock serialises writers across processes."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger().with_variant(db.Integer, "sqlite"))
    last_hash: Mapped[str] = mapped_column(String(64))
