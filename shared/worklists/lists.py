"""Case lists a worker can work from: filtered, sorted, a keyset page at a time."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import Select, select, tuple_
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.elements import ColumnElement

from shared.auth.models import User
from shared.auth.roles import Role
from shared.cases.models import PRIORITY_RANK, RISK_RANK, Case
from shared.cases.plan_models import Action, Goal
from shared.cases.queries import CasePage, count_of, keyset_anchor
from shared.cases.scoping import scoped_cases
from shared.clock import today
from shared.extensions import db
from shared.reference.models import Bcu, Borough, Organisation
from shared.worklists.filters import ListFilters

PAGE_SIZE = 50
# Each sort: the columns of the keyset, and whether the list runs newest first.
SORT_ORDERS = {
    "oldest": ((Case.submitted_at, Case.id), False),
    "newest": ((Case.submitted_at, Case.id), True),
    "priority": ((PRIORITY_RANK, Case.submitted_at, Case.id), False),
    "risk": ((RISK_RANK, Case.submitted_at, Case.id), False),
}


def assigned_column(user: User):
    """The column naming a case's worker for USER's role: coordinator, or partner's worker."""
    return Case.worker_id if Role(user.role) is Role.PARTNER else Case.coordinator_id


def overdue_clause(on=None):
    """A case with an open plan action past its due date."""
    return _with_open_action(Action.due_date < (on or today()))


def due_soon_clause(on=None):
    """A case with an open plan action due today or tomorrow (a follow-up due)."""
    on = on or today()
    return _with_open_action(Action.due_date.between(on, on + timedelta(days=1)))


def _with_open_action(due) -> ColumnElement[bool]:
    # IN over one uncorrelated subquery: the database finds the few such cases once, rather
    # than looking for an action under every case it reads (3 s at 380,000 referrals).
    return Case.id.in_(select(Goal.case_id).join(Action).where(Action.status == "open", due))


def filtered(user: User, filters: ListFilters) -> Select:
    """SELECT of USER's cases that FILTERS ask for (scope first: a filter never widens it)."""
    query = scoped_cases(user).where(Case.status.in_(filters.statuses()))
    if filters.programme:
        query = query.where(Case.programme == filters.programme)
    if filters.risk:
        query = query.where(Case.risk_level == filters.risk)
    if filters.borough:
        query = query.where(Case.borough_id == _id_of(Borough, filters.borough))
    if filters.bcu:
        query = query.where(Case.bcu_id == _id_of(Bcu, filters.bcu))
    if filters.partner:
        query = query.where(Case.partner_organisation_id == _id_of(Organisation,
                                                                   filters.partner))
    column = assigned_column(user)
    if filters.worker:
        query = query.where(column == _id_of(User, filters.worker))
    elif filters.assigned == "me":
        query = query.where(column == user.id)
    elif filters.assigned == "unassigned":
        query = query.where(column.is_(None))
    if filters.overdue:
        query = query.where(overdue_clause())
    return query


def case_list(user: User, filters: ListFilters, after: str | None = None,
              before: str | None = None, size: int | None = None) -> CasePage:
    """One page of the list FILTERS ask for, in its sort, after or before a case's public id."""
    order, newest_first = SORT_ORDERS[filters.sort]
    query = filtered(user, filters).options(
        selectinload(Case.borough), selectinload(Case.partner_organisation),
        selectinload(Case.coordinator), selectinload(Case.worker))
    return keyset_page(user, query, order, newest_first, after, before, size or PAGE_SIZE)


def keyset_page(user: User, query: Select, order: tuple, descending: bool, after: str | None,
                before: str | None, size: int) -> CasePage:
    """The page of QUERY in ORDER (all ascending, or all descending) around a case's public id."""
    total = count_of(query)
    anchor = keyset_anchor(user, order, before or after)
    forward = before is None or anchor is None
    key, boundary = tuple_(*order), tuple_(*anchor) if anchor is not None else None
    # Reading backwards is reading the other way round, then turning the page back over.
    ascending = forward != descending
    if boundary is not None:
        query = query.where(key > boundary if ascending else key < boundary)
    ordering = list(order) if ascending else [column.desc() for column in order]
    rows = list(db.session.scalars(query.order_by(*ordering).limit(size + 1)).unique())
    cases = rows[:size]
    if forward:
        return CasePage(cases, total, cases[-1] if len(rows) > size else None,
                        cases[0] if anchor is not None and cases else None)
    cases.reverse()
    return CasePage(cases, total, cases[-1] if cases else None,
                    cases[0] if len(rows) > size else None)


def _id_of(model, public_id: uuid.UUID) -> int:
    # An unknown id filters to nothing (-1 is never a row id) rather than to everything.
    found = db.session.scalar(select(model.id).where(model.uuid == public_id))
    return found if found is not None else -1


