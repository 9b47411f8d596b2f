"""Every page fits a 360px-wide phone: no sideways scrolling; screenshots for a human to look at."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE
from tests.browser.journeys import PAGES, reach

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("name", list(PAGES))
def test_page_fits_a_360px_phone_without_horizontal_scrolling(page, make_user, artifacts, name):
    reach(page, name, make_user)

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=artifacts / f"{name}-360.png", full_page=True)

    assert page.viewport_size == PHONE
    assert scroll_width <= PHONE["width"], (
        f"{name} is {scroll_width}px wide at {PHONE['width']}px: it scrolls sideways "
        f"(see test-artifacts/{name}-360.png)")
