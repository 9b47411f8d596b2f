"""Training coverage: officers trained against staff in each strand, London-wide and per BCU."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select

from divert.training.models import StrandStaff, TrainingRecord
from shared.cases.choices import STRANDS
from shared.extensions import db
from shared.reference.models import Bcu
from shared.reports import suppression

# PCD 1295 reports the two CID strands together ("168 of 375, 45%").
CID_STRANDS = ("local_investigation", "public_protection")
CID_LABEL = "Local Investigation and Public Protection (CID)"


def percent(part: int, whole: int | None) -> str:
    """PART of WHOLE as a whole percentage, rounded half up; '' when WHOLE is unknown or 0."""
    if not whole:
        return ""
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), ROUND_HALF_UP)
    return f"{value}%"


@dataclass
class Coverage:
    """Trained officers against staff in post for a strand (or strands) and place."""

    label: str
    trained: int
    staff: int | None

    @property
    def percentage(self) -> str:
        """Trained as a share of staff, e.g. '86%'."""
        return percent(self.trained, self.staff)


@dataclass
class BcuCoverage:
    """One BCU's row in a strand's breakdown, already suppressed for display."""

    bcu: str
    trained: str
    staff: str
    percentage: str


def strand_coverage() -> list[Coverage]:
    """London-wide coverage per strand, the CID strands together, and all strands."""
    trained = dict(db.session.execute(
        select(TrainingRecord.strand, func.count()).group_by(TrainingRecord.strand)).all())
    staff = staff_by_strand()
    rows = [Coverage(label, trained.get(key, 0), staff.get(key))
            for key, label in STRANDS.items() if trained.get(key) or key in staff]
    cid_staff = [staff.get(key) for key in CID_STRANDS]
    rows.append(Coverage(CID_LABEL, sum(trained.get(key, 0) for key in CID_STRANDS),
                         None if None in cid_staff else sum(cid_staff)))
    rows.append(Coverage("All strands", sum(trained.values()), None))
    return rows


def staff_by_strand() -> dict[str, int]:
    """Staff per strand: the London-wide figure if given, else the sum over BCUs."""
    totals: dict[str, int] = {}
    london: dict[str, int] = {}
    for strand, bcu_id, staff in db.session.execute(
            select(StrandStaff.strand, StrandStaff.bcu_id, StrandStaff.staff)):
        target = london if bcu_id is None else totals
        target[strand] = target.get(strand, 0) + staff
    return {**totals, **london}


def trained_total() -> int:
    """Every officer on the training roster."""
    return db.session.scalar(select(func.count()).select_from(TrainingRecord))


def bcu_breakdown() -> dict[str, list[BcuCoverage]]:
    """Per strand, each BCU's trained and staff counts, suppressed by shared/reports."""
    trained = {(s, b): n for s, b, n in db.session.execute(
        select(TrainingRecord.strand, TrainingRecord.bcu_id, func.count())
        .group_by(TrainingRecord.strand, TrainingRecord.bcu_id))}
    staff = {(s, b): n for s, b, n in db.session.execute(
        select(StrandStaff.strand, StrandStaff.bcu_id, StrandStaff.staff)
        .where(StrandStaff.bcu_id.is_not(None)))}
    bcus = db.session.execute(select(Bcu.id, Bcu.code, Bcu.name).order_by(Bcu.code)).all()
    breakdown = {}
    for key, label in STRANDS.items():
        rows = [(bcu_id, f"{code} {name}") for bcu_id, code, name in bcus
                if (key, bcu_id) in trained or (key, bcu_id) in staff]
        if rows:
            breakdown[label] = _suppressed_rows(key, rows, trained, staff)
    return breakdown


def _suppressed_rows(strand: str, rows: list, trained: dict, staff: dict) -> list[BcuCoverage]:
    # The BCU counts add up to the London figures shown above, so the totals row goes through
    # secondary suppression too: a lone "<5" could otherwise be worked out by subtraction.
    table = suppression.suppress(suppression.Table(
        strand, strand, ["Trained", "Staff"], [(str(i), name) for i, name in rows],
        [[trained.get((strand, i), 0), staff.get((strand, i), 0)] for i, _ in rows],
        column_totals=True))
    result = []
    for index, ((bcu_id, name), shown) in enumerate(zip(rows, table.rows, strict=False)):
        given = (strand, bcu_id) in staff
        hidden = {(index, 0), (index, 1)} & table.hidden
        result.append(BcuCoverage(
            name, _shown(shown["cells"][0]), _shown(shown["cells"][1]) if given else "not given",
            "" if hidden or not given else percent(trained.get((strand, bcu_id), 0),
                                                   staff[(strand, bcu_id)])))
    return result


def _shown(cell) -> str:
    return f"{cell:,}" if isinstance(cell, int) else cell
