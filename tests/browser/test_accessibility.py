"""axe-core finds no serious or critical accessibility problem on any page reached so far."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.checks import assert_no_blocking_violations
from tests.browser.journeys import PAGES, reach

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_serious_or_critical_accessibility_violations(
        page, make_user, axe, artifacts, name):
    reach(page, name, make_user)
    assert_no_blocking_violations(page, axe, artifacts, name)
