"""The one place that decides which cases a user may see; every case query goes through it."""

from __future__ import annotations

import uuid as uuid_module

from flask import abort
from sqlalchemy import Select, and_, false, select
from sqlalchemy.sql.elements import ColumnElement

from shared.audit.services import record_surviving
from shared.auth.models import User
from shared.auth.roles import Role
from shared.cases.models import Case
from shared.extensions import db
from shared.reference.suites import suite_ids_of
from shared.seams import custody_programme_for, run_by


def case_scope(user: User) -> ColumnElement[bool]:
    """The condition a case must meet for USER to see it (false for roles that see none)."""
    role = Role(user.role)
    if role is Role.COORDINATOR:
        # Every case of the programmes their organisation runs.
        programmes = run_by(user.organisation.kind)
        return Case.programme.in_(programmes) if programmes else false()
    if role is Role.PARTNER:
        return Case.partner_organisation_id == user.organisation_id
    if role is Role.CUSTODY_WORKER:
        # Their own suites, and only their own service's programme: a DIVERT custody coach
        # at the same suite as an ENGAGE worker never sees the children's cases.
        programme = custody_programme_for(user.organisation.kind)
        return and_(Case.programme == programme,
                    Case.custody_suite_id.in_(suite_ids_of(user.id)))
    # Officers see receipts (shared.cases.receipts), never cases; analysts only aggregates;
    # DPOs reach people only through a logged request; admins see no case content.
    return false()


def scoped_cases(user: User) -> Select:
    """SELECT of the cases USER may see."""
    return select(Case).where(case_scope(user))


def is_visible(user: User, case: Case) -> bool:
    """Whether USER may still see CASE (a partner who declined it may not)."""
    return db.session.scalar(select(Case.id).where(Case.id == case.id, case_scope(user))) \
        is not None


def get_case_or_404(user: User, case_uuid) -> Case:
    """The case if USER may see it; otherwise 404 (the same as missing), audited."""
    parsed = _parse_uuid(case_uuid)
    case = None
    if parsed is not None:
        case = db.session.scalar(scoped_cases(user).where(Case.uuid == parsed))
    if case is None:
        record_surviving("access_denied", "case", parsed, outcome="out_of_scope")
        abort(404)
    return case


def _parse_uuid(value) -> uuid_module.UUID | None:
    try:
        return uuid_module.UUID(str(value))
    except ValueError:
        return None
