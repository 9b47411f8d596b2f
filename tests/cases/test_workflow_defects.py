"""Issue 14's workflow defects, each through the page where a person met it."""

from __future__ import annotations

import re

import pytest

from shared.cases import services
from shared.extensions import db
from shared.people.services import erase_person
from tests.cases.test_journey_pages import _client
from tests.factories import born_years_ago, organisation, planned_case, refer


def _summary_value(page: str, key: str) -> str:
    found = re.search(rf'<dt class="govuk-summary-list__key">{re.escape(key)}</dt>\s*'
                      r'<dd class="govuk-summary-list__value">(.*?)</dd>', page, re.S)
    assert found, key
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def test_the_parent_or_carers_awareness_shows_on_a_divert_case(app, make_user):
    case = refer(make_user("officer"), date_of_birth=born_years_ago(15))
    page = _client(app, make_user("coordinator")).get(f"/cases/{case.uuid}").get_data(
        as_text=True)
    assert _summary_value(page, "Parent or carer aware of referral") == "Yes"
    case.parent_carer = {**case.parent_carer, "aware_of_referral": False}
    db.session.commit()
    page = _client(app, make_user("coordinator")).get(f"/cases/{case.uuid}").get_data(
        as_text=True)
    assert _summary_value(page, "Parent or carer aware of referral") == "No"


def _engaged_case(app, make_user):
    """A case the partner (Arsenal in the Community) has accepted, and both clients."""
    coordinator_user, partner_user = make_user("coordinator"), make_user("partner")
    case = planned_case(make_user("officer"), coordinator_user)
    services.hand_off(case, coordinator_user, organisation("AITC"), "Plays football")
    services.decide_hand_off(case, partner_user, True)
    db.session.commit()
    return case, _client(app, coordinator_user), _client(app, partner_user)


def _asks_first(client, url: str, data: dict, button: str) -> str:
    """The action shows its own confirmation page, with a warning button, and changes nothing."""
    response = client.post(url, data=data)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "What will happen" in page
    assert re.search(r'<button[^>]*class="govuk-button govuk-button--warning"[^>]*>\s*'
                     + re.escape(button), page), page
    return page


def test_destructive_buttons_use_the_warning_style_not_a_type_attribute(app, make_user):
    case, _, partner = _engaged_case(app, make_user)
    page = partner.get(f"/cases/{case.uuid}").get_data(as_text=True)
    assert "type=\"{" not in page and "type=\"{&#39;" not in page
    for text in ("Close case", "Refer back to the coordinator"):
        assert re.search(r'class="govuk-button govuk-button--warning"[^>]*>\s*' + text, page), text


def test_closing_asks_on_its_own_page_and_says_what_will_happen(app, make_user):
    case, _, partner = _engaged_case(app, make_user)
    url, data = f"/cases/{case.uuid}/close", {"close-reason": "goals_met"}
    page = _asks_first(partner, url, data, "Close the case")
    assert "plan goals met" in page and "coordinator can reopen a closed case" in page
    db.session.refresh(case)
    assert case.status == "engaged"
    assert partner.post(url, data={**data, "confirmed": "yes"}).status_code == 302
    db.session.refresh(case)
    assert case.status == "closed"


def test_refer_back_and_partner_decline_ask_first(app, make_user):
    case, coordinator, partner = _engaged_case(app, make_user)
    _asks_first(partner, f"/cases/{case.uuid}/refer-back", {"referback-note": "Moved"},
                "Refer back to the coordinator")
    db.session.refresh(case)
    assert case.status == "engaged"
    other = planned_case(make_user("officer"), make_user("coordinator"))
    services.hand_off(other, make_user("coordinator"), organisation("AITC"), "Fits")
    db.session.commit()
    _asks_first(partner, f"/cases/{other.uuid}/handoff/decision", {
        "decision-decision": "decline", "decision-decline_reason": "no_capacity"},
        "Decline the hand-off")
    _asks_first(coordinator, f"/cases/{other.uuid}/handoff/withdraw", {},
                "Withdraw the hand-off")
    db.session.refresh(other)
    assert other.status == "handed_off"


def test_declining_at_triage_asks_first_and_accepting_does_not(app, make_user):
    case = refer(make_user("officer"))
    coordinator = _client(app, make_user("coordinator"))
    url = f"/cases/{case.uuid}/triage"
    data = {"triage-decision": "decline", "triage-reason": "not_at_risk",
            "triage-risk_level": "low", "triage-priority": "3"}
    page = _asks_first(coordinator, url, data, "Decline the referral")
    assert "no risk of serious violence identified" in page
    db.session.refresh(case)
    assert case.status == "submitted"
    assert coordinator.post(url, data={**data, "confirmed": "yes"}).status_code == 302
    db.session.refresh(case)
    assert case.status == "declined"


def test_an_erased_persons_case_can_be_closed_out_of_the_triage_queue(app, make_user):
    case = refer(make_user("officer"))
    erase_person(case.person)
    db.session.commit()
    coordinator = _client(app, make_user("coordinator"))
    assert case.reference in coordinator.get("/cases/").get_data(as_text=True)
    page = coordinator.get(f"/cases/{case.uuid}").get_data(as_text=True)
    assert "Close the case as erased" in page
    url = f"/cases/{case.uuid}/close-erased"
    asked = _asks_first(coordinator, url, {}, "Close the case as erased")
    assert "case cannot be reopened" in asked
    assert coordinator.post(url, data={"confirmed": "yes"}).status_code == 302
    db.session.refresh(case)
    assert case.status == "closed" and case.closure_reason == "erased"
    assert case.reference not in coordinator.get("/cases/").get_data(as_text=True)
    timeline = coordinator.get(f"/cases/{case.uuid}").get_data(as_text=True)
    assert "Closed: young person&#39;s details erased" in timeline


def test_only_an_erased_persons_case_closes_as_erased(app, make_user):
    case = refer(make_user("officer"))
    coordinator = _client(app, make_user("coordinator"))
    assert "Close the case as erased" not in coordinator.get(
        f"/cases/{case.uuid}").get_data(as_text=True)
    for data in ({}, {"confirmed": "yes"}):
        response = coordinator.post(f"/cases/{case.uuid}/close-erased", data=data)
        assert response.status_code == 400
        assert "were erased" in response.get_data(as_text=True)
    db.session.refresh(case)
    assert case.status == "submitted"


def test_a_referred_back_case_says_by_whom_and_why_on_the_page_and_in_the_queue(
        app, make_user):
    case, coordinator, partner = _engaged_case(app, make_user)
    assert partner.post(f"/cases/{case.uuid}/refer-back", data={
        "referback-note": "Moved to Leeds with family", "confirmed": "yes"}).status_code == 302
    page = coordinator.get(f"/cases/{case.uuid}").get_data(as_text=True)
    assert "Referred back for triage" in page and "Moved to Leeds with family" in page
    assert "Test partner (Arsenal in the Community)" in page
    assert "Arsenal in the Community: accepted" in page
    assert "then referred back on" in page
    queue = coordinator.get("/cases/").get_data(as_text=True)
    row = re.search(rf"{case.reference}.*?</tr>", queue, re.S).group(0)
    assert "Referred back" in row and "Arsenal in the Community" in row


def test_wording_names_people_and_fields_as_a_person_would(app, make_user):
    from shared.auth.services import AccountError, create_user
    from shared.cases import plans

    with pytest.raises(AccountError, match=r"^A referring police officer cannot belong to "
                                           r"Arsenal in the Community$"):
        create_user("o@example.test", "O", "officer", "AITC", "a long enough password 1")
    with pytest.raises(AccountError, match=r"^An administrator cannot belong to"):
        create_user("a@example.test", "A", "admin", "AITC", "a long enough password 1")
    coordinator = make_user("coordinator")
    case = planned_case(make_user("officer"), coordinator)
    goal = case.goals[0]
    plans.add_action(goal, coordinator, "Call the school", "coordinator", case.goals[0]
                     .actions[0].due_date)
    db.session.commit()
    page = _client(app, coordinator).get(f"/cases/{case.uuid}").get_data(as_text=True)
    assert "Action added for: Programme coordinator, due" in page
    assert "divert coordinator" not in page.lower()
