"""Every role against every endpoint; out of scope answers 404 and is audited."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from shared.api.blueprint import operations
from shared.audit.models import AuditEvent
from shared.extensions import db
from tests.api.conftest import ROLES, Api
from tests.factories import organisation, refer


def _fill(path: str, case) -> str:
    return (path.replace("{case_id}", str(case.uuid))
            .replace("{goal_id}", str(uuid.uuid4())).replace("{action_id}", str(uuid.uuid4()))
            .replace("{token_id}", str(uuid.uuid4())).replace("{receipt_id}", str(case.uuid))
            .replace("{encounter_id}", str(uuid.uuid4())))


def _call(api: Api, op, case):
    path = _fill(op.path, case)
    if op.method == "GET":
        return api.get(path)
    if op.method == "DELETE":
        return api.delete(path)
    return api.post(path, {})


def _signed_in() -> list:
    # The operations of the app under test: create_app mounts the platform's and each
    # programme's, so they are read per app, when a test runs.
    signed = [op for op in operations() if op.roles is not None]
    assert len(signed) >= 20
    return signed


@pytest.mark.parametrize("role", ROLES)
def test_every_role_gets_403_exactly_where_the_role_is_not_allowed(api_as, make_user, role):
    api = api_as(role)
    case = refer(make_user("officer"))
    for op in _signed_in():
        response = _call(api, op, case)
        allowed = role in {r.value for r in op.roles}
        assert (response.status_code == 403) is (not allowed), (op.method, op.path,
                                                                response.status_code)
        assert response.status_code < 500
        assert response.mimetype in ("application/json", "application/problem+json") or \
            response.status_code == 204


def test_custody_encounter_endpoints_are_for_custody_workers_only(app):
    paths = {(op.method, op.path) for op in _signed_in() if "encounter" in op.path
             or "custody" in op.path}
    assert paths == {("GET", "/custody-suites"), ("POST", "/encounters"), ("GET", "/encounters"),
                     ("GET", "/encounters/{encounter_id}"),
                     ("POST", "/encounters/{encounter_id}/release"),
                     ("POST", "/encounters/{encounter_id}/follow-up")}
    for op in _signed_in():
        if (op.method, op.path) in paths:
            assert {r.value for r in op.roles} == {"custody_worker"}


def test_without_a_token_every_endpoint_but_sign_in_answers_401(anonymous, make_user):
    case = refer(make_user("officer"))
    for op in _signed_in():
        response = _call(anonymous, op, case)
        assert response.status_code == 401, (op.method, op.path)


def test_a_partner_of_another_organisation_gets_404_and_it_is_audited(api_as, make_user):
    case = refer(make_user("officer"))
    case.partner_organisation = organisation("AITC")
    db.session.commit()
    holder = api_as("partner")
    other = api_as("partner", organisation="ENGCAM")
    assert holder.get(f"/cases/{case.uuid}").status_code == 200
    response = other.get(f"/cases/{case.uuid}")
    assert response.status_code == 404 and response.mimetype == "application/problem+json"
    assert other.post(f"/cases/{case.uuid}/close", {"reason": "other"}).status_code == 404
    assert other.get("/cases").get_json()["items"] == []
    denied = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "access_denied", AuditEvent.object_uuid == case.uuid)).all()
    assert len(denied) == 2 and {e.actor_uuid for e in denied} == {other.user.uuid}


def test_an_officer_sees_only_their_own_receipts(api_as, make_user):
    mine, theirs = api_as("officer"), api_as("officer")
    case = refer(theirs.user)
    assert mine.get(f"/receipts/{case.uuid}").status_code == 404
    assert mine.get("/receipts").get_json()["items"] == []
    assert theirs.get(f"/receipts/{case.uuid}").get_json()["reference"] == case.reference


def test_a_guessed_case_id_is_404(api_as):
    coordinator = api_as("coordinator")
    assert coordinator.get(f"/cases/{uuid.uuid4()}").status_code == 404
    assert coordinator.get("/cases/1").status_code == 404


def test_cursor_pagination_walks_every_case_once(api_as, make_user):
    officer = make_user("officer")
    made = {str(refer(officer).uuid) for _ in range(5)}
    coordinator = api_as("coordinator")
    seen, link = [], "/cases?limit=2"
    while link:
        page = coordinator.get(link).get_json()
        seen += [c["id"] for c in page["items"]]
        link = page["next"] and page["next"].removeprefix("/api/v1")
    assert sorted(seen) == sorted(made) and len(seen) == 5


def test_a_tampered_or_foreign_cursor_and_an_unbounded_limit_are_refused(api_as, make_user):
    officer = make_user("officer")
    for _ in range(3):
        refer(officer)
    coordinator = api_as("coordinator")
    cursor = coordinator.get("/cases?limit=1").get_json()["next"].split("cursor=")[1]
    cursor = cursor.split("&")[0]
    assert coordinator.get(f"/cases?cursor={cursor}x").status_code == 422
    assert coordinator.get(f"/tokens?cursor={cursor}").status_code == 422
    assert coordinator.get("/cases?limit=1000").status_code == 422
    assert coordinator.get("/cases?limit=0").status_code == 422
