"""An officer answers the training feedback form on a 360px phone, without signing in."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from divert.training import survey
from divert.training.models import SurveyResponse
from shared.clock import today as london_today
from shared.extensions import db
from shared.reference.models import Bcu
from tests.browser.checks import assert_fits_the_phone, assert_no_blocking_violations

pytestmark = pytest.mark.browser


def _link(make_user, attendees: int = 5) -> str:
    bcu = db.session.scalar(select(Bcu).where(Bcu.code == "CN"))
    _, token = survey.create_session(make_user("coordinator"), london_today(), bcu,
                                     "neighbourhood", attendees)
    db.session.commit()
    return f"/divert/feedback/{token}"


def _check(page, artifacts, name: str) -> None:
    assert_no_blocking_violations(page, Axe(), artifacts, name)
    assert_fits_the_phone(page, artifacts, name)


def test_the_feedback_form_works_on_a_phone_without_signing_in(page, make_user, artifacts):
    link = _link(make_user)
    page.goto(link)
    expect(page.get_by_role("heading", name="Rate your DIVERT App training")).to_be_visible()
    _check(page, artifacts, "survey-form")

    page.get_by_role("button", name="Send feedback").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    _check(page, artifacts, "survey-errors")

    page.get_by_role("group", name="How would you rate the training?").get_by_label(
        "5 - very good").check()
    page.get_by_role("group", name="How would you rate the DIVERT App?").get_by_label(
        "4", exact=True).check()
    page.get_by_label("Any comments (optional)").fill("Clear and quick <b>thanks</b>")
    page.get_by_role("button", name="Send feedback").click()

    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    _check(page, artifacts, "survey-thanks")
    db.session.rollback()
    answer = db.session.scalar(select(SurveyResponse))
    assert (answer.training_rating, answer.app_rating, answer.comment) == (
        5, 4, "Clear and quick <b>thanks</b>")


def test_a_full_link_shows_a_clear_page_on_a_phone(page, make_user, artifacts):
    link = _link(make_user, attendees=1)
    survey.submit_response(link.rsplit("/", 1)[1], 5, 5, None)
    db.session.commit()
    response = page.goto(link)
    assert response.status == 410
    expect(page.get_by_role("heading", name="This session's feedback is complete")
           ).to_be_visible()
    _check(page, artifacts, "survey-full")


def test_a_coordinator_makes_a_link_and_shows_its_qr_code_on_a_phone(
        page, make_user, artifacts):
    from divert.training.imports import import_csv
    from tests.browser.journeys import sign_in

    import_csv(("strand,bcu,trained_on\n" + "Neighbourhood,CN,2026-01-05\n" * 6
                + "Neighbourhood,AS,2026-01-05\n" * 2).encode())
    db.session.commit()
    sign_in(page, make_user("coordinator"))
    page.goto("/divert/training")
    expect(page.get_by_test_id("strand-coverage")).to_contain_text("Neighbourhood")
    _check(page, artifacts, "training-coverage")
    page.goto("/divert/training/sessions/new")
    today = london_today()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("BCU").select_option("CN")
    page.get_by_label("Strand").select_option("neighbourhood")
    page.get_by_label("Number of attendees").fill("14")
    page.get_by_role("button", name="Create the feedback link").click()
    qr = page.get_by_role("img", name="QR code for the feedback form link")
    expect(qr).to_be_visible()
    # The SVG comes from the app itself and draws: the image finishes loading with a size.
    page.wait_for_load_state("load")  # the load event waits for every image
    assert qr.evaluate("img => img.complete && img.naturalWidth") > 0
    _check(page, artifacts, "training-session-qr")
    page.goto("/divert/training/feedback")
    expect(page.get_by_test_id("feedback-summary")).to_contain_text("0 from 8 trained users")
    _check(page, artifacts, "training-feedback-results")
