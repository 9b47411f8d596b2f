"""The platform's API: tokens and the document, cases (every change through a service) and the
suppressed statistics. Programmes add their own operations from their api.py (shared.seams)."""

from __future__ import annotations

import uuid
from typing import Any

from flask import current_app, jsonify, request
from flask_login import current_user
from pydantic import ConfigDict, Field

from shared.api import case_schemas as cs
from shared.api import pagination, present, tokens
from shared.api.fields import Out, Strict
from shared.api.models import ApiToken
from shared.api.problems import ApiProblem, problem
from shared.api.registry import ApiRoutes
from shared.api.schemas import CaseStatus, TokenInfo, TokenIssued, TokenRequest
from shared.audit import services as audit
from shared.auth import throttle
from shared.auth.roles import Role
from shared.cases import contacts, plans, queries, services
from shared.cases.models import Case
from shared.cases.page import find_child
from shared.cases.plan_models import Action, Goal
from shared.cases.scoping import get_case_or_404, scoped_cases
from shared.cases.services import log_contact
from shared.extensions import db
from shared.reports import dashboard
from shared.reports.filters import FilterError, parse_filters
from shared.web import public

routes = ApiRoutes()

# --- tokens and the document ------------------------------------------------------------------

GENERIC_FAILURE = ("Enter a correct email address and password, and a current code from "
                   "your authenticator app if your role needs one. If it keeps failing, "
                   "ask your administrator.")
TokenPage = pagination.page_model(TokenInfo)


@routes.operation("POST", "/tokens", "Sign in and get a bearer token (valid for one hour)",
                  roles=None, body=TokenRequest, response=TokenIssued, status=201, tag="tokens",
                  rate_limited=True, extra_errors=(401,))
@throttle.by_address
@throttle.by_account
def create_token(body: TokenRequest):
    """Email, password and (where the role needs it) TOTP; one generic failure message."""
    try:
        row = tokens.sign_in(body.email, body.password, body.totp)
    except tokens.SignInRefused:
        # Returned, not raised: the failure count and the audit entry must be committed.
        return problem(401, GENERIC_FAILURE)
    return TokenIssued(id=row.uuid, token=row.token, expires_at=row.expires_at)


@routes.operation("GET", "/tokens", "Your live tokens", query=pagination.ListQuery,
                  response=TokenPage, tag="tokens")
def list_tokens(query: pagination.ListQuery):
    """Your own live tokens, newest first."""
    return _token_page(tokens.live_tokens(current_user), query)


@routes.operation("GET", "/admin/tokens", "Every live token (admins)", roles=(Role.ADMIN,),
                  query=pagination.ListQuery, response=TokenPage, tag="tokens")
def list_all_tokens(query: pagination.ListQuery):
    """Every user's live tokens, for an administrator."""
    return _token_page(tokens.live_tokens(), query)


@routes.operation("DELETE", "/tokens/{token_id}", "Revoke a token (yours; anyone's for admins)",
                  status=204, tag="tokens")
def revoke_token(token_id: uuid.UUID):
    """Revoke a token for good."""
    token = tokens.find_revocable(current_user, token_id)
    if token is None:
        raise ApiProblem(404, "There is no live token with that id that you can revoke.")
    tokens.revoke(token, current_user)


def _token_page(query, params: pagination.ListQuery):
    position = pagination.decode(params.cursor)
    rows = db.session.scalars(pagination.after(query, ApiToken.created_at, ApiToken.uuid,
                                               position).limit(params.limit + 1)).all()
    items, next_link = pagination.page(rows, params.limit, lambda t: (t.created_at, t.uuid))
    return TokenPage(items=[TokenInfo(id=t.uuid, user_email=t.user.email,
                                      created_at=t.created_at, expires_at=t.expires_at,
                                      last_used_at=t.last_used_at) for t in items],
                     next=next_link)


@routes.route("/openapi.json")
@public
def openapi_document():
    """The OpenAPI 3.1 document, generated from the routes and their schemas."""
    from shared.api.openapi import document

    return jsonify(document(current_app.config["SERVICE_NAME"]))


# --- cases ---------------------------------------------------------------------------------------

BOTH = (Role.COORDINATOR, Role.PARTNER)
CasePage = pagination.page_model(cs.CaseSummary)


class CaseListQuery(pagination.ListQuery):
    """The list's parameters: page, size and an optional status."""

    status: CaseStatus | None = None


@routes.operation("GET", "/cases", "Cases you may see, newest first", roles=BOTH,
                  query=CaseListQuery, response=CasePage)
def list_cases(query: CaseListQuery):
    """The coordinator's programmes, or the cases handed to the partner's organisation."""
    select_ = scoped_cases(current_user)
    if query.status is not None:
        select_ = select_.where(Case.status == query.status.value)
    select_ = pagination.after(select_, Case.submitted_at, Case.uuid,
                               pagination.decode(query.cursor)).limit(query.limit + 1)
    rows = db.session.scalars(select_).unique().all()
    items, next_link = pagination.page(rows, query.limit, lambda c: (c.submitted_at, c.uuid))
    return CasePage(items=[present.summary(c) for c in items], next=next_link)


@routes.operation("GET", "/cases/{case_id}", "One case, as the case page shows it", roles=BOTH,
                  response=cs.CaseDetail)
def show_case(case_id: uuid.UUID):
    """The case; every view is audited, out of scope is 404 and audited."""
    case = get_case_or_404(current_user, case_id)
    audit.record("view", "case", case.uuid)
    return present.detail(case)


def _change(case_id: uuid.UUID, change) -> cs.CaseSummary:
    case = get_case_or_404(current_user, case_id)
    change(case)
    db.session.flush()
    return present.summary(case)


@routes.operation("POST", "/cases/{case_id}/triage", "Triage: accept, decline or no further "
                  "action", roles=(Role.COORDINATOR,), body=cs.TriageRequest,
                  response=cs.CaseSummary, conflicts=True)
def triage(case_id: uuid.UUID, body: cs.TriageRequest):
    """Record the coordinator's decision."""
    return _change(case_id, lambda case: services.triage(
        case, current_user, body.decision.value, body.risk_level.value, body.priority,
        body.reason.value if body.reason else None, body.note or None))


@routes.operation("POST", "/cases/{case_id}/goals", "Add a goal to the plan", roles=BOTH,
                  body=cs.GoalRequest, response=cs.Created, status=201)
def add_goal(case_id: uuid.UUID, body: cs.GoalRequest):
    """Add a goal."""
    case = get_case_or_404(current_user, case_id)
    goal = plans.add_goal(case, current_user, body.title)
    db.session.flush()
    return present.created(goal, case)


@routes.operation("POST", "/cases/{case_id}/goals/{goal_id}/actions", "Add an action to a goal",
                  roles=BOTH, body=cs.ActionRequest, response=cs.Created, status=201)
def add_action(case_id: uuid.UUID, goal_id: uuid.UUID, body: cs.ActionRequest):
    """Add an action with an owner and a due date."""
    case = get_case_or_404(current_user, case_id)
    goal = find_child(case, Goal, goal_id)
    action = plans.add_action(goal, current_user, body.description, body.owner.value,
                              body.due_date)
    db.session.flush()
    return present.created(action, case)


@routes.operation("POST", "/cases/{case_id}/actions/{action_id}/status",
                  "Mark an action open, done or no longer needed", roles=BOTH,
                  body=cs.ActionStatusRequest, response=cs.CaseSummary)
def action_status(case_id: uuid.UUID, action_id: uuid.UUID, body: cs.ActionStatusRequest):
    """Change an action's status."""
    def change(case):
        plans.set_action_status(find_child(case, Action, action_id), current_user,
                                body.status.value)
    return _change(case_id, change)


@routes.operation("POST", "/cases/{case_id}/agree-plan", "Agree the action plan",
                  roles=(Role.COORDINATOR,), body=cs.EmptyRequest, response=cs.CaseSummary,
                  conflicts=True)
def agree_plan(case_id: uuid.UUID, body: cs.EmptyRequest):
    """Agree the plan (it needs a goal with an action)."""
    return _change(case_id, lambda case: services.agree_plan(case, current_user))


@routes.operation("POST", "/cases/{case_id}/handoff", "Hand the case to a partner",
                  roles=(Role.COORDINATOR,), body=cs.HandoffRequest, response=cs.CaseSummary,
                  conflicts=True)
def hand_off(case_id: uuid.UUID, body: cs.HandoffRequest):
    """Offer the case to a partner organisation."""
    return _change(case_id, lambda case: services.hand_off(
        case, current_user, queries.organisation_by_uuid(str(body.organisation)), body.reason))


@routes.operation("POST", "/cases/{case_id}/handoff/withdraw", "Withdraw a pending hand-off",
                  roles=(Role.COORDINATOR,), body=cs.EmptyRequest, response=cs.CaseSummary,
                  conflicts=True)
def withdraw_hand_off(case_id: uuid.UUID, body: cs.EmptyRequest):
    """Take back a hand-off the partner has not answered."""
    return _change(case_id, lambda case: services.withdraw_hand_off(case, current_user))


@routes.operation("POST", "/cases/{case_id}/handoff/decision", "Accept or decline a hand-off",
                  roles=(Role.PARTNER,), body=cs.DecisionRequest, response=cs.CaseSummary,
                  conflicts=True)
def decide_hand_off(case_id: uuid.UUID, body: cs.DecisionRequest):
    """The partner's answer; only the first answer counts (a declined case leaves your list)."""
    return _change(case_id, lambda case: services.decide_hand_off(
        case, current_user, body.accept,
        body.decline_reason.value if body.decline_reason else None, body.note or None))


@routes.operation("POST", "/cases/{case_id}/contacts", "Log a contact with the young person",
                  roles=BOTH, body=cs.ContactRequest, response=cs.Created, status=201)
def add_contact(case_id: uuid.UUID, body: cs.ContactRequest):
    """Record a contact (the coordinator, or the partner holding the case)."""
    case = get_case_or_404(current_user, case_id)
    if body.kind is not None and body.method is None and body.attendance is None:
        contact = log_contact(case, current_user, body.contact_date, body.kind.value,
                              body.notes or None)
    else:
        contact = contacts.record_contact(case, current_user, contacts.ContactDetails(
            on=body.contact_date, at=body.contact_time, duration_minutes=body.duration_minutes,
            method=body.method.value if body.method else "in_person",
            attendance=body.attendance.value if body.attendance else "attended",
            place=body.place or None, notes=body.notes or None))
    db.session.flush()
    return present.created(contact, case)


@routes.operation("POST", "/cases/{case_id}/outcome", "Record the outcome", roles=(Role.PARTNER,),
                  body=cs.OutcomeRequest, response=cs.CaseSummary)
def outcome(case_id: uuid.UUID, body: cs.OutcomeRequest):
    """Engagement, needs addressed and the ETE outcome."""
    return _change(case_id, lambda case: services.record_outcome(
        case, current_user, body.engaged, [n.value for n in body.needs],
        body.ete_outcome.value if body.ete_outcome else None))


@routes.operation("POST", "/cases/{case_id}/close", "Close the case", roles=BOTH,
                  body=cs.CloseRequest, response=cs.CaseSummary, conflicts=True)
def close(case_id: uuid.UUID, body: cs.CloseRequest):
    """Close with a reason from the list."""
    return _change(case_id, lambda case: services.close(case, current_user, body.reason.value,
                                                        body.note or None))


@routes.operation("POST", "/cases/{case_id}/refer-back", "Refer the young person back into triage",
                  roles=(Role.PARTNER,), body=cs.ReferBackRequest, response=cs.CaseSummary,
                  conflicts=True)
def refer_back(case_id: uuid.UUID, body: cs.ReferBackRequest):
    """Send the young person back to the coordinator."""
    return _change(case_id, lambda case: services.refer_back(case, current_user,
                                                             body.note or None))


# --- statistics ----------------------------------------------------------------------------------

YEAR = r"^20[0-9]{2}-[0-9]{2}$"


class StatsQuery(Strict):
    """Filter: one financial year, e.g. 2023-24 (docs/statistics.md says why nothing finer)."""

    model_config = ConfigDict(extra="forbid", strict=False, populate_by_name=True)
    year: str | None = Field(None, pattern=YEAR)


class StatsSummary(Out):
    """Every figure of the dashboard, small counts suppressed (see shared/reports/dashboard).

    Each programme's dashboard panel adds a member of its own (ENGAGE: engage_follow_up).
    """

    model_config = ConfigDict(extra="allow")
    filters: dict[str, Any]
    suppression: dict[str, Any]
    headline: dict[str, Any]
    tables: dict[str, Any]
    timeliness: dict[str, Any]
    funding: dict[str, Any]


@routes.operation("GET", "/stats/summary", "Suppressed statistics (the dashboard's figures)",
                  roles=(Role.ANALYST, Role.COORDINATOR), query=StatsQuery, response=StatsSummary,
                  tag="stats")
def stats_summary(query: StatsQuery):
    """The same summary as the reports dashboard, for the same filters."""
    try:
        filters = parse_filters(request.args)
    except FilterError as error:
        raise ApiProblem(422, str(error), [{"field": None, "message": str(error)}]) from None
    return StatsSummary.model_validate(dashboard.summary(filters))
