"""In Chromium at 360 px and at desktop width: the coordinator's and the partner's day from their
lists: my cases, filters, a mistyped search, bulk assignment and the team's caseload."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from shared.cases import services
from shared.extensions import db
from tests.browser.checks import assert_fits_the_phone, assert_no_blocking_violations
from tests.browser.conftest import ARTIFACTS, PHONE
from tests.browser.journeys import sign_in
from tests.browser.test_case_journey import _follow_menu
from tests.factories import organisation, planned_case, refer

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1280, "height": 900}


def _check(page: Page, where: str) -> None:
    """axe at 360 px (and no sideways scrolling), then axe again at desktop width."""
    name = "caseload-" + where.replace(" ", "-")
    assert_no_blocking_violations(page, Axe(), ARTIFACTS, name)
    assert_fits_the_phone(page, ARTIFACTS, name)
    page.set_viewport_size(DESKTOP)
    assert_no_blocking_violations(page, Axe(), ARTIFACTS, name + "-desktop")
    page.screenshot(path=ARTIFACTS / f"{name}-desktop.png", full_page=True)
    page.set_viewport_size(PHONE)
    # The navigation's script shows the Menu toggle again once it sees the narrow width.
    expect(page.get_by_role("button", name="Menu")).to_be_visible()


def test_the_coordinators_and_the_partners_day_from_their_lists(page, make_user, artifacts):
    officer, coordinator = make_user("officer"), make_user("coordinator")
    colleague, partner = make_user("coordinator"), make_user("partner")
    handed = planned_case(officer, coordinator)
    handed.person.first_name, handed.person.last_name = "Tobi", "Okonkwo"
    services.hand_off(handed, coordinator, organisation("AITC"), "Plays football")
    services.decide_hand_off(handed, partner, True)
    waiting = refer(officer, first_name="Mia", last_name="Fernandes")
    db.session.commit()

    sign_in(page, coordinator)
    _follow_menu(page, "My cases")
    expect(page.get_by_test_id("list-heading")).to_have_text("My cases")
    expect(page.get_by_role("link", name="Tobi Okonkwo")).to_be_visible()
    _check(page, "my cases")
    page.get_by_role("link", name="Unassigned").click()
    expect(page.get_by_role("link", name="Mia Fernandes")).to_be_visible()
    page.get_by_text("Filter and sort").click()
    page.get_by_label("Sort by").select_option("newest")
    page.get_by_role("button", name="Apply").click()
    _check(page, "unassigned")
    page.get_by_label(f"Select {waiting.reference}").check()
    page.get_by_label("Assign to").select_option(label=colleague.full_name)
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_text(f"1 case assigned to {colleague.full_name}")).to_be_visible()
    page.get_by_role("link", name="Team caseload").click()
    expect(page.get_by_test_id("team-row")).to_have_count(3)  # two coordinators, unassigned
    _check(page, "team")

    _follow_menu(page, "Find a case")
    page.get_by_label("Surname").fill("Okonkow")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Tobi Okonkwo")).to_be_visible()
    _check(page, "search")

    page.context.clear_cookies()
    sign_in(page, partner)
    _follow_menu(page, "My cases")
    page.get_by_role("link", name="Tobi Okonkwo").click()
    expect(page.get_by_test_id("case-workers")).to_contain_text(partner.full_name)
    _follow_menu(page, "Find a case")
    page.get_by_label("Surname").fill("Fernandes")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="No cases found")).to_be_visible()
    _check(page, "partner search")
