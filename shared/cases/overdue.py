"""Telling the owner's organisation, once, that a plan action is past its due date."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from shared.cases.models import Case
from shared.cases.plan_models import Action, Goal
from shared.cases.services import notify_coordinators
from shared.clock import today
from shared.db import utcnow
from shared.extensions import db
from shared.notifications.inbox import notify_role


def unnotified_overdue(on: date, limit: int) -> list[Action]:
    """Open actions past due whose owner has not been told yet."""
    return db.session.scalars(
        select(Action).join(Goal).join(Case)
        .where(Action.status == "open", Action.due_date < on,
               Action.overdue_notified_at.is_(None), Case.closed_at.is_(None))
        .order_by(Action.id).limit(limit)
    ).all()


def notify_overdue(batch_size: int = 200, on: date | None = None) -> int:
    """Queue one overdue notice per action (reference and link only); returns how many."""
    sent, on = 0, on or today()
    while batch := unnotified_overdue(on, batch_size):
        for action in batch:
            _notify(action)
            action.overdue_notified_at = utcnow()
        db.session.commit()
        sent += len(batch)
    return sent


def _notify(action: Action) -> None:
    case = action.goal.case
    if action.owner == "partner" and case.partner_organisation_id:
        notify_role(case.partner_organisation_id, "partner", "overdue_action", case.reference,
                    f"/cases/{case.uuid}")
    else:
        notify_coordinators(case, "overdue_action")
