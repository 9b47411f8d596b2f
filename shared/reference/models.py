"""The base entities every programme stands on: organisations, BCUs, boroughs, custody suites
and which suites a custody worker works at."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import PublicIdMixin, UTCDateTime, utcnow
from shared.extensions import db

ORGANISATION_KINDS = {
    "operator": "Programme operator",
    "partner": "Partner organisation",
    "police": "Police",
    "local_authority": "Local authority",
    "vru": "Violence Reduction Unit",
    "other": "Other",
}


class Organisation(PublicIdMixin, db.Model):
    """An organisation, e.g. Arsenal in the Community (AITC); every user belongs to one."""

    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Bcu(PublicIdMixin, db.Model):
    """A Basic Command Unit, e.g. CN Central North."""

    __tablename__ = "bcus"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(4), unique=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    boroughs: Mapped[list[Borough]] = relationship(back_populates="bcu", order_by="Borough.name")
    custody_suites: Mapped[list[CustodySuite]] = relationship(
        back_populates="bcu", order_by="CustodySuite.name"
    )


class Borough(PublicIdMixin, db.Model):
    """A London borough, in exactly one BCU."""

    __tablename__ = "boroughs"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    bcu_id: Mapped[int] = mapped_column(ForeignKey("bcus.id"), index=True)
    bcu: Mapped[Bcu] = relationship(back_populates="boroughs")


class CustodySuite(PublicIdMixin, db.Model):
    """A police custody suite, in one BCU."""

    __tablename__ = "custody_suites"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    bcu_id: Mapped[int] = mapped_column(ForeignKey("bcus.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    bcu: Mapped[Bcu] = relationship(back_populates="custody_suites")


class SuiteAssignment(db.Model):
    """A custody worker works at this custody suite (and sees its encounters and cases).

    Suites serve every custody programme (ENGAGE youth workers and DIVERT custody coaches).
    """

    __tablename__ = "custody_suite_assignments"
    __table_args__ = (UniqueConstraint("user_id", "custody_suite_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    custody_suite_id: Mapped[int] = mapped_column(ForeignKey("custody_suites.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    custody_suite: Mapped[CustodySuite] = relationship()
