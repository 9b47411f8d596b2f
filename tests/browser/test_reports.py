"""The statistics dashboard in real Chromium: axe-core clean, readable at 360px and on a desktop."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.checks import BLOCKING_IMPACTS, describe
from tests.browser.journeys import sign_in
from tests.reports.conftest import known_cases  # noqa: F401  fixture: 12 cases, known figures

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1280, "height": 900}


def _check(page, artifacts, name: str) -> None:
    violations = Axe().run(page).response["violations"]
    page.screenshot(path=str(artifacts / f"reports-{name}.png"), full_page=True)
    blocking = [describe(v) for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, "\n".join(blocking)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_the_analyst_reaches_the_dashboard_from_home_and_it_passes_axe_on_a_phone(
        page, make_user, artifacts, known_cases, page_watch):  # noqa: F811
    sign_in(page, make_user("analyst"))
    page.get_by_test_id("statistics-link").click()
    expect(page.get_by_role("heading", name="Engagement statistics", level=1)).to_be_visible()
    expect(page.get_by_test_id("headline")).to_contain_text("12")
    expect(page.get_by_role("img", name="Chart: From referral to engagement")).to_be_visible()
    _check(page, artifacts, "360")
    assert not page_watch.csp_complaints() and not page_watch.console_errors()


def test_the_dashboard_filters_and_passes_axe_at_desktop_width(page, make_user, artifacts,
                                                                known_cases):  # noqa: F811
    page.set_viewport_size(DESKTOP)
    sign_in(page, make_user("analyst"))
    page.goto("/reports/")
    year = page.get_by_label("Financial year").input_value()
    page.get_by_role("button", name="Show this year").click()
    expect(page).to_have_url(f"/reports/?year={year}")
    expect(page.get_by_test_id("table-boroughs")).to_contain_text("Enfield")
    page.goto("/reports/")
    _check(page, artifacts, "desktop")
    page.set_viewport_size({"width": 360, "height": 740})


def test_chart_labels_use_the_services_sans_serif_font(page, make_user,
                                                       known_cases):  # noqa: F811
    sign_in(page, make_user("analyst"))
    page.goto("/reports/")
    label = page.locator(".app-chart__svg text").first
    expect(label).to_be_visible()
    family = label.evaluate("element => getComputedStyle(element).fontFamily")
    assert family.startswith("system-ui") and "serif" in family and "sans-serif" in family
    assert family == page.locator("p.govuk-body").first.evaluate(
        "element => getComputedStyle(element).fontFamily")
