"""The counts on each role's home page, each with a link to where the work is.

Each count stops just past COUNT_CAP (shown "more than 1,000"), as the case lists do: an exact
count of a large backlog would cost more than the page. Programmes add their own counts
through seams.add_home_count.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask import url_for
from sqlalchemy import Select, exists, func, select

from shared.auth.models import User
from shared.auth.roles import Role
from shared.cases.models import Case, CaseEvent
from shared.cases.plan_models import Action, Goal
from shared.cases.queries import COUNT_CAP
from shared.cases.scoping import case_scope, scoped_cases
from shared.cases.states import Status
from shared.clock import today
from shared.extensions import db
from shared.notifications import inbox
from shared.privacy.models import SubjectAccessRequest
from shared.seams import HomeCount, seams

# A subject access request is "nearing its deadline" this many days before it is due.
SAR_WARNING_DAYS = 7


def capped_count(query: Select) -> int:
    """Rows QUERY finds, counting no further than just past COUNT_CAP."""
    capped = query.order_by(None).limit(COUNT_CAP + 1).subquery()
    return db.session.scalar(select(func.count()).select_from(capped))


def count(label: str, query: Select, href: str) -> HomeCount:
    """A capped count of QUERY, shown as LABEL, linking to HREF."""
    return HomeCount(label, capped_count(query), href, COUNT_CAP)


def _referred_back() -> exists:
    return exists().where(CaseEvent.case_id == Case.id, CaseEvent.kind == "refer_back")


def awaiting_triage(user: User) -> HomeCount:
    """New referrals awaiting triage (not referred back)."""
    query = scoped_cases(user).with_only_columns(Case.id).where(
        Case.status == Status.SUBMITTED.value, ~_referred_back())
    return count("New referrals awaiting triage", query, url_for("cases.queue"))


def referred_back(user: User) -> HomeCount:
    """Cases a partner referred back, awaiting triage again."""
    # Driven from the (few) refer-back events, not from every case awaiting triage.
    sent_back = select(CaseEvent.case_id).where(CaseEvent.kind == "refer_back")
    query = scoped_cases(user).with_only_columns(Case.id).where(
        Case.status == Status.SUBMITTED.value, Case.id.in_(sent_back))
    return count("Cases referred back to you", query, url_for("cases.queue"))


def handoffs_out(user: User) -> HomeCount:
    """Hand-offs waiting for a partner's answer (the coordinator's side)."""
    query = scoped_cases(user).with_only_columns(Case.id).where(
        Case.status == Status.HANDED_OFF.value)
    return count("Hand-offs waiting for a partner's answer", query, url_for("cases.queue"))


def handoffs_to_answer(user: User) -> HomeCount:
    """Hand-offs waiting for the partner's own answer."""
    query = scoped_cases(user).with_only_columns(Case.id).where(
        Case.status == Status.HANDED_OFF.value)
    return count("Hand-offs waiting for your answer", query, url_for("partners.caseload"))


def overdue_actions(user: User) -> HomeCount:
    """Open plan actions past due that are the user's role's to do, on cases in scope."""
    owner = "partner" if Role(user.role) is Role.PARTNER else "coordinator"
    query = (select(Action.id).join(Goal, Action.goal_id == Goal.id)
             .join(Case, Goal.case_id == Case.id)
             .where(Action.status == "open", Action.owner == owner,
                    Action.due_date < today(), Case.closed_at.is_(None), case_scope(user)))
    href = url_for("partners.caseload" if owner == "partner" else "cases.queue")
    return count("Your overdue actions", query, href)


def sars_near_deadline(user: User) -> HomeCount:
    """Open subject access requests due within SAR_WARNING_DAYS (or already overdue)."""
    query = select(SubjectAccessRequest.id).where(
        SubjectAccessRequest.status == "open",
        SubjectAccessRequest.due_on <= today() + timedelta(days=SAR_WARNING_DAYS))
    return count(f"Subject access requests due within {SAR_WARNING_DAYS} days or overdue",
                 query, url_for("privacy.request_list"))


def unread(user: User) -> HomeCount:
    """Unread notifications (the header's count)."""
    return HomeCount("Unread notifications", inbox.unread_count(user),
                     url_for("notifications.index"), inbox.UNREAD_CAP)


PLATFORM_COUNTS: dict[Role, list[Callable[[User], HomeCount | None]]] = {
    Role.COORDINATOR: [overdue_actions, referred_back, awaiting_triage, handoffs_out],
    Role.PARTNER: [handoffs_to_answer, overdue_actions],
    Role.DPO: [sars_near_deadline],
}


def home_counts(user: User) -> list[HomeCount]:
    """Every count on USER's home page: the platform's, the programmes', then the inbox."""
    role = Role(user.role)
    builders = PLATFORM_COUNTS.get(role, []) + seams().home_counts.get(role.value, [])
    return [found for build in builders if (found := build(user)) is not None] + [unread(user)]
