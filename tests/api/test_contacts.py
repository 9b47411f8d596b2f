"""Contacts over the API: the coordinator and the partner, with how, where and whether."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from shared.clock import today
from tests.api.conftest import referral_body

pytestmark = pytest.mark.usefixtures("quiet_clock")


def _ok(response, status=200):
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


def _post(api, path, body):
    return api.post(path, body, headers={"Idempotency-Key": str(uuid.uuid4())})


def test_the_coordinator_logs_contacts_and_first_contact_is_the_first_attended(api_as):
    officer, coordinator = api_as("officer"), api_as("coordinator")
    case = f"/cases/{_ok(_post(officer, '/referrals', referral_body()), 201)['id']}"
    _ok(_post(coordinator, f"{case}/triage", {"decision": "accept", "risk_level": "low",
                                              "priority": 3}))
    day = today().isoformat()
    _ok(_post(coordinator, f"{case}/contacts", {
        "contact_date": day, "method": "phone", "attendance": "did_not_attend"}), 201)
    assert _ok(coordinator.get(case))["first_contact_at"] is None
    _ok(_post(coordinator, f"{case}/contacts", {
        "contact_date": day, "contact_time": "08:15", "duration_minutes": 30,
        "method": "video", "attendance": "attended", "place": "Teams call",
        "notes": "Talked it through"}), 201)
    detail = _ok(coordinator.get(case))
    assert detail["first_contact_at"] == day
    video = next(c for c in detail["contacts"] if c["method"] == "video")
    assert (video["worker"], video["duration_minutes"], video["place"]) == (
        "coordinator", 30, "Teams call")


def test_a_contact_before_the_referral_or_of_an_unknown_method_is_refused(api_as):
    officer, coordinator = api_as("officer"), api_as("coordinator")
    case = f"/cases/{_ok(_post(officer, '/referrals', referral_body()), 201)['id']}"
    before = (today() - timedelta(days=1)).isoformat()
    response = _post(coordinator, f"{case}/contacts", {"contact_date": before, "kind": "phone"})
    assert response.status_code in (400, 422)
    assert "between the referral date and today" in response.get_data(as_text=True)
    response = _post(coordinator, f"{case}/contacts", {"contact_date": today().isoformat(),
                                                       "method": "fax"})
    assert response.status_code == 422
    assert _ok(coordinator.get(case))["contacts"] == []
