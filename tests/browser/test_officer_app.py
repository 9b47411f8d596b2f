"""The DIVERT App on a 360px phone in real Chromium: installable, opens and sends without
signal, one referral per submission, encrypted on the phone, wiped at sign-out."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.checks import assert_fits_the_phone, assert_no_blocking_violations
from tests.browser.officer_app import (
    MARKER,
    NEW,
    cached,
    idb,
    new_phone,
    open_form,
    wait_ready,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.fixture
def phone(browser, live_server):
    """A page in a phone context of its own."""
    context = new_phone(browser, live_server)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, errors


def check(page, axe, artifacts, name: str) -> None:
    """Every state: fits the phone and axe finds nothing serious."""
    assert_fits_the_phone(page, artifacts, name)
    assert_no_blocking_violations(page, axe, artifacts, name)


def test_install_criteria_are_met(phone, make_user, axe, artifacts):
    open_form(phone, make_user("officer"))
    check(phone, axe, artifacts, "app-form-online")

    cdp = phone.context.new_cdp_session(phone)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"].endswith("/divert/app/manifest.webmanifest")
    assert not manifest["errors"], manifest["errors"]
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    print("installability:", errors)
    assert {e["errorId"] for e in errors} <= {"in-incognito"}
    scope = phone.evaluate("navigator.serviceWorker.ready.then((r) => r.scope)")
    assert scope.endswith("/divert/")


def test_the_form_opens_offline(phone, make_user, axe, artifacts):
    open_form(phone, make_user("officer"))
    phone.context.set_offline(True)

    phone.goto(NEW)

    expect(phone.get_by_test_id("divert-offline")).to_be_visible()
    expect(phone.get_by_label("First name", exact=True)).to_be_editable()
    wait_ready(phone)
    check(phone, axe, artifacts, "app-form-offline")
    assert MARKER not in str(cached(phone)) and idb(phone)
