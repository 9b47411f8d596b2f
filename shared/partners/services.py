"""A partner organisation's caseload: the hand-offs awaiting its answer and the cases it works."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import func

from shared.auth.models import User
from shared.cases.models import Case
from shared.cases.queries import OLDEST_FIRST, CasePage, page_of
from shared.cases.scoping import scoped_cases
from shared.cases.states import Status
from shared.extensions import db


def caseload(user: User, positions: Mapping[str, str] | None = None) -> dict[str, CasePage]:
    """A page of each list: hand-offs awaiting an answer, and cases being worked (oldest first).

    POSITIONS may hold pending_after / pending_before / active_after / active_before: the
    public id of the case a page starts after or ends before.
    """
    at = positions or {}
    return {name: page_of(user, scoped_cases(user).where(Case.status == status.value),
                          OLDEST_FIRST, at.get(f"{name}_after"), at.get(f"{name}_before"))
            for name, status in (("pending", Status.HANDED_OFF), ("active", Status.ENGAGED))}


def pending_count(user: User) -> int:
    """How many hand-offs await this organisation's answer."""
    query = scoped_cases(user).where(Case.status == Status.HANDED_OFF.value)
    return db.session.scalar(query.with_only_columns(func.count(Case.id)).order_by(None))
