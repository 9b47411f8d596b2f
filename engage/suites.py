"""Which custody suites a custody worker works at; admins change it, every change audited."""

from __future__ import annotations

from sqlalchemy import delete, select

from engage.models import SuiteAssignment
from shared.audit import services as audit
from shared.auth.models import User
from shared.auth.roles import Role
from shared.cases.services import CaseError
from shared.extensions import db
from shared.reference.models import CustodySuite


def assigned_suite_ids(user: User) -> set[int]:
    """Ids of the suites USER works at."""
    return set(db.session.scalars(select(SuiteAssignment.custody_suite_id).where(
        SuiteAssignment.user_id == user.id)))


def set_suites(user: User, suites: list[CustodySuite]) -> bool:
    """Make SUITES exactly the custody worker's suites; True if anything changed."""
    if Role(user.role) is not Role.CUSTODY_WORKER:
        raise CaseError("Only custody workers work at custody suites", "suites")
    wanted, current = {s.id for s in suites}, assigned_suite_ids(user)
    if wanted == current:
        return False
    db.session.execute(delete(SuiteAssignment).where(
        SuiteAssignment.user_id == user.id,
        SuiteAssignment.custody_suite_id.in_(current - wanted)))
    db.session.add_all(SuiteAssignment(user_id=user.id, custody_suite_id=suite_id)
                       for suite_id in sorted(wanted - current))
    db.session.flush()
    audit.record("change", "user", user.uuid,
                 detail=f"custody suites: {len(wanted - current)} added, "
                        f"{len(current - wanted)} removed")
    return True
