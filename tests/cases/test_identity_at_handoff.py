"""Data minimisation at hand-off: a deciding partner sees the need, not the identity."""

from __future__ import annotations

from sqlalchemy import select

from shared.audit.models import AuditEvent
from shared.extensions import db
from tests.conftest import AuthActions
from tests.factories import offered_case

IDENTITY = ("Zoë", "O&#39;Brien", "07700 900123", "Pat Parent", "Female", "1 High Street")


def _client(app, user):
    client = app.test_client()
    AuthActions(client).login(user)
    return client


def _dob(case) -> str:
    return case.person.date_of_birth.strftime("%d %B %Y")


def test_a_deciding_partner_sees_age_band_borough_concern_and_needs_only(app, make_user):
    partner = make_user("partner")
    case = offered_case(make_user)
    page = _client(app, partner).get(f"/cases/{case.uuid}").get_data(as_text=True)
    assert 'data-testid="identity-withheld"' in page
    for value in (*IDENTITY, _dob(case)):
        assert value not in page, value
    assert case.age_band in page and "Camden" in page
    assert "Seen with older youths carrying knives" in page and "Trauma" in page
    detail = db.session.scalars(select(AuditEvent.detail).where(
        AuditEvent.action == "view", AuditEvent.object_uuid == case.uuid)).all()
    assert "identity withheld" in detail


def test_the_identity_appears_once_the_partner_accepts(app, make_user):
    partner = make_user("partner")
    case = offered_case(make_user)
    client = _client(app, partner)
    assert client.post(f"/cases/{case.uuid}/handoff/decision", data={
        "decision-decision": "accept", "decision-decline_reason": ""}).status_code == 302
    page = client.get(f"/cases/{case.uuid}").get_data(as_text=True)
    assert 'data-testid="identity-withheld"' not in page
    for value in (*IDENTITY, "NW1 2AB", _dob(case)):
        assert value in page, value


def test_the_coordinator_always_sees_the_identity(app, make_user):
    coordinator = make_user("coordinator")
    case = offered_case(make_user)
    page = _client(app, coordinator).get(f"/cases/{case.uuid}").get_data(as_text=True)
    assert "O&#39;Brien" in page and 'data-testid="identity-withheld"' not in page
