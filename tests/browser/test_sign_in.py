"""Signing in and out in real Chromium on a phone-sized screen."""

from __future__ import annotations

import re

import pyotp
import pytest
from playwright.sync_api import expect

from tests.browser.journeys import sign_in, submit_password
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_coordinator_enrols_an_authenticator_from_the_qr_page_reaches_triage_and_signs_out(
        page, live_server, make_user):
    coordinator = make_user("coordinator", enrol_mfa=False)

    submit_password(page, coordinator.email, PASSWORD)

    expect(page).to_have_url(f"{live_server}/login/authenticator")
    expect(page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
    qr = page.get_by_role("img", name=re.compile("QR code"))
    expect(qr).to_be_visible()
    expect(qr).to_have_attribute("src", re.compile(r"^data:image/svg\+xml"))
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0"), "the QR code did not render"
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret), f"not a base32 TOTP key: {secret!r}"

    page.get_by_label("Code from the app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(f"{live_server}/")
    expect(page.get_by_test_id("home-heading")).to_have_text("Referral triage")

    page.get_by_test_id("sign-out").click()

    expect(page).to_have_url(f"{live_server}/login")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_text("You have signed out")).to_be_visible()
    expect(page.get_by_test_id("sign-out")).to_have_count(0)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login"))


def test_officer_signs_in_with_a_password_alone_and_sees_your_referrals(
        page, live_server, make_user):
    officer = make_user("officer")

    submit_password(page, officer.email, PASSWORD)

    expect(page).to_have_url(f"{live_server}/")
    expect(page.get_by_test_id("home-heading")).to_have_text("Your referrals")
    expect(page.get_by_test_id("sign-out")).to_be_visible()


def test_enrolled_dpo_is_asked_for_a_code_and_then_reaches_data_protection(page, make_user):
    dpo = make_user("dpo")

    sign_in(page, dpo)

    expect(page.get_by_test_id("home-heading")).to_have_text("Data protection")

