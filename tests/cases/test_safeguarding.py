"""Safeguarding: a worker raises a concern, the coordinator is alerted, the referral is kept."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shared.audit.models import AuditEvent
from shared.cases.safeguarding_models import SafeguardingConcern
from shared.clock import LONDON, today
from shared.extensions import db
from shared.notifications.models import OutboxMessage
from tests.cases.conftest import signed_in

pytestmark = pytest.mark.usefixtures("quiet_clock")


def _raise(client, case, **overrides):
    data = {"concern-category": "criminal_exploitation", "concern-urgency": "today",
            "concern-description": "Older boys collecting him from school in a car"}
    data.update(overrides)
    return client.post(f"/cases/{case.uuid}/safeguarding", data=data)


def test_a_partner_raises_a_concern_and_the_coordinator_is_alerted(app, engaged_case):
    case, coordinator, partner = engaged_case
    response = _raise(signed_in(app, partner), case)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    concern = db.session.scalar(select(SafeguardingConcern))
    notices = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "safeguarding")).all()
    assert [n.to_address for n in notices] == [coordinator.email]
    assert "Older boys" not in notices[0].body and case.reference in notices[0].subject
    raw = db.session.execute(select(SafeguardingConcern.__table__.c.description)).scalar()
    assert b"Older boys" not in raw
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.object_type == "safeguarding_concern", AuditEvent.action == "create"))
    team = signed_in(app, coordinator)
    page = team.get(f"/cases/{case.uuid}").get_data(as_text=True)
    assert "1 open safeguarding concern" in page and "Older boys" not in page
    detail = team.get(f"/cases/{case.uuid}/safeguarding/{concern.uuid}").get_data(as_text=True)
    assert "Older boys collecting him" in detail


def test_the_referral_is_kept_and_resolving_clears_the_case(app, engaged_case):
    case, coordinator, _ = engaged_case
    client = signed_in(app, coordinator)
    _raise(client, case)
    concern = db.session.scalar(select(SafeguardingConcern))
    base = f"/cases/{case.uuid}/safeguarding/{concern.uuid}"
    day = today()
    response = client.post(f"{base}/referral", data={
        "referral-agency": "mash", "referral-reference": "MASH-2026-1182",
        "referral-referred_on": [str(day.day), str(day.month), str(day.year)],
        "referral-referred_time": "23:59"})
    assert response.status_code == 400  # later than now
    response = client.post(f"{base}/referral", data={
        "referral-agency": "mash", "referral-reference": "MASH-2026-1182",
        "referral-referred_on": [str(day.day), str(day.month), str(day.year)],
        "referral-referred_time": concern.raised_at.astimezone(
            LONDON).strftime("%H:%M")})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert client.post(f"{base}/resolve", data={"resolve-outcome": ""}).status_code == 400
    assert client.post(f"{base}/resolve", data={
        "resolve-outcome": "MASH strategy meeting; child in need plan"}).status_code == 302
    db.session.refresh(concern)
    assert concern.referred_to == "mash" and concern.referral_reference == "MASH-2026-1182"
    assert concern.resolved_at is not None
    assert "open safeguarding concern" not in client.get(f"/cases/{case.uuid}").get_data(
        as_text=True)
    actions = db.session.scalars(select(AuditEvent.detail).where(
        AuditEvent.object_uuid == concern.uuid, AuditEvent.action == "change")
        .order_by(AuditEvent.seq)).all()
    assert actions == ["referral to mash", "resolved"]


def test_a_partner_not_holding_the_case_cannot_see_or_raise(app, engaged_case, make_user):
    case, _, _ = engaged_case
    other = signed_in(app, make_user("partner", organisation="ENGCAM"))
    assert _raise(other, case).status_code == 404
    assert db.session.scalars(select(SafeguardingConcern)).all() == []


def test_erasure_shreds_the_concern(app, engaged_case):
    from shared.crypto.errors import DataKeyErasedError
    from shared.crypto.fields import ERASED
    from shared.privacy.erasure import erase

    case, coordinator, _ = engaged_case
    _raise(signed_in(app, coordinator), case)
    erase(case.person)
    db.session.commit()
    db.session.expire_all()
    concern = db.session.scalar(select(SafeguardingConcern))
    assert concern.description is ERASED
    with pytest.raises(DataKeyErasedError):
        concern.field_key()
