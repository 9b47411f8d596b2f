"""Journeys through the real pages, and the named page states the browser tests check."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD, current_code

ROLE_HEADINGS = {
    "officer": "Your referrals",
    "custody_worker": "Custody encounters",
    "coordinator": "Referral triage",
    "partner": "Your organisation's cases",
    "analyst": "Engagement statistics",
    "dpo": "Data protection",
    "admin": "Administration",
}


def submit_password(page: Page, email: str, password: str) -> None:
    """Fill in and send the sign-in form."""
    page.goto("/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def sign_in(page: Page, user, password: str = PASSWORD) -> None:
    """Sign in through the pages (with the authenticator code where the role needs one)."""
    submit_password(page, user.email, password)
    if user.needs_mfa:
        expect(page).to_have_url("/login/code")
        page.get_by_label("Code", exact=True).fill(current_code(user))
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_test_id("home-heading")).to_have_text(ROLE_HEADINGS[user.role])


def open_sign_in(page: Page, make_user) -> None:
    page.goto("/login")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def open_sign_in_after_wrong_password(page: Page, make_user) -> None:
    user = make_user("officer")
    submit_password(page, user.email, "not the right password")
    expect(page.get_by_role("alert")).to_contain_text("Enter a correct email address")


def open_sign_in_after_empty_submission(page: Page, make_user) -> None:
    page.goto("/login")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-message").first).to_be_visible()


def open_authenticator_set_up(page: Page, make_user) -> None:
    user = make_user("coordinator", enrol_mfa=False)
    submit_password(page, user.email, PASSWORD)
    expect(page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()


def open_not_found(page: Page, make_user) -> None:
    page.goto("/no-such-page")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()


def open_not_found_signed_in(page: Page, make_user) -> None:
    sign_in(page, make_user("officer"))
    open_not_found(page, make_user)


def open_custody_suites(page: Page, make_user) -> None:
    worker = make_user("custody_worker")
    sign_in(page, make_user("admin"))
    page.goto(f"/admin/users/{worker.uuid}")
    page.get_by_test_id("custody-suites").click()
    expect(page.get_by_role("heading", name="Custody suites")).to_be_visible()


def _open_home(role: str) -> Callable[[Page, object], None]:
    def open_home(page: Page, make_user) -> None:
        sign_in(page, make_user(role))

    return open_home


def reach(page: Page, name: str, make_user) -> None:
    """Bring PAGE to the named state and let its scripts finish loading."""
    PAGES[name](page, make_user)
    page.wait_for_load_state("load")


# name -> how to reach that page state (a function of the page and the make_user factory)
PAGES: dict[str, Callable] = {
    "sign-in": open_sign_in,
    "sign-in-wrong-password": open_sign_in_after_wrong_password,
    "sign-in-empty": open_sign_in_after_empty_submission,
    "authenticator-set-up": open_authenticator_set_up,
    **{f"home-{role}": _open_home(role) for role in ROLE_HEADINGS},
    "not-found": open_not_found,
    "not-found-signed-in": open_not_found_signed_in,
    "admin-custody-suites": open_custody_suites,
}
