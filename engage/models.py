"""Custody encounters and ENGAGE coverage by year."""

from __future__ import annotations

import uuid as uuid_module
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.auth.models import User
from shared.cases.models import Case
from shared.db import PublicIdMixin, UTCDateTime, utcnow
from shared.extensions import db
from shared.reference.models import Bcu, Borough, CustodySuite


class CustodyEncounter(PublicIdMixin, db.Model):
    """One offer of a youth worker (or coach) in custody; coarse values only, never a name.

    An accepted offer links to the case, which holds the person and the encrypted parent or
    carer details; a declined one keeps only what is needed to count it.
    """

    __tablename__ = "custody_encounters"
    # The home page counts follow-ups still to do at the worker's suites by release time; the
    # other columns it filters on are in the index, so no row is read (tests/bench/home_bench).
    __table_args__ = (Index("ix_custody_encounters_follow_up", "custody_suite_id",
                            "released_at", "accepted", "follow_up_held", "programme"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    # Set by the form when first shown: a double tap or a retry finds the same encounter.
    submission_id: Mapped[uuid_module.UUID] = mapped_column(Uuid, unique=True)
    programme: Mapped[str] = mapped_column(String(20), index=True)
    custody_suite_id: Mapped[int] = mapped_column(ForeignKey("custody_suites.id"), index=True)
    bcu_id: Mapped[int] = mapped_column(ForeignKey("bcus.id"), index=True)
    borough_id: Mapped[int | None] = mapped_column(ForeignKey("boroughs.id"), index=True)
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    age_band: Mapped[str] = mapped_column(String(5))
    accepted: Mapped[bool] = mapped_column(Boolean)
    episode: Mapped[str] = mapped_column(String(10))
    offence_category: Mapped[str] = mapped_column(String(20))
    police_outcome: Mapped[str | None] = mapped_column(String(25))
    liaison_diversion: Mapped[bool] = mapped_column(Boolean, default=False)
    # Whether a parent or carer consented to the follow-up (None: not asked, e.g. adults).
    parental_consent: Mapped[bool | None] = mapped_column(Boolean)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), unique=True)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    follow_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    follow_up_held: Mapped[bool | None] = mapped_column(Boolean)
    # When the worker was told the follow-up is due, and that it was missed (once each).
    follow_up_due_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    follow_up_missed_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    custody_suite: Mapped[CustodySuite] = relationship()
    bcu: Mapped[Bcu] = relationship()
    borough: Mapped[Borough | None] = relationship()
    case: Mapped[Case | None] = relationship()
    recorded_by: Mapped[User | None] = relationship()


class Coverage(db.Model):
    """Whether ENGAGE delivers in a borough in a financial year (PCD 1295, Table 1)."""

    __tablename__ = "engage_coverage"
    __table_args__ = (UniqueConstraint("financial_year", "borough_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    financial_year: Mapped[str] = mapped_column(String(7), index=True)
    borough_id: Mapped[int] = mapped_column(ForeignKey("boroughs.id"), index=True)
    status: Mapped[str] = mapped_column(String(10))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    borough: Mapped[Borough] = relationship()


__all__ = ["Coverage", "CustodyEncounter"]
