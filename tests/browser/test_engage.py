"""A custody worker records an encounter and its follow-up on a 360px phone, axe-checked."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from sqlalchemy import select

from engage.models import CustodyEncounter
from shared.clock import today as london_today
from shared.extensions import db
from tests.browser.checks import assert_fits_the_phone, assert_no_blocking_violations
from tests.browser.journeys import sign_in
from tests.engage.conftest import assign

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def group(page: Page, legend: str):
    """The fieldset whose legend starts with LEGEND."""
    return page.get_by_role("group", name=re.compile("^" + re.escape(legend)))


def fill_date(page: Page, legend: str, day) -> None:
    box = group(page, legend)
    box.get_by_label("Day").fill(str(day.day))
    box.get_by_label("Month").fill(str(day.month))
    box.get_by_label("Year").fill(str(day.year))


def test_a_custody_worker_records_an_encounter_and_a_follow_up_on_a_phone(
        quiet_clock, page, make_user, axe, artifacts):
    # Released two days ago at 20:00 is "due today" only before 20:00: pin a morning.
    worker = make_user("custody_worker")
    assign(worker, "Holborn")
    sign_in(page, worker)
    assert_no_blocking_violations(page, axe, artifacts, "engage-home")
    page.get_by_role("link", name="Record an encounter").click()
    expect(page.get_by_role("heading", name="Record a custody encounter")).to_be_visible()
    assert_no_blocking_violations(page, axe, artifacts, "engage-new-encounter")
    assert_fits_the_phone(page, artifacts, "engage-new-encounter")

    page.get_by_role("button", name="Save encounter").click()  # empty: errors, still usable
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_no_blocking_violations(page, axe, artifacts, "engage-new-encounter-errors")

    two_days_ago = london_today() - timedelta(days=2)
    page.get_by_label("Custody suite").select_option(label="Holborn")
    fill_date(page, "Date they entered custody", two_days_ago)
    page.get_by_label("Time they entered custody").fill("14:30")
    page.get_by_label("Age", exact=True).fill("15")
    group(page, "Did they accept").get_by_label("Yes").check()
    group(page, "Time in custody").get_by_label("First time in custody").check()
    group(page, "Offence category").get_by_label("Theft").check()
    group(page, "Is the NHS Liaison").get_by_label("No").check()
    page.get_by_label("First name").fill("Zoë")
    page.get_by_label("Last name").fill("O'Brien")
    group(page, "Who acted as the appropriate adult").get_by_label("Parent or carer").check()
    page.get_by_label("Parent or carer's name").fill("Mary O'Brien")
    page.get_by_label("Relationship to the child").fill("Mother")
    group(page, "Does the parent or carer know").get_by_label("Yes").check()
    group(page, "Has the parent or carer consented").get_by_label("Yes").check()
    page.get_by_role("button", name="Save encounter").click()
    expect(page.get_by_text("ready for triage")).to_be_visible()

    fill_date(page, "Date of release", two_days_ago)
    page.get_by_label("Time of release").fill("20:00")
    page.get_by_role("button", name="Save release time").click()
    expect(page.get_by_test_id("encounter-summary")).to_contain_text("Due today")
    assert_no_blocking_violations(page, axe, artifacts, "engage-encounter")
    assert_fits_the_phone(page, artifacts, "engage-encounter")

    fill_date(page, "Date of the meeting", london_today() - timedelta(days=1))
    page.get_by_label("Time of the meeting").fill("10:00")
    group(page, "Did the meeting happen").get_by_label("Yes").check()
    page.get_by_role("button", name="Save follow-up").click()
    expect(page.get_by_role("heading", name="Follow-ups")).to_be_visible()
    expect(page.get_by_text("Met within 48 hours (1)")).to_be_visible()
    assert_no_blocking_violations(page, axe, artifacts, "engage-follow-ups")
    assert_fits_the_phone(page, artifacts, "engage-follow-ups")

    encounter = db.session.scalars(select(CustodyEncounter)).one()
    assert encounter.follow_up_held and encounter.case.status == "submitted"
