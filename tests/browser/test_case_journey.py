"""In Chromium on a phone: a coordinator triages, plans and hands off; a partner takes it on."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from shared.clock import today as london_today
from tests.browser.checks import assert_fits_the_phone, assert_no_blocking_violations
from tests.browser.conftest import ARTIFACTS
from tests.browser.journeys import sign_in
from tests.factories import refer

pytestmark = pytest.mark.browser


def _check_axe(page: Page, where: str) -> None:
    name = "case-journey-" + where.replace(" ", "-")
    assert_no_blocking_violations(page, Axe(), ARTIFACTS, name)
    assert_fits_the_phone(page, ARTIFACTS, name)


def _follow_menu(page: Page, name: str) -> None:
    """Use the service navigation as a phone user would: open the menu first."""
    page.wait_for_load_state("load")  # the menu toggle is wired up by a module script
    toggle = page.get_by_role("button", name="Menu")
    link = page.get_by_role("link", name=name, exact=True)
    # A tap can land before the script wires the toggle, and after a resize from desktop
    # width the toggle can say "expanded" over a hidden menu: tap until the link shows (at
    # desktop width there is no toggle and the link shows already).
    for attempt in range(4):
        if link.is_visible() or not toggle.is_visible():
            break
        if attempt or toggle.get_attribute("aria-expanded") != "true":
            toggle.click()
        try:
            link.wait_for(state="visible", timeout=5000)
        except PlaywrightTimeoutError:
            continue
    link.click()


def _fill_date(page: Page, prefix: str, day: date) -> None:
    page.locator(f"#{prefix}-day").fill(str(day.day))
    page.locator(f"#{prefix}-month").fill(str(day.month))
    page.locator(f"#{prefix}-year").fill(str(day.year))


def _coordinator_triages_plans_and_hands_off(page: Page, reference: str) -> None:
    _follow_menu(page, "Cases")
    _check_axe(page, "queue")
    page.get_by_role("link", name=reference).click()
    _check_axe(page, "case awaiting triage")
    page.get_by_label("Accept").check()
    page.get_by_label("High").check()
    page.get_by_label("Urgent").check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("Triage decision recorded")).to_be_visible()
    page.get_by_label("New goal").fill("Back into college")
    page.get_by_role("button", name="Add goal").click()
    page.get_by_text("Add an action to this goal").click()
    page.get_by_label("Action", exact=True).fill("Visit the college together")
    page.get_by_label("Who owns it").select_option("partner")
    prefix = page.locator("input[id$='-due_date-day']").get_attribute("id")[:-4]
    _fill_date(page, prefix, london_today() + timedelta(days=14))
    page.get_by_role("button", name="Add action").click()
    page.get_by_role("button", name="Agree the action plan").click()
    _check_axe(page, "case with plan agreed")
    page.get_by_label("Partner organisation").select_option(label="Arsenal in the Community")
    page.get_by_label("Why this partner").fill("Plays football every week")
    page.get_by_role("button", name="Hand off").click()
    expect(page.get_by_text("Handed off to Arsenal in the Community").first).to_be_visible()


def _partner_accepts_logs_and_closes(page: Page, reference: str) -> None:
    _follow_menu(page, "Caseload")
    _check_axe(page, "caseload")
    page.get_by_role("link", name=reference).click()
    page.get_by_label("Accept the hand-off").check()
    page.get_by_role("button", name="Send answer").click()
    expect(page.get_by_text("Hand-off accepted").first).to_be_visible()
    _check_axe(page, "engaged case")
    _fill_date(page, "contact-contact_date", london_today())
    page.get_by_label("In person").check()
    page.get_by_label("Attended", exact=True).check()
    page.get_by_label("Notes (optional)").first.fill("Met at the stadium")
    page.get_by_role("button", name="Log contact").click()
    expect(page.get_by_text("Contact logged").first).to_be_visible()
    page.locator("#outcome-engaged").check()
    page.get_by_role("button", name="Save outcome").click()
    page.get_by_label("Reason for closing").select_option("goals_met")
    page.get_by_role("button", name="Close case").click()
    expect(page.get_by_role("heading", name="What will happen")).to_be_visible()
    _check_axe(page, "confirm closing")
    page.get_by_role("button", name="Close the case").click()
    expect(page.get_by_text("Closed: plan goals met")).to_be_visible()


def test_coordinator_and_partner_take_a_referral_to_closure_on_a_phone(
        page, make_user, artifacts):
    case = refer(make_user("officer"))
    coordinator = make_user("coordinator")
    partner = make_user("partner")
    sign_in(page, coordinator)
    _coordinator_triages_plans_and_hands_off(page, case.reference)
    page.screenshot(path=str(artifacts / "case-coordinator-360.png"), full_page=True)
    page.context.clear_cookies()
    sign_in(page, partner)
    _partner_accepts_logs_and_closes(page, case.reference)
    page.screenshot(path=str(artifacts / "case-partner-360.png"), full_page=True)
