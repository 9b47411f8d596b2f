"""The caseload on the API: the lists with names, search, assignment and the team's counts."""

from __future__ import annotations

import uuid
from datetime import date
from urllib.parse import urlencode

from flask import request
from flask_login import current_user
from pydantic import Field

from shared.api.fields import Out, Strict, text
from shared.api.registry import ApiRoutes
from shared.auth.roles import Role
from shared.worklists import assignment, filters, lists, rows, search, team

routes = ApiRoutes()
BOTH = (Role.COORDINATOR, Role.PARTNER)


class CaseRow(Out):
    """A case as a list shows it: the young person's name because the user is in scope."""

    id: uuid.UUID
    reference: str
    name: str
    age: int | None
    borough: str | None
    programme: str
    partner: str | None
    risk: str | None
    priority: str | None
    status: str
    coordinator: str | None
    worker: str | None
    next_due: date | None
    overdue: bool


class RowPage(Out):
    """A page of rows, with the links to the pages either side (keyset, by case id)."""

    items: list[CaseRow]
    total: str = Field(description="How many match: exact, or 'more than 1,000'")
    next: str | None
    previous: str | None


class ListParams(Strict):
    """A list's view, filters, sort and position; ids are public ids."""

    model_config = {"extra": "forbid", "strict": False}
    view: text(10, required=False) | None = Field(None, description="open (default) or closed")
    status: text(30, required=False) | None = None
    programme: text(30, required=False) | None = None
    borough: text(40, required=False) | None = None
    bcu: text(40, required=False) | None = None
    partner: text(40, required=False) | None = None
    risk: text(10, required=False) | None = None
    assigned: text(12, required=False) | None = Field(None, description="me, unassigned, anyone")
    worker: text(40, required=False) | None = None
    overdue: text(3, required=False) | None = Field(None, description="yes")
    sort: text(10, required=False) | None = Field(None, description="oldest, newest, "
                                                  "priority, risk")
    after: text(40, required=False) | None = None
    before: text(40, required=False) | None = None
    limit: int = Field(lists.PAGE_SIZE, ge=1, le=100)


class SearchParams(Strict):
    """What to search by: a reference, or a surname (and first name), or a date of birth."""

    model_config = {"extra": "forbid", "strict": False}
    reference: text(20, required=False) | None = None
    surname: text(100, required=False) | None = None
    first_name: text(100, required=False) | None = None
    date_of_birth: date | None = None


class RowList(Out):
    """Rows, all of them (search answers at most 50)."""

    items: list[CaseRow]


class AssignRequest(Strict):
    """Cases to assign (public ids) and the colleague to name, or null for nobody."""

    model_config = {"extra": "forbid", "strict": False}
    cases: list[uuid.UUID] = Field(min_length=1, max_length=200)
    assignee: uuid.UUID | None = None


class Assigned(Out):
    """How many cases were assigned."""

    assigned: int


class WorkerCount(Out):
    """One worker's (null: nobody's) open cases, with overdue and due-soon counts (capped)."""

    worker: str | None
    worker_id: uuid.UUID | None
    open_cases: int
    overdue: int
    due_soon: int


class TeamCounts(Out):
    """Every colleague's caseload, then the unassigned cases."""

    items: list[WorkerCount]


@routes.operation("GET", "/caseload", "Cases in scope with names, filtered and sorted",
                  roles=BOTH, query=ListParams, response=RowPage, tag="caseload")
def case_rows(query: ListParams):
    """Open (or closed) cases with names; every case listed is audited."""
    params = query.model_dump(exclude_none=True, exclude={"after", "before", "limit"})
    view = params.pop("view", "open")
    if view not in filters.VIEWS:
        raise filters.FilterRefused("Choose a view from the list: open or closed", "view")
    wanted = filters.parse(params, view=view)
    page = lists.case_list(current_user, wanted, query.after, query.before, query.limit)
    return RowPage(items=[_row(r) for r in rows.rows_of(list(page), "api")],
                   total=page.count_label, next=_link("after", page.next_after),
                   previous=_link("before", page.previous_before))


@routes.operation("GET", "/caseload/search", "Search cases in scope by reference, name or DOB",
                  roles=BOTH, query=SearchParams, response=RowList, tag="caseload")
def search_cases(query: SearchParams):
    """Blind-index search within scope; results audited."""
    found = search.search(current_user, query.reference, query.surname, query.first_name,
                          query.date_of_birth)
    return RowList(items=[_row(r) for r in rows.rows_of(found.cases, "search")])


@routes.operation("POST", "/caseload/assign", "Assign cases to a colleague (all or none)",
                  roles=BOTH, body=AssignRequest, response=Assigned, tag="caseload")
def assign_cases(body: AssignRequest):
    """Name a colleague (or nobody) on every case given; refused as a whole if any is not yours."""
    assignee = assignment.colleague_by_uuid(current_user, body.assignee and str(body.assignee))
    return Assigned(assigned=assignment.assign_many(current_user, [str(c) for c in body.cases],
                                                    assignee))


@routes.operation("GET", "/caseload/team", "Each colleague's caseload counts", roles=BOTH,
                  response=TeamCounts, tag="caseload")
def team_counts():
    """Open cases, cases with overdue actions and with actions due today or tomorrow."""
    return TeamCounts(items=[WorkerCount(
        worker=load.worker.full_name if load.worker else None,
        worker_id=load.worker.uuid if load.worker else None, open_cases=load.open_cases,
        overdue=load.overdue, due_soon=load.due_soon) for load in team.team_caseload(
            current_user)])


def _row(row: rows.Row) -> CaseRow:
    return CaseRow(id=row.case.uuid, reference=row.case.reference, name=row.name, age=row.age,
                   borough=row.borough, programme=row.programme, partner=row.partner,
                   risk=row.risk, priority=row.priority, status=row.status,
                   coordinator=row.coordinator, worker=row.worker, next_due=row.next_due,
                   overdue=row.overdue)


def _link(name: str, value) -> str | None:
    if value is None:
        return None
    args = {k: v for k, v in request.args.items() if k not in ("after", "before")}
    return f"{request.path}?{urlencode({**args, name: str(value)})}"
