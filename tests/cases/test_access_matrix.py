"""Every role against every case URL: the wrong role is 403, out of scope is 404."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from shared.cases import services
from shared.extensions import db
from shared.reference.models import Organisation
from tests.cases.test_journey_pages import _client
from tests.factories import planned_case, refer

COORDINATOR_ONLY = ["triage", "agree-plan", "handoff", "handoff/withdraw", "close-erased"]
PARTNER_ONLY = ["handoff/decision", "outcome", "refer-back"]
BOTH = ["goals", "contacts", "close"]

# who -> (role, organisation, sees the case)
PEOPLE = {
    "officer": ("officer", "MPS", False),
    "custody_worker": ("custody_worker", "ENGAGE", False),
    "analyst": ("analyst", "VRU", False),
    "dpo": ("dpo", "DIVERT", False),
    "admin": ("admin", "DIVERT", False),
    "divert_coordinator": ("coordinator", "DIVERT", True),
    "engage_coordinator": ("coordinator", "ENGAGE", False),
    "aitc_partner": ("partner", "AITC", True),
    "camden_partner": ("partner", "ENGCAM", False),
}


@pytest.fixture
def handed_off_case(make_user):
    """A DIVERT case handed off to Arsenal in the Community, awaiting its answer."""
    case = planned_case(make_user("officer"), make_user("coordinator"))
    aitc = db.session.scalar(select(Organisation).where(Organisation.code == "AITC"))
    services.hand_off(case, make_user("coordinator"), aitc, "Football")
    db.session.commit()
    return case


def _expected(who: str, endpoint_roles: set[str]) -> set[int]:
    role, _, sees = PEOPLE[who]
    if role not in endpoint_roles:
        return {403}
    return {200, 302, 400, 409} if sees else {404}


@pytest.mark.parametrize("who", PEOPLE)
def test_each_user_gets_exactly_the_answer_their_role_and_scope_allow(app, make_user, who,
                                                                      handed_off_case):
    role, organisation, _ = PEOPLE[who]
    client = _client(app, make_user(role, organisation=organisation))
    base = f"/cases/{handed_off_case.uuid}"
    got = client.get(base).status_code
    assert got in _expected(who, {"coordinator", "partner"}), ("GET", got)
    for group, roles in ((COORDINATOR_ONLY, {"coordinator"}), (PARTNER_ONLY, {"partner"}),
                         (BOTH, {"coordinator", "partner"})):
        for path in group:
            got = client.post(f"{base}/{path}", data={}).status_code
            assert got in _expected(who, roles), (path, got)


@pytest.mark.parametrize("bad_id", [str(uuid.uuid4()), "123", "' OR 1=1 --", "%00"])
def test_guessed_or_malformed_ids_answer_404(app, make_user, bad_id):
    client = _client(app, make_user("coordinator"))
    assert client.get(f"/cases/{bad_id}").status_code == 404
    assert client.post(f"/cases/{bad_id}/triage", data={}).status_code == 404


def test_out_of_scope_access_is_audited(app, make_user, handed_off_case):
    from shared.audit.models import AuditEvent

    client = _client(app, make_user("partner", organisation="ENGCAM"))
    client.get(f"/cases/{handed_off_case.uuid}")
    denied = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "access_denied",
        AuditEvent.object_uuid == handed_off_case.uuid)).all()
    assert len(denied) == 1 and denied[0].actor_organisation == "ENGCAM"


def test_extra_status_and_organisation_fields_are_ignored(app, make_user):
    case = refer(make_user("officer"))
    client = _client(app, make_user("coordinator"))
    client.post(f"/cases/{case.uuid}/triage", data={
        "triage-decision": "accept", "triage-risk_level": "low", "triage-priority": "3",
        "status": "closed", "triage-status": "closed", "partner_organisation_id": "1",
        "organisation": "ENGCAM", "programme": "engage"})
    db.session.refresh(case)
    assert (case.status, case.partner_organisation_id, case.programme) == (
        "accepted", None, "divert_app")


@pytest.mark.parametrize("hostile", ["<script>alert(1)</script>", "{{7*7}}",
                                     "'; DROP TABLE cases; --", "=HYPERLINK(\"x\")"])
def test_hostile_text_in_a_goal_is_stored_literally_and_shown_escaped(app, make_user, hostile):
    case = refer(make_user("officer"))
    client = _client(app, make_user("coordinator"))
    client.post(f"/cases/{case.uuid}/triage", data={
        "triage-decision": "accept", "triage-risk_level": "low", "triage-priority": "3"})
    assert client.post(f"/cases/{case.uuid}/goals", data={"goal-title": hostile}
                       ).status_code == 302
    page = client.get(f"/cases/{case.uuid}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "49" not in page.split("Goal:")[1][:40]
    db.session.refresh(case)
    assert case.goals[0].title == hostile


def test_nul_bytes_and_over_long_notes_are_refused_with_nothing_stored(app, make_user):
    case = refer(make_user("officer"))
    client = _client(app, make_user("coordinator"))
    for note in ("bad\x00note", "x" * 2001):
        response = client.post(f"/cases/{case.uuid}/triage", data={
            "triage-decision": "accept", "triage-risk_level": "low", "triage-priority": "3",
            "triage-note": note})
        assert response.status_code == 400
    db.session.refresh(case)
    assert case.status == "submitted" and len(case.events) == 1
