"""The Content Security Policy holds, every asset comes from the app, and no GOV.UK branding.

One visit per page, three checks on it (as subtests, each reported on its own): reaching a page
through the sign-in journey is the slow part of a browser test.
"""

from __future__ import annotations

import pytest

from tests.browser.journeys import PAGES, reach

pytestmark = pytest.mark.browser

ASSETS_IN_THE_DOM = """() => [
    ...Array.from(document.querySelectorAll('link[rel~="stylesheet"]'), link => link.href),
    ...Array.from(document.querySelectorAll('script[src]'), script => script.src),
]"""
GOV_UK_ASSETS = ("govuk-crest", "govuk-icon", "govuk-opengraph", "favicon.ico")
# The app's own static folders: the platform's, and a programme blueprint's (divert/static).
OWN_STATIC = ("/static/", "/divert/static/")


@pytest.mark.parametrize("name", list(PAGES))
def test_page_keeps_to_the_csp_loads_only_the_apps_own_assets_and_has_no_gov_uk_brand(
        page, page_watch, live_server, make_user, subtests, name):
    reach(page, name, make_user)

    with subtests.test("no Content Security Policy complaint, and the page's scripts ran"):
        assert page_watch.csp_complaints() == []
        assert page_watch.page_errors == []
        # The nonce-carrying inline script of the page template ran...
        assert "govuk-frontend-supported" in page.evaluate("document.body.className")
        # ...and so did app.js (a module from 'self'), which starts the GOV.UK components.
        assert page.locator("[data-govuk-skip-link-init]").count() == 1

    with subtests.test("every stylesheet and script is served by the app"):
        in_the_dom = page.evaluate(ASSETS_IN_THE_DOM)
        fetched = [(url, status) for kind, url, status in page_watch.responses
                   if kind in ("stylesheet", "script")]
        assert any(url.endswith(".css") for url in in_the_dom), "no stylesheet on the page"
        assert any(url.endswith(".js") for url in in_the_dom), "no script on the page"
        own = tuple(live_server + prefix for prefix in OWN_STATIC)
        assert [url for url in in_the_dom if not url.startswith(own)] == []
        assert fetched, "no stylesheet or script was fetched"
        assert [(url, status) for url, status in fetched
                if not url.startswith(own) or status != 200] == []
        assert page_watch.off_host_requests == []
        # The app's stylesheet applied: the service's own font stack, not the browser default.
        heading_font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
        assert "system-ui" in heading_font

    with subtests.test("no GOV.UK crown, logo or name"):
        assert page.locator(".govuk-header__logo, .govuk-header__logotype").count() == 0
        assert "GOV.UK" not in page.title()
        assert "GOV.UK" not in page.content()
        assert [url for _, url, _ in page_watch.responses
                if any(asset in url for asset in GOV_UK_ASSETS)] == []
