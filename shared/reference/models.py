"""Metropolitan Police BCUs, London boroughs and custody suites."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import PublicIdMixin
from shared.extensions import db


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
