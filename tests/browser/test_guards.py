"""The fixtures' watchdogs catch what they exist to catch, so their silence means something."""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.browser.journeys import reach

pytestmark = pytest.mark.browser


def test_a_request_to_another_host_is_aborted_and_recorded(page, page_watch):
    cdn_url = "http://cdn.example.test/govuk-frontend.min.css"

    with pytest.raises(PlaywrightError):
        page.goto(cdn_url)

    assert page_watch.off_host_requests == [cdn_url]
    page_watch.off_host_requests.clear()  # proven; this one must not fail the teardown


def test_an_inline_script_without_the_nonce_is_blocked_and_reported_as_a_csp_complaint(
        page, page_watch, make_user):
    reach(page, "sign-in", make_user)

    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate("""() => {
            const script = document.createElement('script');
            script.textContent = 'window.injected = true';
            document.body.append(script);
        }""")

    assert page.evaluate("window.injected === undefined"), "an inline script without the nonce ran"
    assert page_watch.csp_complaints(), "the watch did not record the CSP violation"
