"""Read-only views of cases for pages: paged queues, duplicates, partner choices."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, func, literal, select, tuple_

from shared.auth.models import User
from shared.cases.models import Case
from shared.cases.scoping import case_scope, scoped_cases
from shared.cases.states import Status
from shared.extensions import db
from shared.people.services import find_possible_duplicates
from shared.reference.models import Organisation

OPEN = (Status.ACCEPTED, Status.PLAN_AGREED, Status.HANDED_OFF, Status.ENGAGED)
OPEN_VALUES = tuple(s.value for s in OPEN)
PAGE_SIZE = 50
# Counting a list stops here: exact counts of hundreds of thousands cost more than the page.
COUNT_CAP = 1_000
OLDEST_FIRST = (Case.submitted_at, Case.id)
MOST_URGENT_FIRST = (Case.priority, Case.submitted_at, Case.id)
# Each list reads one page straight off an index in its own order (see Case.__table_args__).


class CasePage(list):
    """One page of a case list, with the list's size and the cases to page on from."""

    def __init__(self, cases: list[Case], total: int, after: Case | None, before: Case | None):
        super().__init__(cases)
        self.total = total
        self.next_after = after.uuid if after is not None else None
        self.previous_before = before.uuid if before is not None else None

    @property
    def count_label(self) -> str:
        """The list's size for a caption: exact, or 'more than 1,000'."""
        return f"more than {COUNT_CAP:,}" if self.total > COUNT_CAP else f"{self.total:,}"


def count_of(query: Select) -> int:
    """How many cases QUERY finds, counting no further than just past COUNT_CAP."""
    capped = query.with_only_columns(Case.id).order_by(None).limit(COUNT_CAP + 1).subquery()
    return db.session.scalar(select(func.count()).select_from(capped))


def page_of(user: User, query: Select, order: tuple, after: str | None = None,
            before: str | None = None, size: int | None = None,
            counted: Select | None = None) -> CasePage:
    """The page of QUERY (in ORDER) after or before the case with public id AFTER or BEFORE.

    The total counts COUNTED when given (a wider list this page is part of), else QUERY.
    """
    size = size or PAGE_SIZE
    total = count_of(query if counted is None else counted)
    anchor = keyset_anchor(user, order, before or after)
    if anchor is not None and before:
        rows = _rows(query.where(tuple_(*order) < tuple_(*anchor)), order, size, desc=True)
        cases = rows[:size][::-1]
        return CasePage(cases, total, cases[-1] if cases else None,
                        cases[0] if len(rows) > size else None)
    if anchor is not None:
        query = query.where(tuple_(*order) > tuple_(*anchor))
    rows = _rows(query, order, size)
    cases = rows[:size]
    return CasePage(cases, total, cases[-1] if len(rows) > size else None,
                    cases[0] if anchor is not None and cases else None)


def keyset_anchor(user: User, order: tuple, public_id: str | None) -> tuple | None:
    """The ORDER values of the case named PUBLIC_ID, as typed literals, for keyset paging."""
    # The page boundary is named by a case's public id; one outside the user's scope (or
    # not a case at all) is ignored, so a cursor never reveals anything.
    try:
        parsed = uuid.UUID(str(public_id)) if public_id else None
    except ValueError:
        return None
    if parsed is None:
        return None
    row = db.session.execute(select(*order).where(Case.uuid == parsed, case_scope(user))).first()
    if row is None:
        return None
    # Typed, so a timestamp binds exactly as the column stores it.
    return tuple(literal(value, column.type) for column, value in zip(order, row, strict=True))


def _rows(query: Select, order: tuple, size: int, desc: bool = False) -> list[Case]:
    ordering = [column.desc() for column in order] if desc else list(order)
    return list(db.session.scalars(query.order_by(*ordering).limit(size + 1)).unique())


def triage_queue(user: User, after: str | None = None, before: str | None = None,
                 size: int | None = None) -> CasePage:
    """Referrals awaiting triage, oldest first (every day waiting matters), a page at a time."""
    query = scoped_cases(user).where(Case.status == Status.SUBMITTED.value)
    return page_of(user, query, OLDEST_FIRST, after, before, size)


def open_cases(user: User, after: str | None = None, before: str | None = None,
               size: int | None = None) -> CasePage:
    """Open cases, most urgent priority first, then oldest, a page at a time."""
    query = scoped_cases(user).where(Case.status.in_(OPEN_VALUES))
    page = page_of(user, query.where(Case.priority.is_not(None)), MOST_URGENT_FIRST, after,
                   before, size, counted=query)
    if page.next_after is None:
        # Triage gives every case it opens a priority, so none should lack one; if one ever
        # does, it still shows, after the rest, rather than drop out of the keyset.
        page.extend(db.session.scalars(query.where(Case.priority.is_(None))
                                       .order_by(*OLDEST_FIRST).limit(PAGE_SIZE)))
    return page


def earlier_referrals(user: User, case: Case) -> list[Case]:
    """Cases received before this one, within the user's scope, of people who match its person."""
    person = case.person
    if person.is_erased or not (person.last_name and person.date_of_birth):
        return []
    matches = find_possible_duplicates(person.first_name or "", person.last_name,
                                       person.date_of_birth)
    people_ids = [p.id for p in matches]
    if not people_ids:
        return []
    query = (scoped_cases(user).where(Case.person_id.in_(people_ids), Case.id != case.id,
                                      Case.submitted_at < case.submitted_at)
             .order_by(Case.submitted_at))
    return db.session.scalars(query).unique().all()


def partner_organisations() -> list[Organisation]:
    """Active partner organisations, by name."""
    return db.session.scalars(select(Organisation).where(
        Organisation.kind == "partner", Organisation.active).order_by(Organisation.name)).all()


def organisation_by_uuid(value: str) -> Organisation | None:
    """An organisation by its public id, or None for anything unparseable."""
    try:
        parsed = uuid.UUID(str(value))
    except ValueError:
        return None
    return db.session.scalar(select(Organisation).where(Organisation.uuid == parsed))
