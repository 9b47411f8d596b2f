"""Named workers: who holds a case within the organisations that may see it. Never widens access."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from shared.audit import services as audit
from shared.auth.models import User
from shared.auth.roles import Role
from shared.cases.models import Case
from shared.cases.scoping import is_visible, scoped_cases
from shared.cases.services import CaseError, add_event, ensure_not_erased
from shared.cases.states import Status
from shared.extensions import db
from shared.notifications.inbox import notify

# A partner's youth worker is named once the organisation has accepted the case.
WORKER_STATUSES = (Status.ENGAGED.value, Status.CLOSED.value)


class AssignmentRefused(CaseError):
    """An assignment that cannot be made as asked."""


def colleagues(actor: User) -> list[User]:
    """Active users of ACTOR's organisation and role: whom ACTOR may assign cases to."""
    return db.session.scalars(select(User).where(
        User.organisation_id == actor.organisation_id, User.role == actor.role, User.active)
        .order_by(User.full_name, User.id)).all()


def colleague_by_uuid(actor: User, public_id: str | None) -> User | None:
    """A colleague of ACTOR by public id; None for 'nobody'; refused for anyone else."""
    if not public_id:
        return None
    try:
        wanted = uuid.UUID(str(public_id))
    except ValueError:
        wanted = None
    found = next((u for u in colleagues(actor) if u.uuid == wanted), None)
    if found is None:
        raise AssignmentRefused("Choose a colleague from the list", "assignee")
    return found


def assign(case: Case, actor: User, assignee: User | None) -> None:
    """Name ASSIGNEE (or nobody) as the case's coordinator or, for a partner, its youth worker."""
    ensure_not_erased(case)
    partner = Role(actor.role) is Role.PARTNER
    # The assignee must already see the case: assignment never gives anyone access.
    if assignee is not None and (assignee.role != actor.role or not assignee.active
                                 or not is_visible(assignee, case)):
        raise AssignmentRefused("That person cannot work on this case", "assignee")
    if partner and case.status not in WORKER_STATUSES:
        raise AssignmentRefused("A youth worker is named once your organisation accepts the "
                                "case", "assignee")
    field = "worker_id" if partner else "coordinator_id"
    new_id = assignee.id if assignee else None
    if getattr(case, field) == new_id:
        return
    setattr(case, field, new_id)
    what = "Youth worker" if partner else "Coordinator"
    add_event(case, actor, "assign", f"{what} {'assigned' if assignee else 'unassigned'}")
    audit.record("change", "case", case.uuid, actor=actor,
                 detail=f"assigned {field[:-3]}={assignee.uuid if assignee else 'nobody'}")
    if assignee is not None and assignee.id != actor.id:
        notify(assignee, "assigned", case.reference, f"/cases/{case.uuid}")


def assign_many(actor: User, case_ids: list[str], assignee: User | None) -> int:
    """Assign every case named in CASE_IDS (public ids), all or none; returns how many."""
    wanted = _parse_all(case_ids)
    if not wanted:
        raise AssignmentRefused("Select at least one case", "cases")
    found = db.session.scalars(scoped_cases(actor).where(Case.uuid.in_(wanted))).unique().all()
    if len(found) != len(wanted):
        # One case out of scope (or unknown) refuses the lot, saying nothing about which.
        raise AssignmentRefused("One or more of the selected cases cannot be assigned by you",
                                "cases")
    for case in sorted(found, key=lambda c: c.id):
        assign(case, actor, assignee)
    return len(found)


def _parse_all(values: list[str]) -> set[uuid.UUID]:
    parsed = set()
    for value in values:
        try:
            parsed.add(uuid.UUID(str(value)))
        except ValueError:
            raise AssignmentRefused("One or more of the selected cases cannot be assigned by "
                                    "you", "cases") from None
    return parsed
