"""Every route of the app (pages and /api/v1) against every role and an anonymous visitor.

The expectations live in ROUTES below, written out by hand rather than read from the views, so
a new route without an entry fails here by name, and a widened role list shows up as a diff.
Pages are driven with the role's session, the API with a bearer token for that role. Allowed
roles get real objects of the right kind (tests/world.py); refused roles get random ids. GETs
must answer; POSTs carry an empty form (or JSON body), which the allowed role must refuse or
act on cleanly (never 5xx) and every other role must be refused with 403. Out-of-scope
objects answer 404 and are audited as access_denied.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from shared.api import tokens
from shared.audit.models import AuditEvent
from shared.clock import today as london_today
from shared.extensions import db
from tests.api.conftest import Api
from tests.engage.conftest import assign
from tests.factories import organisation
from tests.privacy.conftest import confirm_identity
from tests.world import ROLES, build_world, own_notification, signed_in, spare_token

PUBLIC = "public"
ANY = frozenset(ROLES)
ADMIN = frozenset({"admin"})
DPO = frozenset({"dpo"})
COORD = frozenset({"coordinator"})
PARTNER = frozenset({"partner"})
CASE_TEAM = frozenset({"coordinator", "partner"})
OFFICER = frozenset({"officer"})
WORKER = frozenset({"custody_worker"})
VIEWERS = frozenset({"coordinator", "analyst"})

# endpoint -> the roles allowed (PUBLIC: no sign-in needed). One line per endpoint, on purpose.
ROUTES: dict[str, frozenset | str] = {
    "static": PUBLIC, "divert.static": PUBLIC,
    "home.index": ANY, "home.healthz": PUBLIC,
    "auth.login": PUBLIC, "auth.mfa_code": PUBLIC, "auth.mfa_setup": PUBLIC,
    "auth.accept_invitation": PUBLIC, "auth.logout": ANY, "auth.change_password": ANY,
    "reauth.confirm": ANY,
    "notifications.index": ANY, "notifications.open_note": ANY, "notifications.mark_read": ANY,
    "notifications.mark_all_read": ANY, "notifications.email_choices": ANY,
    "admin.users": ADMIN, "admin.user": ADMIN, "admin.invite_user": ADMIN,
    "admin.deactivate": ADMIN, "admin.reactivate": ADMIN, "admin.unlock": ADMIN,
    "admin.reset_mfa": ADMIN, "admin.change_role": ADMIN, "admin.reissue_invitation": ADMIN,
    "admin.organisations": ADMIN, "admin.organisation": ADMIN, "admin.add_organisation": ADMIN,
    "admin.reference": ADMIN, "admin.bcu": ADMIN, "admin.borough": ADMIN,
    "admin.custody_suite": ADMIN, "admin.add_custody_suite": ADMIN,
    "cases.queue": COORD, "cases.show": CASE_TEAM, "cases.triage": COORD, "merging.merge": COORD,
    "cases.add_goal": CASE_TEAM, "cases.add_action": CASE_TEAM,
    "cases.action_status": CASE_TEAM, "cases.agree_plan": COORD, "cases.hand_off": COORD,
    "cases.withdraw": COORD, "cases.decide": PARTNER, "cases.log_contact": CASE_TEAM,
    "cases.outcome": PARTNER, "cases.close": CASE_TEAM, "cases.refer_back": PARTNER,
    "cases.close_erased": COORD,
    "corrections.contact": CASE_TEAM, "corrections.goal": CASE_TEAM,
    "corrections.action": CASE_TEAM, "corrections.outcome": PARTNER, "corrections.reopen": COORD,
    "outcomes.outcomes": CASE_TEAM, "safeguarding.concerns": CASE_TEAM,
    "safeguarding.concern": CASE_TEAM, "safeguarding.referral": CASE_TEAM,
    "safeguarding.resolve": CASE_TEAM,
    "partners.caseload": PARTNER,
    "worklists.cases": CASE_TEAM, "worklists.mine": CASE_TEAM, "worklists.unassigned": CASE_TEAM,
    "worklists.closed": CASE_TEAM, "worklists.assign_many": CASE_TEAM,
    "worklists.assign_one": CASE_TEAM, "worklists.find": CASE_TEAM,
    "worklists.team_view": CASE_TEAM,
    "divert.new_referral": OFFICER, "divert.receipts": OFFICER, "divert.receipt": OFFICER,
    "divert.service_worker": PUBLIC, "divert.manifest": PUBLIC, "divert.offline_shell": PUBLIC,
    "divert.app_session": PUBLIC, "divert.outbox_send": OFFICER,
    "divert.sign_out_warning": OFFICER,
    "training.coverage_page": frozenset({"coordinator", "analyst", "admin"}),
    "training.import_page": frozenset({"coordinator", "admin"}),
    "training.csv_template": frozenset({"coordinator", "admin"}),
    "training.results": VIEWERS, "training.new_session": COORD,
    "training.session_page": COORD, "training.renew_link": COORD, "training.qr_code": COORD,
    "training.feedback": PUBLIC, "training.thanks": PUBLIC,
    "engage.encounters": WORKER, "engage.new_encounter": WORKER, "engage.encounter": WORKER,
    "engage.release": WORKER, "engage.follow_up": WORKER, "engage.follow_ups": WORKER,
    "engage.case": WORKER, "engage.correct_encounter": WORKER,
    "engage.coverage_page": frozenset({"coordinator", "analyst", "admin"}),
    "engage.edit_coverage": ADMIN, "engage.add_coverage_year": ADMIN,
    "engage.reports_page": VIEWERS, "admin.user_suites": ADMIN,
    "privacy.find_person": DPO, "privacy.person": DPO, "privacy.erase_person": DPO,
    "privacy.rectify_person": frozenset({"dpo", "coordinator"}),
    "privacy.request_list": DPO, "privacy.open_request": DPO, "privacy.request_detail": DPO,
    "privacy.export_html": DPO, "privacy.export_json": DPO, "privacy.withhold": DPO,
    "privacy.retention_schedule": DPO, "privacy.edit_rule": DPO, "privacy.audit_log": DPO,
    "reports.index": VIEWERS, "reports.summary_json": VIEWERS, "reports.table_csv": VIEWERS,
    "api.openapi_document": PUBLIC, "api.create_token_post": PUBLIC,
    "api.list_tokens_get": ANY, "api.revoke_token_delete": ANY,
    "api.list_all_tokens_get": ADMIN, "api.reference_get": ANY,
    "api.create_referral_post": OFFICER, "api.list_receipts_get": OFFICER,
    "api.show_receipt_get": OFFICER, "api.stats_summary_get": VIEWERS,
    "api.list_cases_get": CASE_TEAM, "api.show_case_get": CASE_TEAM,
    "api.case_rows_get": CASE_TEAM, "api.search_cases_get": CASE_TEAM,
    "api.assign_cases_post": CASE_TEAM, "api.team_counts_get": CASE_TEAM,
    "api.triage_post": COORD, "api.agree_plan_post": COORD, "api.hand_off_post": COORD,
    "api.withdraw_hand_off_post": COORD, "api.add_goal_post": CASE_TEAM,
    "api.add_action_post": CASE_TEAM, "api.action_status_post": CASE_TEAM,
    "api.close_post": CASE_TEAM, "api.decide_hand_off_post": PARTNER,
    "api.add_contact_post": CASE_TEAM, "api.outcome_post": PARTNER,
    "api.refer_back_post": PARTNER,
    "api.custody_suites_get": WORKER, "api.create_encounter_post": WORKER,
    "api.list_encounters_get": WORKER, "api.show_encounter_get": WORKER,
    "api.record_release_post": WORKER, "api.record_follow_up_post": WORKER,
}

# Answers other than 200 (GET) that an allowed role rightly gets with real objects.
GET_ANSWERS = {
    "auth.login": {200, 302}, "auth.mfa_code": {200, 302}, "auth.mfa_setup": {200, 302},
    # A search with nothing to search by is refused with a message saying what to give.
    "api.search_cases_get": {422},
    "notifications.open_note": {302},  # marks it read and goes to the case
}
POST_ANSWERS = {200, 201, 204, 302, 400, 409, 422}
# Run last, in this order: refer-back succeeds on an empty form and takes the case away from the
# partner; the sign-in steps restart sign-in when nothing is pending; logout ends the session.
SIGNED_OUT_LAST = ("cases.refer_back", "api.refer_back_post", "auth.mfa_code", "auth.mfa_setup",
                   "auth.logout")
STATIC_FILE = "favicon.svg"
# A programme blueprint serves its own static files (divert/static).
BLUEPRINT_STATIC_FILES = {"divert.static": "divert-app.js"}


def _path_values(world, actor: str) -> dict:
    ids, users = world.ids, world.users
    return {
        "case_uuid": world.case.uuid, "case_id": world.case.uuid, "earlier_uuid": world.case.uuid,
        "receipt_id": world.case.uuid, "goal_uuid": ids["goal"], "goal_id": ids["goal"],
        "action_uuid": ids["action"], "action_id": ids["action"], "contact_uuid": ids["contact"],
        "concern_uuid": ids["concern"],
        "encounter_uuid": world.encounter.uuid, "encounter_id": world.encounter.uuid,
        "person_uuid": ids["person"],
        "request_uuid": ids["request"], "rule_uuid": ids["rule"],
        "session_uuid": ids["session"], "user_id": ids["target_user"],
        "organisation_id": ids["organisation_id"], "bcu_id": ids["bcu_id"],
        "borough_id": ids["borough_id"], "suite_id": ids["suite_id"], "year": ids["year"],
        "borough_uuid": ids["coverage_borough_uuid"], "kind": "roster", "name": "months",
        "filename": STATIC_FILE,
        "token_id": spare_token(users[actor]) if actor in users else uuid.uuid4(),
        "note_uuid": own_notification(users[actor]) if actor in users else uuid.uuid4(),
    }


def _token_param(endpoint: str, world) -> str:
    return world.ids["survey_token"] if endpoint == "training.feedback" else \
        world.ids["invitation"]


def build_path(rule, world, actor: str, real: bool) -> str:
    """RULE's URL with real objects (REAL) or random ids in its parameters."""
    values = {}
    for name in rule.arguments:
        if not real and name != "filename":
            values[name] = uuid.uuid4()
        elif name == "token":
            values[name] = _token_param(rule.endpoint, world)
        elif name == "filename" and rule.endpoint in BLUEPRINT_STATIC_FILES:
            values[name] = BLUEPRINT_STATIC_FILES[rule.endpoint]
        elif name == "case_uuid" and rule.endpoint == "engage.case":
            values[name] = world.engage_case.uuid
        else:
            values[name] = world.path_values[name]
    return rule.build(values, append_unknown=False)[1]


def _routes(app):
    rules = [r for r in app.url_map.iter_rules()]
    pairs = [(r, m) for r in rules for m in sorted(r.methods - {"HEAD", "OPTIONS"})]
    return sorted(pairs, key=lambda pair: (pair[0].endpoint in SIGNED_OUT_LAST,
                                           SIGNED_OUT_LAST.index(pair[0].endpoint)
                                           if pair[0].endpoint in SIGNED_OUT_LAST else 0,
                                           _is_api(pair[0]), pair[0].rule, pair[1]))


def _is_api(rule) -> bool:
    return rule.rule.startswith("/api/")


# Valid API bodies, so that a 404 (not the body's 422, which comes first) is what is tested.
def _valid_bodies() -> dict:
    soon = (london_today() + timedelta(days=7)).isoformat()
    return {
        "api.triage_post": {"decision": "accept", "risk_level": "low", "priority": 3},
        "api.add_goal_post": {"title": "A goal"},
        "api.add_action_post": {"description": "An action", "owner": "partner", "due_date": soon},
        "api.action_status_post": {"status": "done"},
        "api.hand_off_post": {"organisation": str(organisation("AITC").uuid), "reason": "Fits"},
        "api.decide_hand_off_post": {"accept": False, "decline_reason": "no_capacity"},
        "api.add_contact_post": {"contact_date": london_today().isoformat(), "kind": "phone"},
        "api.outcome_post": {"engaged": True},
        "api.close_post": {"reason": "other"},
        "api.record_release_post": {"released_at": _an_hour_ago()},
        "api.record_follow_up_post": {"meeting_at": _an_hour_ago(), "held": True},
    }


def _an_hour_ago() -> str:
    return (datetime.now(UTC) - timedelta(hours=1)).isoformat()


def _send(web, api: Api, rule, method: str, path: str, valid_body: bool = False):
    if _is_api(rule):
        path = path.removeprefix("/api/v1")
        headers = {"Idempotency-Key": str(uuid.uuid4())}
        if method == "GET":
            return api.get(path)
        if method == "DELETE":
            return api.delete(path)
        body = _valid_bodies().get(rule.endpoint, {}) if valid_body else {}
        return api.post(path, body, headers=headers)
    if method == "GET":
        return web.get(path)
    # Past the destructive actions' confirmation page (tests/cases/test_workflow_defects.py).
    return web.post(path, data={"confirmed": "yes"})


def _expected(rule, method: str, actor: str) -> set[int]:
    allowed = ROUTES[rule.endpoint]
    if allowed == PUBLIC:
        return {200, 302, 400, 422} if method == "POST" else {200, 302}
    if actor == "anonymous":
        return {401} if _is_api(rule) else {302}
    if actor not in allowed:
        return {403}
    if rule.endpoint == "merging.merge":
        return {404}  # a case is no earlier referral of itself (tests/cases/test_merge.py)
    if method == "GET":
        return GET_ANSWERS.get(rule.endpoint, {200})
    if rule.endpoint == "api.refer_back_post":
        return {404}  # the page's refer-back, just before, sent the case away from the partner
    return POST_ANSWERS


def _clients(app, user):
    """A page client (re-authenticated, for the DPO's gated pages) and an API client."""
    web = signed_in(app, user)
    if user.role == "dpo":
        assert confirm_identity(web, user).status_code == 302
    api = Api(app.test_client(), tokens.issue(user).token, user)
    db.session.commit()
    return web, api


def _denials() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "access_denied"))


def _last_denial() -> AuditEvent:
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == "access_denied")
                              .order_by(AuditEvent.seq.desc())).first()


@pytest.fixture
def world(app, make_user):
    """The fixture world, with the path values every route needs."""
    built = build_world(app, make_user)
    built.path_values = {}
    return built


def test_every_route_of_the_app_has_an_entry_in_the_access_table(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = sorted(endpoints - ROUTES.keys())
    assert not missing, f"routes without an entry in ROUTES (tests/test_route_matrix.py): {missing}"
    stale = sorted(ROUTES.keys() - endpoints)
    assert not stale, f"entries in ROUTES for routes that no longer exist: {stale}"


def test_the_table_agrees_with_the_views_own_role_lists(app):
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        declared = getattr(view, "allowed_roles", None)
        operation = getattr(view, "operation", None)
        if operation is not None and operation.roles is not None:
            declared = operation.roles
        if declared is not None:
            assert {r.value for r in declared} == set(ROUTES[rule.endpoint]), rule.endpoint


@pytest.mark.parametrize("actor", [*ROLES, "anonymous"])
def test_every_route_answers_each_role_exactly_as_the_table_allows(app, world, actor):
    signed = actor != "anonymous"
    world.path_values = _path_values(world, actor)
    user = world.users.get(actor)
    web, api = _clients(app, user) if signed else (app.test_client(),
                                                  Api(app.test_client(), None))
    wrong, checked = [], 0
    for rule, method in _routes(app):
        allowed = ROUTES[rule.endpoint]
        real = allowed == PUBLIC or actor in allowed
        before = _denials()
        response = _send(web, api, rule, method, build_path(rule, world, actor, real))
        checked += 1
        status, expected = response.status_code, _expected(rule, method, actor)
        if status not in expected or status >= 500:
            wrong.append(f"{actor} {method} {rule.rule} -> {status}, expected {sorted(expected)}")
        elif status == 403 and (_denials() != before + 1
                                or _last_denial().detail != rule.endpoint):
            wrong.append(f"{actor} {method} {rule.rule}: 403 without its access_denied audit")
        elif (status == 302 and actor == "anonymous" and allowed != PUBLIC
              and not response.headers["Location"].startswith("/login")):
            wrong.append(f"{actor} {method} {rule.rule}: redirected elsewhere than sign-in")
    assert not wrong, "\n".join(wrong)
    assert checked >= len(ROUTES)


@pytest.mark.parametrize("role", ROLES)
def test_random_ids_answer_404_to_every_role_allowed_the_route(app, world, role):
    world.path_values = _path_values(world, role)
    web, api = _clients(app, world.users[role])
    wrong = []
    for rule, method in _routes(app):
        allowed = ROUTES[rule.endpoint]
        if allowed == PUBLIC or role not in allowed or not rule.arguments:
            continue
        status = _send(web, api, rule, method, build_path(rule, world, role, False),
                       valid_body=True).status_code
        if status != 404:
            wrong.append(f"{role} {method} {rule.rule} with random ids -> {status}")
    assert not wrong, "\n".join(wrong)


# Users who hold an allowed role but whose scope leaves the world's objects out.
OUTSIDERS = {
    "partner of another organisation": ("partner", "ENGCAM"),
    "coordinator of the ENGAGE service": ("coordinator", "ENGAGE"),
    "another officer": ("officer", "MPS"),
    "custody worker at another suite": ("custody_worker", "ENGAGE"),
}
SCOPED_PARAMS = {"case_uuid", "case_id", "receipt_id", "encounter_uuid", "encounter_id"}


def _scoped_object(rule, world):
    if rule.endpoint == "engage.case":
        return world.engage_case.uuid
    if {"encounter_uuid", "encounter_id"} & set(rule.arguments):
        return world.encounter.uuid
    return world.case.uuid


@pytest.mark.parametrize("who", OUTSIDERS)
def test_objects_outside_the_users_scope_answer_404_and_are_audited(app, make_user, world, who):
    role, code = OUTSIDERS[who]
    outsider = make_user(role, organisation=code)
    if role == "custody_worker":
        assign(outsider, "Brixton")
    world.path_values = _path_values(world, role)
    web, api = _clients(app, outsider)
    wrong, tried = [], 0
    for rule, method in _routes(app):
        allowed = ROUTES[rule.endpoint]
        if allowed == PUBLIC or role not in allowed or not SCOPED_PARAMS & set(rule.arguments):
            continue
        tried += 1
        target = _scoped_object(rule, world)
        before = _denials()
        status = _send(web, api, rule, method, build_path(rule, world, role, True),
                       valid_body=True).status_code
        denial = _last_denial()
        if status != 404:
            wrong.append(f"{who} {method} {rule.rule} -> {status}")
        elif _denials() != before + 1 or denial.object_uuid != target \
                or denial.actor_uuid != outsider.uuid:
            wrong.append(f"{who} {method} {rule.rule}: 404 without its access_denied audit")
    assert tried and not wrong, "\n".join(wrong)


def test_another_officers_receipt_on_the_api_is_audited_like_the_page(app, make_user, world):
    outsider = make_user("officer")
    _, api = _clients(app, outsider)
    assert api.get(f"/receipts/{world.case.uuid}").status_code == 404
    denial = _last_denial()
    assert denial is not None and denial.object_uuid == world.case.uuid
