"""The whole journey over the API: token, referral, triage, plan, hand-off, partner, closure."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import func, select

from shared.audit.models import AuditEvent
from shared.cases.models import Case
from shared.clock import today as london_today
from shared.extensions import db
from tests.api.conftest import referral_body
from tests.factories import organisation


def _ok(response, status=200):
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


def test_referral_to_closure_through_the_api(api_as):
    officer, coordinator, partner = api_as("officer"), api_as("coordinator"), api_as("partner")
    receipt = _ok(officer.post("/referrals", referral_body()), 201)
    assert receipt["reference"].startswith("DV-") and set(receipt) == {
        "id", "reference", "submitted_at", "status"}
    assert _ok(officer.get("/receipts"))["items"][0]["id"] == receipt["id"]
    case = f"/cases/{receipt['id']}"

    assert _ok(coordinator.get(case))["person"]["first_name"] == "Zoë"
    assert _ok(coordinator.post(f"{case}/triage", {"decision": "accept", "risk_level": "high",
                                                   "priority": 1}))["status"] == "accepted"
    goal = _ok(coordinator.post(f"{case}/goals", {"title": "Back into college"}), 201)
    _ok(coordinator.post(f"{case}/goals/{goal['id']}/actions", {
        "description": "Visit the college", "owner": "partner",
        "due_date": (london_today() + timedelta(days=14)).isoformat()}), 201)
    assert _ok(coordinator.post(f"{case}/agree-plan", {}))["status"] == "plan_agreed"
    handed = _ok(coordinator.post(f"{case}/handoff", {
        "organisation": str(organisation("AITC").uuid), "reason": "Plays football"}))
    assert handed["status"] == "handed_off"

    assert [c["id"] for c in _ok(partner.get("/cases"))["items"]] == [receipt["id"]]
    assert _ok(partner.post(f"{case}/handoff/decision", {"accept": True}))["status"] == "engaged"
    _ok(partner.post(f"{case}/contacts", {"contact_date": london_today().isoformat(),
                                          "kind": "one_to_one", "notes": "Met"}), 201)
    _ok(partner.post(f"{case}/outcome", {"engaged": True, "needs": ["ete"],
                                         "ete_outcome": "education"}))
    assert _ok(partner.post(f"{case}/close", {"reason": "goals_met"}))["status"] == "closed"

    detail = _ok(partner.get(case))
    assert detail["closure_reason"] == "goals_met" and detail["contacts"][0]["notes"] == "Met"
    assert [e["kind"] for e in detail["timeline"]][:2] == ["submitted", "accept"]
    views = db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "view", AuditEvent.object_uuid == uuid.UUID(receipt["id"])))
    assert views == 2
    assert db.session.scalar(select(Case.status)) == "closed"


def test_the_openapi_document_describes_every_route(anonymous):
    document = _ok(anonymous.get("/openapi.json"))
    assert document["openapi"].startswith("3.1")
    assert "/api/v1/cases/{case_id}/triage" in document["paths"]
    assert "ReferralRequest" in document["components"]["schemas"]
