"""Dashboard filters from the query string: one fixed period, a financial year (April-March).

Why only that (docs/statistics.md): two pages whose filters overlap can be subtracted, and the
difference is a count that neither page shows (January to March less January to February is
March; London less every BCU but one is that BCU). Financial years never overlap, so each
year's page is a release of its own, protected as a whole; the breakdowns by programme, BCU
and borough are rows and columns of that release, never separate pages.

A filter name or value outside the list is refused with a message that never repeats what was
sent and never names a column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from shared.clock import today
from shared.extensions import db
from shared.reports.models import ReportCount

ALLOWED = ("year",)
YEAR = re.compile(r"^(20\d\d)-(\d\d)$")


class FilterError(ValueError):
    """A refused filter; the message is safe to show (it quotes nothing from the request)."""


@dataclass(frozen=True)
class Filters:
    """A financial year, e.g. "2023-24" (April 2023 to March 2024)."""

    year: str

    @property
    def month_from(self) -> str:
        """The year's first month, YYYY-MM."""
        return f"{self.year[:4]}-04"

    @property
    def month_to(self) -> str:
        """The year's last month, YYYY-MM."""
        return f"{int(self.year[:4]) + 1}-03"

    # The dashboard never narrows to a programme or a BCU: those are the tables' columns and rows.
    programme = None
    bcu_id = None

    def query_args(self) -> dict:
        """The filters as query-string arguments (for CSV links)."""
        return {"year": self.year}

    def as_dict(self) -> dict:
        """The filters as shown in summary.json."""
        return {"year": self.year, "from": self.month_from, "to": self.month_to}


def financial_year(day: date) -> str:
    """The financial year DAY falls in, e.g. "2023-24" for 1 April 2023 to 31 March 2024."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def years() -> list[str]:
    """Every year the page offers: from the first referral's year to the current one."""
    current = financial_year(today())
    first = db.session.scalar(select(func.min(ReportCount.month)).where(ReportCount.n > 0))
    start = int(financial_year(date.fromisoformat(f"{first}-01"))[:4]) if first else None
    end = int(current[:4])
    start = min(start, end) if start is not None else end
    last = _latest_year()
    if last is not None:
        end = max(end, int(last[:4]))
    return [f"{y}-{(y + 1) % 100:02d}" for y in range(end, start - 1, -1)]


def _latest_year() -> str | None:
    last = db.session.scalar(select(func.max(ReportCount.month)).where(ReportCount.n > 0))
    return financial_year(date.fromisoformat(f"{last}-01")) if last else None


def parse_filters(args: MultiDict) -> Filters:
    """Filters from request ARGS, or FilterError. No year: the latest year with referrals."""
    if any(name not in ALLOWED for name in args):
        raise FilterError("Unknown filter. The only filter is year, a financial year such as "
                          "2023-24.")
    if len(args.getlist("year")) > 1:
        raise FilterError("Give the year filter at most once.")
    value = (args.get("year") or "").strip()
    if not value:
        return Filters(_latest_year() or financial_year(today()))
    match = YEAR.match(value)
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise FilterError("Filter 'year' must be a financial year written as 2023-24 (April "
                          "2023 to March 2024).")
    return Filters(value)
