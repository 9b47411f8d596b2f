"""Searching the audit log by person, user, organisation, action and date range."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy import func, select

from shared.audit.chain import VerifyResult
from shared.audit.checkpoint import CheckpointError
from shared.audit.cli import verify_now
from shared.audit.models import AuditEvent
from shared.auth.models import User
from shared.auth.services import find_user
from shared.cases.models import Case
from shared.clock import to_utc
from shared.extensions import db
from shared.people.services import find_possible_duplicates

PAGE_SIZE = 50


@dataclass
class AuditQuery:
    """What the DPO asked for; every part optional."""

    first_name: str | None = None
    last_name: str | None = None
    date_of_birth: date | None = None
    user_email: str | None = None
    organisation: str | None = None
    action: str | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass
class AuditPage:
    """One page of matching events."""

    events: list[AuditEvent]
    total: int
    page: int
    pages: int

    def actors(self) -> dict:
        """The name of each member of staff on this page, by their public id."""
        ids = {e.actor_uuid for e in self.events if e.actor_uuid is not None}
        if not ids:
            return {}
        return dict(db.session.execute(select(User.uuid, User.full_name)
                                       .where(User.uuid.in_(ids))).all())


def search(query: AuditQuery, page: int = 1) -> AuditPage:
    """Matching events, newest first, PAGE_SIZE to a page."""
    conditions = _conditions(query)
    if conditions is None:
        return AuditPage([], 0, 1, 1)
    total = db.session.scalar(select(func.count()).select_from(AuditEvent).where(*conditions))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    events = db.session.scalars(select(AuditEvent).where(*conditions)
                                .order_by(AuditEvent.seq.desc())
                                .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return AuditPage(list(events), total, page, pages)


def _conditions(query: AuditQuery) -> list | None:
    """SQL conditions for QUERY; None when a named person or user matches nobody."""
    conditions = []
    if query.last_name and query.date_of_birth:
        uuids = _person_object_uuids(query)
        if not uuids:
            return None
        conditions.append(AuditEvent.object_uuid.in_(uuids))
    if query.user_email:
        user = find_user(query.user_email)
        if user is None:
            return None
        conditions.append(AuditEvent.actor_uuid == user.uuid)
    if query.organisation:
        conditions.append(AuditEvent.actor_organisation == query.organisation)
    if query.action:
        conditions.append(AuditEvent.action == query.action)
    # The DPO's dates are London's calendar days, so a day starts at London's midnight.
    if query.date_from:
        conditions.append(AuditEvent.at >= to_utc(query.date_from, time()))
    if query.date_to:
        conditions.append(AuditEvent.at < to_utc(query.date_to + timedelta(days=1), time()))
    return conditions


def _person_object_uuids(query: AuditQuery) -> list:
    people = find_possible_duplicates(query.first_name or "", query.last_name,
                                      query.date_of_birth)
    ids = [p.id for p in people]
    case_uuids = db.session.scalars(select(Case.uuid).where(Case.person_id.in_(ids))).all()
    return [*(p.uuid for p in people), *case_uuids]


def chain_status() -> VerifyResult:
    """The result `flask audit verify` would give now, against the latest checkpoint."""
    try:
        return verify_now()[0]
    except CheckpointError as error:
        return VerifyResult(False, 0, None, str(error), "checkpoint")
