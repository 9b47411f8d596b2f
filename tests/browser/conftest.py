"""Real Chromium (Debian's) driven by Playwright against the app on a live server.

One server, one browser and one phone-sized context serve the whole session; every test gets a
fresh page with no cookies. Requests may only go to 127.0.0.1: an attempt to reach anything
else (a CDN, say) is aborted, recorded and fails the test. Without /usr/bin/chromium the tests
are skipped, unless REQUIRE_BROWSER=1 (as in CI), which makes that a failure.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from shared.extensions import limiter
from tests import clock

CHROMIUM = Path("/usr/bin/chromium")
# Exactly the flags in handbook/testing.md: without the networking ones Chromium phones home.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LIVE_HOST = "127.0.0.1"
PHONE = {"width": 360, "height": 740}
# An officer's phone in London: its own clock shows London time, as the people using it do.
PHONE_CONTEXT = {"viewport": PHONE, "timezone_id": "Europe/London", "locale": "en-GB"}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _browser_unavailable(reason: str):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}, and REQUIRE_BROWSER=1 says the browser tests must run",
                    pytrace=False)
    pytest.skip(f"{reason} (install it with: apt-get install -y chromium chromium-driver)")


@dataclass
class PageWatch:
    """What a page did besides what the test looked at: off-host requests, console, errors."""

    base_url: str
    off_host_requests: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    responses: list[tuple[str, str, int]] = field(default_factory=list)

    def csp_complaints(self) -> list[str]:
        """Console messages and page errors that mention the Content Security Policy."""
        texts = [text for _, text in self.console] + self.page_errors
        return [text for text in texts
                if "content security policy" in text.lower()
                or "content-security-policy" in text.lower()]

    def console_errors(self) -> list[str]:
        """Console messages of type error, and uncaught page errors."""
        return [text for kind, text in self.console if kind == "error"] + self.page_errors


@pytest.fixture(scope="session")
def live_server(app):
    """The session's app served by werkzeug on 127.0.0.1 and a free port, in a daemon thread."""
    server = make_server(LIVE_HOST, 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://{LIVE_HOST}:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, launched once for the session."""
    if not CHROMIUM.exists():
        _browser_unavailable(f"{CHROMIUM} is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _browser_unavailable("the playwright package is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page_watch(live_server) -> PageWatch:
    """The record of what this test's page did."""
    return PageWatch(live_server)


class _Guard:
    """Lets only requests to 127.0.0.1 through, recording the others in the current watch."""

    def __init__(self) -> None:
        self.watch: PageWatch | None = None

    def __call__(self, route) -> None:
        url = route.request.url
        if urlsplit(url).hostname == LIVE_HOST:
            route.continue_()
            return
        if self.watch is not None:
            self.watch.off_host_requests.append(url)
        route.abort()


@pytest.fixture(scope="session")
def _phone_context(browser, live_server):
    """One 360x740 browser context for the session (its cookies are cleared for every test)."""
    guard = _Guard()
    context = browser.new_context(**PHONE_CONTEXT, base_url=live_server)
    if clock.is_moved():  # the page's Date follows the server's clock (TEST_NOW)
        context.clock.install(time=datetime.now(UTC))
    context.route("**/*", guard)
    yield context, guard
    context.close()


@pytest.fixture
def page(_phone_context, page_watch):
    """A fresh, signed-out phone page; any request off 127.0.0.1 is aborted and fails the test."""
    context, guard = _phone_context
    context.clear_cookies()
    limiter.reset()  # each test gets the full sign-in allowance for 127.0.0.1
    guard.watch = page_watch
    new_page = context.new_page()
    new_page.on("console", lambda message: page_watch.console.append(
        (message.type, message.text)))
    new_page.on("pageerror", lambda error: page_watch.page_errors.append(str(error)))
    new_page.on("response", lambda response: page_watch.responses.append(
        (response.request.resource_type, response.url, response.status)))
    yield new_page
    new_page.close()
    guard.watch = None
    if page_watch.off_host_requests:
        pytest.fail("the page tried to reach other hosts (a CDN?): "
                    + ", ".join(page_watch.off_host_requests), pytrace=False)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """test-artifacts/ at the repository root (gitignored), for screenshots and reports."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
