"""Take-up and 48-hour follow-up rates, counted from coarse columns only, small numbers hidden.

Every table goes through shared.reports.suppression (counts 1-4 show as "<5", with secondary
suppression so a hidden count cannot be worked out from the totals). A rate is shown only on a
line whose counts are all shown and where at least 5 are counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from engage.follow_up import window, within_48_hours
from engage.models import CustodyEncounter
from shared.auth.models import User
from shared.auth.roles import Role
from shared.clock import LONDON
from shared.db import utcnow
from shared.extensions import db
from shared.reference.models import Bcu, CustodySuite
from shared.reports.suppression import SuppressedTable, Table, suppress
from shared.seams import programmes, run_by

MIN_FOR_RATE = 5
TAKE_UP_COLUMNS = ["Accepted", "Declined"]
FOLLOW_UP_COLUMNS = ["Held within 48 hours", "Not held within 48 hours", "Still inside 48 hours"]
ENGAGE_FOLLOW_UP = ("ENGAGE children released from custody and met by their youth worker "
                    "within 48 hours, per BCU, over all time (the date and BCU filters above "
                    "do not apply). Per-suite figures are on the Custody reports page.")


@dataclass
class Report:
    """A suppressed table with a rate per line (None where it would reveal a hidden count)."""

    table: SuppressedTable
    rates: list[str | None]


def report_programmes(user: User) -> list[str]:
    """The custody programmes USER may see statistics for."""
    custody = [code for code, p in programmes().items() if p.custody]
    if Role(user.role) is Role.ANALYST:
        return custody
    allowed = run_by(user.organisation.kind)
    return [p for p in custody if p in allowed]


def rate(cells: list, hits: int = 0, base: int = 2) -> str | None:
    """HITS column over the first BASE columns as a whole percentage, if safe to show."""
    if any(not isinstance(c, int) for c in cells):
        return None
    total = sum(cells[:base])
    return f"{round(100 * cells[hits] / total)}%" if total >= MIN_FOR_RATE else None


def _report(name: str, title: str, columns: list[str], counts: dict[str, list[int]]) -> Report:
    keys = list(counts)
    table = suppress(Table(name=name, title=title, columns=columns,
                           rows=[(key, key) for key in keys],
                           values=[counts[key] for key in keys],
                           row_totals=True, column_totals=True))
    return Report(table, [rate(row["cells"]) for row in table.rows])


def _rows(programme: str, *columns):
    return db.session.execute(
        select(*columns).join(CustodySuite, CustodyEncounter.custody_suite_id == CustodySuite.id)
        .join(Bcu, CustodyEncounter.bcu_id == Bcu.id)
        .where(CustodyEncounter.programme == programme))


def take_up(programme: str) -> Report:
    """Offers accepted and declined per custody suite and London month, newest month first."""
    counts: dict[tuple[str, str], list[int]] = {}
    for suite, entered_at, accepted in _rows(programme, CustodySuite.name,
                                             CustodyEncounter.entered_at,
                                             CustodyEncounter.accepted):
        month = entered_at.astimezone(LONDON).strftime("%Y-%m")
        counts.setdefault((month, suite), [0, 0])[0 if accepted else 1] += 1
    ordered = sorted(counts, key=lambda k: (-int(k[0].replace("-", "")), k[1]))
    return _report("take_up", "Offers accepted, by custody suite and month", TAKE_UP_COLUMNS,
                   {f"{suite}, {_month_label(month)}": counts[(month, suite)]
                    for month, suite in ordered})


def follow_up_rates(programme: str, now: datetime | None = None) -> dict[str, Report]:
    """Follow-ups held within 48 hours of release, per custody suite and per BCU.

    The rate's denominator is releases whose 48 hours have passed or whose meeting was held in
    time; releases still inside their window are shown separately, never counted as misses.
    """
    now = now or utcnow()
    per: dict[str, dict[str, list[int]]] = {"suite": {}, "bcu": {}}
    query = _rows(programme, CustodySuite.name, Bcu.code, Bcu.name, CustodyEncounter.released_at,
                  CustodyEncounter.follow_up_at, CustodyEncounter.follow_up_held,
                  CustodyEncounter.accepted)
    for suite, bcu_code, bcu_name, released, met_at, held, accepted in query:
        if released is None or not accepted:
            continue
        met = bool(held) and within_48_hours(released, met_at)
        column = 0 if met else (2 if window(released)[1] >= now else 1)
        for kind, label in (("suite", suite), ("bcu", f"{bcu_name} ({bcu_code})")):
            per[kind].setdefault(label, [0, 0, 0])[column] += 1
    return {kind: _report(f"follow_up_{kind}", f"Follow-ups held within 48 hours of release, "
                          f"by {'custody suite' if kind == 'suite' else 'BCU'}",
                          FOLLOW_UP_COLUMNS, dict(sorted(rows.items())))
            for kind, rows in per.items()}


def _month_label(month: str) -> str:
    return datetime.strptime(month, "%Y-%m").strftime("%B %Y")



def dashboard_follow_up() -> dict:
    """The 48-hour follow-up rate per BCU, suppressed by the ENGAGE report itself."""
    report = follow_up_rates("engage")["bcu"]
    return {"available": True, "table": report.table.as_dict(), "rates": report.rates,
            "note": ENGAGE_FOLLOW_UP}
