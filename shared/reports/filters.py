"""Dashboard filters from the query string, taken only from an allow-list.

A filter name or value outside the list is refused with a message that never repeats what was
sent and never names a column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from shared.extensions import db
from shared.reference.models import Bcu
from shared.seams import programmes

ALLOWED = ("from", "to", "programme", "bcu")
MONTH = re.compile(r"^(20\d\d)-(0[1-9]|1[0-2])$")


class FilterError(ValueError):
    """A refused filter; the message is safe to show (it quotes nothing from the request)."""


@dataclass(frozen=True)
class Filters:
    """Validated filters: months as YYYY-MM, a programme code, a BCU."""

    month_from: str | None = None
    month_to: str | None = None
    programme: str | None = None
    bcu_code: str | None = None
    bcu_id: int | None = None

    def query_args(self) -> dict:
        """The filters as query-string arguments (for CSV links)."""
        args = {"from": self.month_from, "to": self.month_to, "programme": self.programme,
                "bcu": self.bcu_code}
        return {k: v for k, v in args.items() if v}

    def as_dict(self) -> dict:
        """The filters as shown in summary.json."""
        return {"from": self.month_from, "to": self.month_to, "programme": self.programme,
                "bcu": self.bcu_code}


def parse_filters(args: MultiDict) -> Filters:
    """Filters from request ARGS, or FilterError."""
    if any(name not in ALLOWED for name in args):
        raise FilterError("Unknown filter. The filters are: from, to, programme and bcu.")
    if any(len(args.getlist(name)) > 1 for name in args):
        raise FilterError("Give each filter at most once.")
    values = {name: (args.get(name) or "").strip() for name in ALLOWED}
    month_from, month_to = _month(values["from"], "from"), _month(values["to"], "to")
    if month_from and month_to and month_from > month_to:
        raise FilterError("Filter 'from' must not be a later month than filter 'to'.")
    programme = values["programme"] or None
    if programme is not None and programme not in programmes():
        raise FilterError("Filter 'programme' must be one of: " + ", ".join(programmes())
                          + ".")
    bcu_code, bcu_id = _bcu(values["bcu"])
    return Filters(month_from, month_to, programme, bcu_code, bcu_id)


def _month(value: str, name: str) -> str | None:
    if not value:
        return None
    if not MONTH.match(value):
        raise FilterError(f"Filter '{name}' must be a month written as YYYY-MM, e.g. 2023-04.")
    return value


def _bcu(value: str) -> tuple[str | None, int | None]:
    if not value:
        return None, None
    codes = dict(db.session.execute(select(Bcu.code, Bcu.id)).all())
    if value not in codes:
        raise FilterError("Filter 'bcu' must be one of the BCU codes: "
                          + ", ".join(sorted(codes)) + ".")
    return value, codes[value]
