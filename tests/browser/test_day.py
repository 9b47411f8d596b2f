"""In Chromium, at 360px and at desktop width: the home page's counts and the inbox, with axe."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from shared.cases import services
from shared.extensions import db
from tests.browser.checks import assert_no_blocking_violations
from tests.browser.conftest import ARTIFACTS, PHONE
from tests.browser.journeys import sign_in
from tests.factories import offered_case

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1280, "height": 900}
WIDTHS = {"360": PHONE, "desktop": DESKTOP}


def _check(page: Page, name: str) -> None:
    assert_no_blocking_violations(page, Axe(), ARTIFACTS, name)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{name} is {width}px wide"


@pytest.mark.parametrize("width", WIDTHS)
def test_the_partners_day_from_home_to_inbox_to_the_case(page, make_user, width, page_watch,
                                                         artifacts):
    page.set_viewport_size(WIDTHS[width])
    try:
        partner = make_user("partner")
        case = offered_case(make_user)
        sign_in(page, partner)
        counts = page.get_by_test_id("home-counts")
        expect(counts).to_contain_text("1 Hand-offs waiting for your answer")
        expect(page.get_by_test_id("unread-count")).to_have_text("1")
        _check(page, f"day-partner-home-{width}")

        page.get_by_test_id("inbox-link").click()
        expect(page.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
        note = page.get_by_test_id("notification")
        expect(note).to_contain_text(f"Case {case.reference} has been handed")
        _check(page, f"day-inbox-{width}")

        note.get_by_role("link").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(case.reference)
        expect(page.get_by_test_id("identity-withheld")).to_be_visible()
        expect(page.get_by_test_id("unread-count")).to_have_text("0")
        assert not page_watch.console_errors()
    finally:
        page.set_viewport_size(PHONE)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_coordinators_day_and_mark_all_read(page, make_user, width, artifacts):
    page.set_viewport_size(WIDTHS[width])
    try:
        coordinator = make_user("coordinator")
        partner = make_user("partner")
        case = offered_case(make_user)
        services.decide_hand_off(case, partner, accept=True)
        services.refer_back(case, partner)
        db.session.commit()
        sign_in(page, coordinator)
        expect(page.get_by_test_id("home-counts")).to_contain_text("1 Cases referred back to you")
        expect(page.get_by_test_id("unread-count")).to_have_text("2")
        _check(page, f"day-coordinator-home-{width}")
        page.get_by_test_id("inbox-link").click()
        expect(page.get_by_test_id("notification")).to_have_count(2)
        page.get_by_role("button", name="Mark all as read").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("2 notifications")
        expect(page.get_by_test_id("unread-count")).to_have_text("0")
        _check(page, f"day-inbox-read-{width}")
        page.get_by_role("link", name="Choose which reach you by email").click()
        expect(page.get_by_role("heading", name="Email notifications")).to_be_visible()
        _check(page, f"day-email-choices-{width}")
    finally:
        page.set_viewport_size(PHONE)
