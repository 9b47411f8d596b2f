"""Changing the action plan; each change is kept in the case timeline (the plan's history)."""

from __future__ import annotations

from datetime import date, timedelta

from shared.audit import services as audit
from shared.auth.models import User
from shared.cases.models import Case
from shared.cases.plan_models import ACTION_OWNERS, ACTION_STATUSES, Action, Goal
from shared.cases.services import CaseError, add_event, ensure_not_erased
from shared.cases.states import Status
from shared.clock import today
from shared.extensions import db

EDITABLE = {Status.ACCEPTED, Status.PLAN_AGREED, Status.HANDED_OFF, Status.ENGAGED}
MAX_TEXT = 500


def add_goal(case: Case, actor: User, title: str) -> Goal:
    """Add a goal to the plan."""
    check_editable(case)
    goal = Goal(case=case)
    goal.title = checked_text(title, "title", "the goal")
    db.session.add(goal)
    add_event(case, actor, "plan", "Goal added")
    audit.record("change", "case", case.uuid, actor=actor, detail="plan goal added")
    return goal


def add_action(goal: Goal, actor: User, description: str, owner: str, due: date) -> Action:
    """Add an action with an owner and due date to a goal."""
    check_editable(goal.case)
    check_owner_and_due(owner, due)
    action = Action(goal=goal, owner=owner, due_date=due)
    action.description = checked_text(description, "description", "the action")
    db.session.add(action)
    add_event(goal.case, actor, "plan",
              f"Action added for: {ACTION_OWNERS[owner]}, due {due:%d %b %Y}")
    audit.record("change", "case", goal.case.uuid, actor=actor, detail="plan action added")
    return action


def set_action_status(action: Action, actor: User, status: str) -> None:
    """Mark an action open, done or no longer needed."""
    case = action.goal.case
    check_editable(case)
    if status not in ACTION_STATUSES:
        raise CaseError("Choose a status from the list", "status")
    if status == action.status:
        return
    old = ACTION_STATUSES[action.status].lower()
    action.status = status
    add_event(case, actor, "plan", f"Action due {action.due_date:%d %b %Y}: {old} → "
              f"{ACTION_STATUSES[status].lower()}")
    audit.record("change", "case", case.uuid, actor=actor, detail="plan action status")


def check_owner_and_due(owner: str, due: date) -> None:
    """Refuse an owner not in the list or a due date outside the plan's range."""
    if owner not in ACTION_OWNERS:
        raise CaseError("Choose who owns the action", "owner")
    if not isinstance(due, date) or not today() - timedelta(days=31) <= due <= today() + \
            timedelta(days=731):
        raise CaseError("Enter a due date within the next two years", "due_date")


def overdue_actions(case: Case, on: date | None = None) -> list[Action]:
    """Open actions past their due date."""
    on = on or today()
    return [a for goal in case.goals for a in goal.actions if a.is_overdue(on)]


def is_editable(case: Case) -> bool:
    """Whether the plan may change in the case's current status."""
    return Status(case.status) in EDITABLE


def check_editable(case: Case) -> None:
    """Refuse a plan change on an erased person's case or outside the open statuses."""
    ensure_not_erased(case)
    if not is_editable(case):
        raise CaseError("The plan can only change while the case is open and accepted")


def checked_text(value: str | None, field: str, what: str) -> str:
    """VALUE stripped; refused if empty or too long."""
    value = (value or "").strip()
    if not value:
        raise CaseError(f"Describe {what}", field)
    if len(value) > MAX_TEXT:
        raise CaseError(f"Keep it to {MAX_TEXT} characters or fewer", field)
    return value
