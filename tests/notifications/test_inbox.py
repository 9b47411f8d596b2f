"""The in-app inbox through the pages: delivery, read state, email choices, no personal data."""

from __future__ import annotations

import re

from sqlalchemy import select

from shared.cases import services
from shared.extensions import db
from shared.notifications.models import Notification, OutboxMessage
from tests.conftest import AuthActions
from tests.factories import organisation, planned_case

NAME_PARTS = ("Zoë", "O'Brien", "O&#39;Brien", "Pat Parent", "07700")


def _client(app, user):
    client = app.test_client()
    AuthActions(client).login(user)
    return client


def _handed_off(make_user):
    coordinator = make_user("coordinator")
    case = planned_case(make_user("officer"), coordinator)
    services.hand_off(case, coordinator, organisation("AITC"), "Plays football")
    db.session.commit()
    return case, coordinator


def _unread(page: str) -> str:
    return re.search(r'data-testid="unread-count">([^<]*)<', page).group(1)


def _no_personal_data(text: str) -> None:
    for part in NAME_PARTS:
        assert part not in text, part


def test_a_hand_off_reaches_the_partners_inbox_and_email_by_reference_only(app, make_user):
    partner = make_user("partner")
    case, _ = _handed_off(make_user)
    client = _client(app, partner)
    home = client.get("/").get_data(as_text=True)
    assert _unread(home) == "1"
    inbox = client.get("/notifications/").get_data(as_text=True)
    assert f"Case {case.reference} has been handed to your organisation" in inbox
    _no_personal_data(inbox.split('data-testid="inbox"')[1])
    [email] = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.to_address == partner.email)).all()
    assert email.kind == "handoff" and case.reference in email.subject
    assert f"/cases/{case.uuid}" in email.body
    _no_personal_data(email.subject + email.body)


def test_opening_a_notification_marks_it_read_and_goes_to_the_case(app, make_user):
    partner = make_user("partner")
    case, _ = _handed_off(make_user)
    client = _client(app, partner)
    note = db.session.scalar(select(Notification).where(Notification.user_id == partner.id))
    response = client.get(f"/notifications/{note.uuid}")
    assert response.status_code == 302 and response.headers["Location"] == f"/cases/{case.uuid}"
    db.session.refresh(note)
    assert note.read_at is not None
    assert _unread(client.get("/notifications/").get_data(as_text=True)) == "0"


def test_mark_one_and_mark_all_read(app, make_user):
    partner = make_user("partner")
    _handed_off(make_user)
    _handed_off(make_user)
    client = _client(app, partner)
    first, second = db.session.scalars(select(Notification).where(
        Notification.user_id == partner.id).order_by(Notification.id)).all()
    assert client.post(f"/notifications/{first.uuid}/read").status_code == 302
    assert _unread(client.get("/notifications/").get_data(as_text=True)) == "1"
    assert client.post("/notifications/read-all").status_code == 302
    page = client.get("/notifications/").get_data(as_text=True)
    assert _unread(page) == "0" and "2 notifications" not in page
    db.session.refresh(second)
    assert second.read_at is not None


def test_nobody_reads_or_marks_another_users_notification(app, make_user):
    partner = make_user("partner")
    _handed_off(make_user)
    note = db.session.scalar(select(Notification).where(Notification.user_id == partner.id))
    other = _client(app, make_user("partner"))
    assert other.get(f"/notifications/{note.uuid}").status_code == 404
    assert other.post(f"/notifications/{note.uuid}/read").status_code == 404
    assert "You have no notifications" in other.get("/notifications/").get_data(as_text=True)
    db.session.refresh(note)
    assert note.read_at is None


def test_a_partner_who_turns_off_hand_off_emails_still_gets_the_notification(app, make_user):
    partner = make_user("partner")
    client = _client(app, partner)
    page = client.get("/notifications/email").get_data(as_text=True)
    assert 'value="handoff" checked' in page
    response = client.post("/notifications/email", data={"email": ["overdue_action"]})
    assert response.status_code == 302
    assert 'value="handoff" checked' not in client.get("/notifications/email").get_data(
        as_text=True)
    case, _ = _handed_off(make_user)
    assert db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.to_address == partner.email)).all() == []
    assert case.reference in client.get("/notifications/").get_data(as_text=True)


def test_an_unknown_email_choice_is_refused_with_a_message(app, make_user):
    client = _client(app, make_user("partner"))
    response = client.post("/notifications/email", data={"email": ["everything"]})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.get_data(as_text=True)


def test_the_coordinators_hear_of_acceptance_decline_and_refer_back(app, make_user):
    partner = make_user("partner")
    case, coordinator = _handed_off(make_user)
    services.decide_hand_off(case, partner, accept=True)
    services.refer_back(case, partner)
    other, _ = _handed_off(make_user)
    services.decide_hand_off(other, partner, accept=False, decline_reason="no_capacity")
    db.session.commit()
    kinds = db.session.scalars(select(Notification.kind).where(
        Notification.user_id == coordinator.id).order_by(Notification.id)).all()
    assert kinds == ["handoff_accepted", "referred_back", "handoff_declined"]
    page = _client(app, coordinator).get("/notifications/").get_data(as_text=True)
    assert f"The partner accepted the hand-off of case {case.reference}" in page
    assert f"Case {case.reference} was referred back for triage" in page
    assert f"The partner declined the hand-off of case {other.reference}" in page
