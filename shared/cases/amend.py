"""Correcting goals, actions and the outcome, and reopening a closed case: nothing is lost.

Each edit goes through shared.cases.corrections.keep, which seals the earlier values under the
young person's key with who, when and why.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from shared.audit import services as audit
from shared.auth.models import User
from shared.auth.roles import Role
from shared.cases import choices, corrections, plans, services
from shared.cases.models import Case, CaseEvent
from shared.cases.plan_models import Action, Goal
from shared.cases.services import CaseError, add_event, ensure_not_erased
from shared.cases.states import Status
from shared.extensions import db


def correct_goal(goal: Goal, actor: User, title: str, reason: str) -> None:
    """Change a goal's wording."""
    plans.check_editable(goal.case)
    corrections.check_reason(reason)
    title = plans.checked_text(title, "title", "the goal")
    corrections.keep(goal.case, actor, "goal", goal.uuid, {"title": goal.title},
                     {"title": title}, reason)
    goal.title = title


def correct_action(action: Action, actor: User, description: str, owner: str, due: date,
                   reason: str) -> None:
    """Change an action's wording, owner or due date."""
    case = action.goal.case
    plans.check_editable(case)
    corrections.check_reason(reason)
    description = plans.checked_text(description, "description", "the action")
    plans.check_owner_and_due(owner, due)
    before = {"description": action.description, "owner": action.owner,
              "due_date": action.due_date}
    after = {"description": description, "owner": owner, "due_date": due}
    corrections.keep(case, actor, "action", action.uuid, before, after, reason)
    action.description, action.owner, action.due_date = description, owner, due
    # A new due date may make it overdue again: let the notice go once more.
    if before["due_date"] != due:
        action.overdue_notified_at = None


def outcome_of(case: Case) -> dict:
    """The recorded outcome as the correction form and the history show it."""
    return {"engaged": case.engaged, "needs": sorted((case.needs_addressed or "").split(",")
                                                     if case.needs_addressed else []),
            "ete_outcome": case.ete_outcome}


def correct_outcome(case: Case, actor: User, engaged: bool, needs: list[str],
                    ete_outcome: str | None, reason: str) -> None:
    """Change the partner's saved outcome, keeping the earlier one."""
    ensure_not_erased(case)
    if Role(actor.role) is not Role.PARTNER or actor.organisation_id != \
            case.partner_organisation_id or case.status != Status.ENGAGED.value:
        raise CaseError("Only the partner holding the case can correct its outcome")
    if case.engaged is None:
        raise CaseError("No outcome has been saved yet")
    corrections.check_reason(reason)
    after = {"engaged": engaged, "needs": sorted(needs), "ete_outcome": ete_outcome}
    before = outcome_of(case)
    if before == after:
        raise CaseError("Nothing was changed: change a value, or go back to the case")
    services.record_outcome(case, actor, engaged, needs, ete_outcome)
    corrections.keep(case, actor, "outcome", case.uuid, before, after, reason)


def reopen(case: Case, actor: User, reason: str) -> Status:
    """A coordinator reopens a closed case, back where it was before closing."""
    ensure_not_erased(case)
    if Role(actor.role) is not Role.COORDINATOR:
        raise CaseError("Only a coordinator can reopen a case")
    reason = corrections.check_reason(reason)
    if case.status != Status.CLOSED.value:
        raise CaseError("Only a closed case can be reopened")
    target = _status_before_closing(case)
    db.session.flush()
    # Conditional on the status, as every transition: of two reopens exactly one happens.
    changed = db.session.execute(
        update(Case).where(Case.id == case.id, Case.status == Status.CLOSED.value)
        .values(status=target.value).execution_options(synchronize_session=False)).rowcount
    if changed != 1:
        db.session.refresh(case)
        raise CaseError("Someone has already reopened this case. Reload it to see its state.")
    set_committed_value(case, "status", target.value)
    corrections.keep(case, actor, "closure", case.uuid, _closure_of(case),
                     {"closed_at": None, "closure_reason": None, "closure_note": None}, reason)
    case.closed_at, case.closure_reason, case.closure_note = None, None, None
    add_event(case, actor, "reopen", "Reopened by the coordinator", reason,
              Status.CLOSED.value, target.value)
    audit.record("change", "case", case.uuid, actor=actor, detail="transition=reopen")
    return target


def _closure_of(case: Case) -> dict:
    label = choices.CLOSURE_REASONS.get(case.closure_reason, case.closure_reason)
    return {"closed_at": case.closed_at, "closure_reason": label,
            "closure_note": case.closure_note}


def _status_before_closing(case: Case) -> Status:
    """Where the case was when it was closed; engaged only while a partner still holds it."""
    before = db.session.scalar(
        select(CaseEvent.from_status).where(CaseEvent.case_id == case.id,
                                            CaseEvent.kind == "close")
        .order_by(CaseEvent.id.desc()).limit(1))
    status = Status(before) if before else Status.ACCEPTED
    if status is Status.ENGAGED and case.partner_organisation_id is None:
        return Status.PLAN_AGREED
    return status
