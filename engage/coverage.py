"""ENGAGE coverage by borough and financial year, seeded from PCD 1295 and edited by admins."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select

from engage.choices import COVERAGE_STATUSES
from engage.models import Coverage
from shared.audit import services as audit
from shared.cases.services import CaseError
from shared.db import utcnow
from shared.extensions import db
from shared.reference.models import Bcu, Borough

# PCD 1295 para 2.7-2.9: 18 boroughs in 7 BCUs delivering in 2022-23; the decision funds all
# 32 boroughs in 12 BCUs for 2023-24, which we seed as planned (the desired row of Table 1).
DELIVERING_2022_23 = ("NA", "CN", "EA", "SN", "AS", "SE", "NW")
SEED = {"2022-23": lambda bcu_code: "delivering" if bcu_code in DELIVERING_2022_23 else "absent",
        "2023-24": lambda bcu_code: "planned"}
YEAR = re.compile(r"^(20\d\d)-(\d\d)$")


def load_coverage() -> int:
    """Add the seed rows that are missing (never overwriting an admin's edit); return count."""
    existing = set(db.session.execute(select(Coverage.financial_year, Coverage.borough_id)))
    added = 0
    for borough in db.session.scalars(select(Borough).join(Bcu)):
        for year, status_for in SEED.items():
            if (year, borough.id) not in existing:
                db.session.add(Coverage(financial_year=year, borough_id=borough.id,
                                        status=status_for(borough.bcu.code)))
                added += 1
    db.session.flush()
    return added


@dataclass
class BcuCoverage:
    """One BCU in one year: its boroughs and their statuses."""

    bcu: Bcu
    rows: list[Coverage] = field(default_factory=list)

    @property
    def status(self) -> str:
        """The BCU's summary: delivering if any borough delivers, else planned, else absent."""
        statuses = {row.status for row in self.rows}
        return next((s for s in COVERAGE_STATUSES if s in statuses), "absent")


def years() -> list[str]:
    """Financial years with coverage rows, oldest first."""
    return sorted(db.session.scalars(select(Coverage.financial_year).distinct()))


def by_bcu(year: str) -> list[BcuCoverage]:
    """The year's coverage grouped by BCU (by code), boroughs by name."""
    rows = db.session.scalars(select(Coverage).join(Borough).join(Bcu).where(
        Coverage.financial_year == year).order_by(Bcu.code, Borough.name))
    grouped: dict[int, BcuCoverage] = {}
    for row in rows:
        grouped.setdefault(row.borough.bcu_id, BcuCoverage(row.borough.bcu)).rows.append(row)
    return list(grouped.values())


def counts(year: str) -> dict[str, dict[str, int]]:
    """For each status, how many boroughs and BCUs (a BCU counts under its summary status)."""
    result = {s: {"boroughs": 0, "bcus": 0} for s in COVERAGE_STATUSES}
    for group in by_bcu(year):
        result[group.status]["bcus"] += 1
        for row in group.rows:
            result[row.status]["boroughs"] += 1
    return result


def change_status(row: Coverage, status: str) -> bool:
    """Set one borough's status for its year; True if it changed."""
    if status not in COVERAGE_STATUSES:
        raise CaseError("Choose delivering, planned or absent", "status")
    if status == row.status:
        return False
    row.status, row.updated_at = status, utcnow()
    audit.record("reference_changed", "engage_coverage", None,
                 detail=f"{row.financial_year} {row.borough.name}: {status}")
    return True


def add_year(year: str) -> int:
    """Start a financial year such as 2024-25 with every borough absent; return rows added."""
    match = YEAR.match(year or "")
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        raise CaseError("Enter a financial year like 2024-25", "year")
    if year in years():
        raise CaseError("That financial year is already listed", "year")
    boroughs = list(db.session.scalars(select(Borough)))
    db.session.add_all(Coverage(financial_year=year, borough_id=b.id, status="absent")
                       for b in boroughs)
    db.session.flush()
    audit.record("reference_changed", "engage_coverage", None, detail=f"{year} added")
    return len(boroughs)
