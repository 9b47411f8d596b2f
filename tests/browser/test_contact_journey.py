"""In Chromium on a 360px phone: the DIVERT team logs a contact, then corrects it with a reason."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from shared.clock import today
from shared.extensions import db
from tests.browser.journeys import sign_in
from tests.browser.test_case_journey import _check_axe, _fill_date
from tests.factories import planned_case

pytestmark = pytest.mark.browser


def test_a_coordinator_logs_and_corrects_a_contact_on_a_phone(page, make_user, artifacts,
                                                             live_server):
    coordinator = make_user("coordinator")
    case = planned_case(make_user("officer"), coordinator)
    db.session.commit()
    sign_in(page, coordinator)
    page.goto(f"{live_server}/cases/{case.uuid}")
    _check_axe(page, "contact form")
    _fill_date(page, "contact-contact_date", today())
    page.get_by_label("How long, in minutes (optional)").fill("40")
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("Where (optional)").fill("Called their mobile")
    page.get_by_label("Attended", exact=True).check()
    page.locator("#contact-notes").fill("Agreed to meet next week")
    page.get_by_role("button", name="Log contact").click()
    expect(page.get_by_text("Contact logged").first).to_be_visible()
    expect(page.get_by_test_id("contacts")).to_contain_text("40 minutes")
    _check_axe(page, "contact logged")
    page.get_by_role("link", name="Correct, or see its history").click()
    _check_axe(page, "contact correction")
    page.get_by_label("Video call").check()
    page.get_by_label("Why are you correcting it?").fill("It was a video call, not a phone call")
    page.get_by_role("button", name="Save correction").click()
    expect(page.get_by_text("Contact corrected").first).to_be_visible()
    expect(page.get_by_test_id("contacts")).to_contain_text("Corrected")
    page.get_by_role("link", name="Correct, or see its history").click()
    expect(page.get_by_test_id("history")).to_contain_text("It was a video call")
    _check_axe(page, "contact history")
    page.screenshot(path=str(artifacts / "contact-history-360.png"), full_page=True)


def test_outcomes_and_safeguarding_pages_pass_axe_on_a_phone(page, make_user, live_server):
    coordinator = make_user("coordinator")
    case = planned_case(make_user("officer"), coordinator)
    db.session.commit()
    sign_in(page, coordinator)
    page.goto(f"{live_server}/cases/{case.uuid}/outcomes")
    _check_axe(page, "outcomes form")
    page.get_by_label("At acceptance").check()
    _fill_date(page, "review-reviewed_on", today())
    page.get_by_label("Goal: Goal").select_option("3")
    page.get_by_label("How much do you trust the police?").select_option("4")
    page.get_by_role("button", name="Save outcomes").click()
    expect(page.get_by_test_id("outcome-change")).to_contain_text("Trust in the police")
    _check_axe(page, "outcomes recorded")
    page.goto(f"{live_server}/cases/{case.uuid}/safeguarding")
    _check_axe(page, "safeguarding")
    page.get_by_label("What kind of concern").select_option("neglect")
    page.get_by_label("Act today").check()
    page.get_by_label("What is the concern?").fill("No food at home for two days")
    page.get_by_role("button", name="Raise the concern").click()
    expect(page.get_by_test_id("concern")).to_contain_text("No food at home")
    _check_axe(page, "safeguarding concern")
