"""What a list row shows of each case, decrypted for a user in scope; every row shown is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from shared.audit import services as audit
from shared.cases import choices
from shared.cases.models import Case
from shared.cases.plan_models import Action, Goal
from shared.cases.states import STATUS_LABELS, Status
from shared.clock import today
from shared.extensions import db
from shared.people.ages import age_on
from shared.seams import labels


@dataclass
class Row:
    """One case as a list shows it."""

    case: Case
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


def rows_of(cases: list[Case], shown_in: str) -> list[Row]:
    """Rows for CASES, recording in the audit that SHOWN_IN showed each case's young person."""
    due = next_due_dates([c.id for c in cases])
    on, programme_labels = today(), labels()
    found = [_row(case, due.get(case.id), on, programme_labels) for case in cases]
    # As the case page does for one: an event for each case whose young person the list named.
    audit.record_many("view", "case", [case.uuid for case in cases],
                      detail=f"list: {shown_in}"[:200])
    return found


def next_due_dates(case_ids: list[int]) -> dict[int, date]:
    """The earliest open plan action's due date of each case, in one query."""
    if not case_ids:
        return {}
    query = (select(Goal.case_id, func.min(Action.due_date)).join(Action)
             .where(Goal.case_id.in_(case_ids), Action.status == "open")
             .group_by(Goal.case_id))
    return dict(db.session.execute(query).all())


def _row(case: Case, next_due: date | None, on: date, programme_labels: dict) -> Row:
    person = case.person
    erased = person.is_erased
    name = "Details erased" if erased else " ".join(
        part for part in (person.first_name, person.last_name) if part) or "No name recorded"
    dob = None if erased else person.date_of_birth
    return Row(
        case=case, name=name, age=age_on(dob, on) if dob else None,
        borough=case.borough.name if case.borough else None,
        programme=programme_labels.get(case.programme, case.programme),
        partner=case.partner_organisation.name if case.partner_organisation else None,
        risk=choices.RISK_LEVELS.get(case.risk_level), priority=choices.PRIORITIES.get(
            case.priority), status=STATUS_LABELS[Status(case.status)],
        coordinator=case.coordinator.full_name if case.coordinator else None,
        worker=case.worker.full_name if case.worker else None,
        next_due=next_due, overdue=next_due is not None and next_due < on)
