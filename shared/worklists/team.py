"""A team lead's view: each worker's caseload, with counts of open cases, overdue and due soon."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from shared.auth.models import User
from shared.cases.models import Case
from shared.cases.queries import COUNT_CAP
from shared.cases.scoping import scoped_cases
from shared.extensions import db
from shared.worklists.assignment import colleagues
from shared.worklists.filters import OPEN_STATUSES
from shared.worklists.lists import assigned_column, due_soon_clause, overdue_clause

OPEN_VALUES = tuple(s.value for s in OPEN_STATUSES)


@dataclass
class WorkerLoad:
    """One worker's (or nobody's) open cases and what is due on them; counts capped."""

    worker: User | None
    open_cases: int
    overdue: int
    due_soon: int

    @staticmethod
    def label(count: int) -> str:
        """A count for the page: exact, or 'more than 1,000'."""
        return f"more than {COUNT_CAP:,}" if count > COUNT_CAP else f"{count:,}"


def team_caseload(lead: User) -> list[WorkerLoad]:
    """Every colleague of LEAD (same organisation and role), then the unassigned cases."""
    return [_load(lead, worker) for worker in colleagues(lead)] + [_load(lead, None)]


def _load(lead: User, worker: User | None) -> WorkerLoad:
    column = assigned_column(lead)
    mine = scoped_cases(lead).where(Case.status.in_(OPEN_VALUES),
                                    column.is_(None) if worker is None else column == worker.id)
    return WorkerLoad(worker, _capped(mine), _capped(mine.where(overdue_clause())),
                      _capped(mine.where(due_soon_clause())))


def _capped(query) -> int:
    # One worker's cases read off the (worker, status, submitted) index, no further than the cap.
    inner = query.with_only_columns(Case.id).order_by(None).limit(COUNT_CAP + 1).subquery()
    return db.session.scalar(select(func.count()).select_from(inner))
