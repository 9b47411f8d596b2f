"""The whole journey through the pages: referral, triage, plan, hand-off, partner, closure."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

from sqlalchemy import select

from shared.audit.models import AuditEvent
from shared.clock import today as london_today
from shared.extensions import db
from shared.reference.models import Organisation
from tests.conftest import AuthActions
from tests.factories import refer


def _client(app, user):
    client = app.test_client()
    AuthActions(client).login(user)
    return client




def _date_fields(prefix: str, day: date) -> dict:
    return {prefix: [str(day.day), str(day.month), str(day.year)]}


def _goal_uuid(page: str) -> str:
    return re.search(r'/goals/([0-9a-f-]{36})/actions', page).group(1)


def _coordinator_plans_and_hands_off(client, case, aitc) -> None:
    base = f"/cases/{case.uuid}"
    assert client.post(f"{base}/triage", data={
        "triage-decision": "accept", "triage-risk_level": "high", "triage-priority": "1",
        "triage-reason": ""}).status_code == 302
    assert client.post(f"{base}/goals", data={"goal-title": "Back into college"}
                       ).status_code == 302
    goal = _goal_uuid(client.get(base).get_data(as_text=True))
    prefix = f"action-{uuid.UUID(goal).hex}"
    response = client.post(f"{base}/goals/{goal}/actions", data={
        f"{prefix}-description": "Visit the college with them", f"{prefix}-owner": "partner",
        **_date_fields(f"{prefix}-due_date", london_today() + timedelta(days=14))})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert client.post(f"{base}/agree-plan", data={}).status_code == 302
    response = client.post(f"{base}/handoff", data={
        "handoff-organisation": str(aitc.uuid), "handoff-reason": "Plays football twice a week"})
    assert response.status_code == 302


def _partner_accepts_works_and_closes(client, case) -> None:
    base = f"/cases/{case.uuid}"
    assert case.reference in client.get("/partner/cases").get_data(as_text=True)
    assert client.post(f"{base}/handoff/decision", data={
        "decision-decision": "accept", "decision-decline_reason": ""}).status_code == 302
    response = client.post(f"{base}/contacts", data={
        "contact-method": "in_person", "contact-attendance": "attended",
        "contact-notes": "Met at the stadium",
        **_date_fields("contact-contact_date", london_today())})
    assert response.status_code == 302
    assert client.post(f"{base}/outcome", data={
        "outcome-engaged": "yes", "outcome-needs": ["ete"], "outcome-ete_outcome": "education"}
    ).status_code == 302
    assert client.post(f"{base}/close", data={"close-reason": "goals_met",
                                                    "confirmed": "yes"}).status_code == 302


def test_referral_to_closure_and_re_referral_through_the_pages(app, make_user):
    officer = make_user("officer")
    coordinator = _client(app, make_user("coordinator"))
    partner = _client(app, make_user("partner"))
    aitc = db.session.scalar(select(Organisation).where(Organisation.code == "AITC"))
    case = refer(officer)
    assert case.reference in coordinator.get("/cases/").get_data(as_text=True)
    page = coordinator.get(f"/cases/{case.uuid}").get_data(as_text=True)
    assert "O&#39;Brien" in page and "Seen with older youths" in page
    _coordinator_plans_and_hands_off(coordinator, case, aitc)
    _partner_accepts_works_and_closes(partner, case)
    db.session.refresh(case)
    assert case.status == "closed" and case.engaged is True
    assert case.first_contact_at == london_today()
    timeline = coordinator.get(f"/cases/{case.uuid}").get_data(as_text=True)
    for entry in ("Referral received", "Triaged: accepted", "Action plan agreed",
                  "Handed off to Arsenal in the Community", "Hand-off accepted",
                  "Contact logged", "Closed: plan goals met"):
        assert entry in timeline
    again = refer(officer, first_name="ZOË", last_name="o\u2019brien")
    page = coordinator.get(f"/cases/{again.uuid}").get_data(as_text=True)
    assert "Earlier referrals of this young person" in page and case.reference in page
    merge = f"/cases/{again.uuid}/merge/{case.uuid}"
    assert merge in page and "Is this the same young person?" in coordinator.get(
        merge).get_data(as_text=True)
    response = coordinator.post(merge, data={"pick-last_name": "earlier"})
    assert response.status_code == 302
    db.session.refresh(again)
    assert again.person_id == case.person_id and again.previous_case_id == case.id
    assert again.concern == "Seen with older youths carrying knives"


def test_every_case_page_view_is_audited(app, make_user):
    case = refer(make_user("officer"))
    coordinator_user = make_user("coordinator")
    _client(app, coordinator_user).get(f"/cases/{case.uuid}")
    views = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "view", AuditEvent.object_uuid == case.uuid)).all()
    assert [v.actor_uuid for v in views] == [coordinator_user.uuid]


def test_a_referral_awaiting_triage_says_what_is_still_to_come(app, make_user):
    case = refer(make_user("officer"))
    page = _client(app, make_user("coordinator")).get(f"/cases/{case.uuid}").get_data(
        as_text=True)
    facts = re.findall(r'<dt class="govuk-summary-list__key">(.*?)</dt>\s*'
                       r'<dd class="govuk-summary-list__value">(.*?)</dd>', page, re.S)
    shown = {key.strip(): re.sub(r"<[^>]+>", "", value).strip() for key, value in facts}
    assert (shown["Risk level"], shown["Priority"]) == ("Set at triage", "Set at triage")
    assert (shown["Partner"], shown["First contact"]) == ("Not handed off yet", "Not yet")


def test_an_invalid_transition_is_refused_with_409_and_a_message(app, make_user):
    case = refer(make_user("officer"))
    coordinator = _client(app, make_user("coordinator"))
    response = coordinator.post(f"/cases/{case.uuid}/close", data={"close-reason": "goals_met"})
    assert response.status_code == 409
    assert "You cannot close the case now" in response.get_data(as_text=True)


def test_triage_without_a_decision_gets_400_and_an_error_summary(app, make_user):
    case = refer(make_user("officer"))
    coordinator = _client(app, make_user("coordinator"))
    response = coordinator.post(f"/cases/{case.uuid}/triage", data={"triage-risk_level": "high"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "govuk-error-summary" in page and "Choose a decision" in page
    db.session.refresh(case)
    assert case.status == "submitted"


def test_a_partner_decline_sends_the_case_back_and_out_of_the_partners_sight(app, make_user):
    case = refer(make_user("officer"))
    coordinator = _client(app, make_user("coordinator"))
    partner = _client(app, make_user("partner"))
    aitc = db.session.scalar(select(Organisation).where(Organisation.code == "AITC"))
    _coordinator_plans_and_hands_off(coordinator, case, aitc)
    response = partner.post(f"/cases/{case.uuid}/handoff/decision", data={
        "decision-decision": "decline", "decision-decline_reason": "no_capacity",
        "confirmed": "yes"})
    assert response.status_code == 302
    assert partner.get(f"/cases/{case.uuid}").status_code == 404
    assert "Hand-off declined by Arsenal in the Community: no capacity" in coordinator.get(
        f"/cases/{case.uuid}").get_data(as_text=True)
