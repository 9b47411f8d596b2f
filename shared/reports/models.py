"""The statistics rollup: counts by month, programme and BCU, kept beside the cases."""

from __future__ import annotations

from sqlalchemy import Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shared.extensions import db


class ReportCount(db.Model):
    """How many cases of one month, programme and BCU count towards one measure's value.

    Only clear, coarse values: a measure (e.g. "gender") and a value (e.g. "Female"). BCU 0
    stands for "not recorded", so the unique key never holds a NULL (NULLs are all distinct);
    programme "*" and BCU -1 are the pre-summed "all programmes" and "all BCUs" levels.
    """

    __tablename__ = "report_counts"
    __table_args__ = (
        UniqueConstraint("month", "programme", "bcu_id", "measure", "value",
                         name="uq_report_counts_key"),
        # The dashboard reads one programme/BCU level over a range of months (index-only scan).
        Index("ix_report_counts_level", "programme", "bcu_id", "measure", "month", "value",
              "n"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7))
    programme: Mapped[str] = mapped_column(String(20))
    bcu_id: Mapped[int] = mapped_column(Integer)
    measure: Mapped[str] = mapped_column(String(24))
    value: Mapped[str] = mapped_column(String(40))
    n: Mapped[int] = mapped_column(Integer, default=0)


class ReportCaseFact(db.Model):
    """What one case last contributed to the rollup, so a change can be applied as a delta.

    No foreign key: when a case is deleted its fact must outlive it long enough to be taken
    back out of the counts.
    """

    __tablename__ = "report_case_facts"
    case_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    month: Mapped[str] = mapped_column(String(7))
    programme: Mapped[str] = mapped_column(String(20))
    bcu_id: Mapped[int] = mapped_column(Integer)
    contributions: Mapped[str] = mapped_column(String(600))

