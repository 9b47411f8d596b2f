"""An officer refers a young person from a 360px phone: fits, accessible, survives a reload."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from shared.cases.models import Case
from shared.extensions import db
from tests.browser.checks import assert_fits_the_phone, assert_no_blocking_violations
from tests.browser.journeys import sign_in
from tests.divert.conftest import REFERENCE
from tests.factories import years_ago

pytestmark = pytest.mark.browser

NEW = "/divert/referrals/new"
DRAFTS = """() => new Promise((resolve) => {
  const request = indexedDB.open('divert-app')
  request.onsuccess = () => {
    const db = request.result
    const all = db.transaction('drafts').objectStore('drafts').getAll()
    all.onsuccess = () => { db.close(); resolve(all.result.map((draft) => draft.id)) }
  }
})"""


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def group(page: Page, legend: str):
    """The fieldset whose legend starts with LEGEND."""
    return page.get_by_role("group", name=re.compile("^" + re.escape(legend)))


def open_form(page: Page, make_user):
    """Sign in as an officer and follow the home page's button to the form."""
    officer = make_user("officer")
    sign_in(page, officer)
    page.get_by_role("button", name="Refer a young person").click()
    expect(page.get_by_role("heading", name="Refer a young person")).to_be_visible()
    page.wait_for_load_state("load")
    # the app script has restored any draft and taken over the form
    page.wait_for_function("() => document.documentElement.dataset.divertReady === 'true'")
    return officer


def fill_referral(page: Page) -> None:
    """Fill every required field (and a few optional ones) as an officer would."""
    born = years_ago(16)
    page.get_by_label("First name", exact=True).fill("Zoë")
    page.get_by_label("Last name", exact=True).fill("O'Brien")
    page.get_by_label("Day").fill(str(born.day))
    page.get_by_label("Month").fill(str(born.month))
    page.get_by_label("Year").fill(str(born.year))
    group(page, "Gender").get_by_label("Female").check()
    page.get_by_label("Postcode (optional)").fill("nw1 2ab")
    page.get_by_label("Borough").select_option(label="Camden")
    page.get_by_label("Parent or carer's name").fill("Mary O'Brien")
    page.get_by_label("Relationship to the young person").fill("Mother")
    group(page, "Does the parent or carer know").get_by_label("Yes").check()
    group(page, "Is the young person at risk").get_by_label("Victim").check()
    group(page, "Are you concerned about exploitation").get_by_label("Yes").check()
    page.get_by_label("What are you worried about?").fill("Seen with older youths with knives")
    group(page, "Vulnerabilities").get_by_label("Trauma").check()
    group(page, "Your strand").get_by_label("Neighbourhood").check()
    page.get_by_label("BCU").select_option(label="Central North (CN)")
    page.get_by_label("The young person agrees to be referred").check()


def case_count() -> int:
    db.session.rollback()  # see what the live server committed
    return db.session.scalar(select(func.count()).select_from(Case))


def test_an_officer_on_a_phone_sends_a_referral_and_sees_the_receipt(page, make_user, axe,
                                                                      artifacts):
    open_form(page, make_user)
    assert_fits_the_phone(page, artifacts, "divert-new-referral")
    assert_no_blocking_violations(page, axe, artifacts, "divert-new-referral")

    fill_referral(page)
    page.get_by_role("button", name="Send referral").click()

    expect(page.get_by_role("heading", name="Referral received")).to_be_visible()
    reference = page.get_by_test_id("receipt-reference").inner_text()
    assert REFERENCE.fullmatch(reference) and case_count() == 1
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    page.wait_for_load_state("load")
    assert page.evaluate(DRAFTS) == []  # the sent referral's draft is gone
    assert_fits_the_phone(page, artifacts, "divert-receipt")
    assert_no_blocking_violations(page, axe, artifacts, "divert-receipt")

    page.get_by_role("link", name="See all your receipts").click()
    expect(page.get_by_role("link", name=reference)).to_be_visible()
    assert_fits_the_phone(page, artifacts, "divert-receipts")
    assert_no_blocking_violations(page, axe, artifacts, "divert-receipts")


def test_the_form_with_errors_is_accessible_and_fits(page, make_user, axe, artifacts):
    open_form(page, make_user)

    page.get_by_role("button", name="Send referral").click()

    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page.get_by_role("alert")).to_contain_text("Enter the young person's first name")
    page.wait_for_load_state("load")
    assert page.title().startswith("Error: ")
    assert_fits_the_phone(page, artifacts, "divert-new-referral-errors")
    assert_no_blocking_violations(page, axe, artifacts, "divert-new-referral-errors")


def test_a_draft_comes_back_after_a_reload_with_the_same_submission_id(page, make_user):
    open_form(page, make_user)
    submission_id = page.locator("input[name=submission_id]").input_value()
    page.get_by_label("First name", exact=True).fill("Zoë")
    group(page, "Your strand").get_by_label("Neighbourhood").check()
    page.wait_for_function(f"() => ({DRAFTS})().then((ids) => ids.includes('{submission_id}'))")

    page.reload()
    page.wait_for_function("() => document.documentElement.dataset.divertReady === 'true'")

    expect(page.get_by_label("First name", exact=True)).to_have_value("Zoë")
    expect(group(page, "Your strand").get_by_label("Neighbourhood")).to_be_checked()
    expect(page.locator("input[name=submission_id]")).to_have_value(submission_id)
    # kept in IndexedDB, sealed: tests/browser/test_officer_app.py reads the raw records



def test_a_double_tap_shows_the_receipt_at_its_own_address(page, make_user):
    open_form(page, make_user)
    fill_referral(page)

    page.get_by_role("button", name="Send referral").dblclick()

    expect(page.get_by_role("heading", name="Referral received")).to_be_visible()
    page.wait_for_load_state("load")
    assert re.search(r"/divert/receipts/[0-9a-f-]{36}$", page.url), page.url
    page.reload()  # a reload asks to resend nothing: the receipt is a GET
    expect(page.get_by_role("heading", name="Referral received")).to_be_visible()
    assert case_count() == 1
