"""The DIVERT App on a 360px phone in real Chromium: installable, opens and sends without
signal, one referral per submission, encrypted on the phone, wiped at sign-out."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from shared.clock import LONDON
from shared.clock import now as clock_now
from tests.browser.checks import assert_fits_the_phone, assert_no_blocking_violations
from tests.browser.conftest import PHONE_CONTEXT
from tests.browser.journeys import sign_in
from tests.browser.officer_app import (
    IDB_DRAFTS,
    MARKER,
    NEW,
    SLOW,
    cached,
    cases_of,
    end_sessions,
    fill,
    idb,
    new_phone,
    open_form,
    outbox,
    persistent_phone,
    queue_offline,
    wait_ready,
)
from tests.divert.conftest import REFERENCE

PRECACHE_PATHS = [
    "/divert/app/offline", "/divert/app/manifest.webmanifest", "/static/dist/app.css",
    "/static/dist/govuk-frontend.min.js", "/static/app.js", "/static/favicon.svg",
    "/divert/static/divert-app.js", "/divert/static/app/store.js", "/divert/static/app/outbox.js",
    "/divert/static/app/form.js", "/divert/static/app/icon-192.png",
    "/divert/static/app/icon-512.png",
]

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


def test_install_criteria_are_met(browser, live_server, make_user, tmp_path, axe, artifacts):
    # A profile on disk: Chromium never offers to install from an incognito-like context.
    with persistent_phone(browser, live_server, tmp_path / "profile") as context:
        page = context.pages[0] if context.pages else context.new_page()
        open_form(page, make_user("officer"))
        check(page, axe, artifacts, "app-form-online")

        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["url"].endswith("/divert/app/manifest.webmanifest")
        assert not manifest["errors"], manifest["errors"]
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
        scope = page.evaluate("() => navigator.serviceWorker.ready.then((r) => r.scope)")
        assert scope == f"{live_server}/divert/"


def test_the_form_opens_offline(phone, make_user, axe, artifacts):
    open_form(phone, make_user("officer"))
    phone.context.set_offline(True)

    phone.goto(NEW)

    expect(phone.get_by_test_id("divert-offline")).to_be_visible(timeout=SLOW)
    expect(phone.get_by_label("First name", exact=True)).to_be_editable(timeout=SLOW)
    wait_ready(phone)
    check(phone, axe, artifacts, "app-form-offline")
    assert MARKER not in str(cached(phone)) and idb(phone)


def test_sent_offline_then_online_makes_one_referral_and_one_receipt(phone, make_user, axe,
                                                                      artifacts):
    officer = make_user("officer")
    open_form(phone, officer)
    fill(phone)

    before = clock_now()
    queue_offline(phone)
    check(phone, axe, artifacts, "app-saved-offline")
    assert cases_of(officer) == 0
    # The outbox tells the time on London's clock, as the officer's phone does.
    shown = {f"Referral saved at {moment.astimezone(LONDON):%H:%M}"
             for moment in (before, clock_now())}
    assert any(text in phone.get_by_test_id("divert-outbox").inner_text() for text in shown)

    phone.context.set_offline(False)  # the online event sends the outbox by itself

    reference = phone.get_by_test_id("outbox-reference")
    expect(reference).to_have_text(REFERENCE, timeout=SLOW)
    expect(phone.get_by_test_id("divert-outbox")).to_contain_text("Sent", timeout=SLOW)
    check(phone, axe, artifacts, "app-sent")
    assert cases_of(officer) == 1
    assert [item["state"] for item in outbox(phone)] == ["sent"]
    assert MARKER not in json.dumps(idb(phone))  # the sent item kept its reference only
    text = reference.inner_text()
    reference.click()
    expect(phone.get_by_test_id("receipt-reference")).to_have_text(text, timeout=SLOW)


def test_losing_the_signal_mid_send_still_makes_one_referral_and_one_receipt(phone, make_user):
    officer = make_user("officer")
    open_form(phone, officer)
    fill(phone)
    answers = []

    def arrive_then_lose_the_answer(route):
        answers.append(route.fetch())  # the referral reaches the server...
        route.abort("internetdisconnected")  # ...and its answer never reaches the phone

    phone.route("**/divert/app/outbox", arrive_then_lose_the_answer)
    phone.get_by_role("button", name="Send referral").click()
    expect(phone.get_by_test_id("divert-saved")).to_be_visible(timeout=SLOW)
    assert [answer.status for answer in answers] == [201] and cases_of(officer) == 1
    phone.unroute("**/divert/app/outbox")

    phone.reload()  # the next page load sends what waits, with the same submission id

    expect(phone.get_by_test_id("outbox-reference")).to_have_text(REFERENCE, timeout=SLOW)
    assert cases_of(officer) == 1
    assert phone.get_by_test_id("outbox-reference").inner_text() == \
        answers[0].json()["reference"]


def test_a_double_tap_offline_gives_one_item(phone, make_user):
    officer = make_user("officer")
    open_form(phone, officer)
    fill(phone)
    phone.context.set_offline(True)

    phone.get_by_role("button", name="Send referral").dblclick()
    phone.evaluate("() => { const f = document.querySelector('form[data-divert-draft]');"
                   " f.requestSubmit(); f.requestSubmit() }")

    expect(phone.get_by_test_id("divert-saved")).to_be_visible(timeout=SLOW)
    assert len(outbox(phone)) == 1
    phone.context.set_offline(False)
    expect(phone.get_by_test_id("outbox-reference")).to_have_text(REFERENCE, timeout=SLOW)
    assert cases_of(officer) == 1 and len(outbox(phone)) == 1


def _sync_registration(page) -> tuple:
    """A DevTools session and the app worker's registration id, to fire its sync event."""
    cdp = page.context.new_cdp_session(page)
    found: list[dict] = []
    cdp.on("ServiceWorker.workerRegistrationUpdated",
           lambda event: found.extend(event["registrations"]))
    cdp.send("ServiceWorker.enable")
    for _ in range(100):
        live = [r for r in found if r["scopeURL"].endswith("/divert/") and not r["isDeleted"]]
        if live:
            return cdp, live[-1]["registrationId"]
        page.wait_for_timeout(100)
    raise AssertionError(f"no registration of the app's worker: {found}")


def test_background_sync_sends_the_outbox_with_no_page_of_the_app_open(phone, make_user,
                                                                       live_server):
    officer = make_user("officer")
    open_form(phone, officer)
    fill(phone)
    queue_offline(phone)
    phone.goto("about:blank")  # no page of the app runs: only the worker can send now
    phone.context.set_offline(False)
    cdp, registration = _sync_registration(phone)
    cdp.send("ServiceWorker.dispatchSyncEvent", {
        "origin": live_server.rstrip("/"), "registrationId": registration,
        "tag": "divert-outbox", "lastChance": False})
    for _ in range(SLOW // 100):
        if cases_of(officer):
            break
        phone.wait_for_timeout(100)
    assert cases_of(officer) == 1
    phone.goto("/")
    expect(phone.get_by_test_id("outbox-reference")).to_have_text(REFERENCE, timeout=SLOW)
    assert cases_of(officer) == 1


def test_a_queued_item_survives_closing_the_browser_and_is_sent_on_reopening(
        browser, live_server, make_user, tmp_path, axe, artifacts):
    officer = make_user("officer")
    profile = tmp_path / "profile"
    with persistent_phone(browser, live_server, profile) as context:
        page = context.pages[0] if context.pages else context.new_page()
        open_form(page, officer)
        fill(page)
        queue_offline(page)
    # Closed: what is on the disk holds no plaintext either.
    on_disk = b"".join(path.read_bytes() for path in (profile / "Default").rglob("*")
                       if path.is_file() and "IndexedDB" in str(path))
    assert on_disk and MARKER.encode() not in on_disk
    assert cases_of(officer) == 0

    with persistent_phone(browser, live_server, profile) as context:
        page = context.pages[0] if context.pages else context.new_page()
        page.goto("/")
        if "/login" in page.url:  # the browser kept no session cookie: sign in again
            sign_in(page, officer)
        expect(page.get_by_test_id("outbox-reference")).to_have_text(REFERENCE, timeout=SLOW)
        check(page, axe, artifacts, "app-sent-after-reopening")
    assert cases_of(officer) == 1


def test_session_expired_while_offline_sign_in_then_it_is_sent(phone, make_user, axe,
                                                               artifacts):
    officer = make_user("officer")
    open_form(phone, officer)
    fill(phone)
    queue_offline(phone)
    end_sessions(officer)  # the session times out while the officer has no signal

    phone.context.set_offline(False)

    expect(phone.get_by_test_id("divert-outbox")).to_contain_text("Sign in again to send it",
                                                                  timeout=SLOW)
    expect(phone.get_by_test_id("divert-notice")).to_contain_text("Sign in again", timeout=SLOW)
    check(phone, axe, artifacts, "app-needs-sign-in")
    assert cases_of(officer) == 0
    phone.get_by_role("link", name="Sign in").click()
    sign_in(phone, officer)

    expect(phone.get_by_test_id("outbox-reference")).to_have_text(REFERENCE, timeout=SLOW)
    assert cases_of(officer) == 1
    phone.reload()  # and nothing is sent twice
    wait_ready(phone)
    assert cases_of(officer) == 1


def test_sign_out_with_unsent_items_warns_then_leaves_nothing(phone, make_user, axe, artifacts):
    officer = make_user("officer")
    open_form(phone, officer)
    fill(phone)
    # The service does not answer (a fault on its side), so the item waits with signal. On the
    # context, so the worker's Background Sync meets the same fault as the page.
    phone.context.route("**/divert/app/outbox", lambda route: route.fulfill(status=503, body=""))
    phone.get_by_role("button", name="Send referral").click()
    expect(phone.get_by_test_id("divert-saved")).to_be_visible(timeout=SLOW)
    assert outbox(phone) and cached(phone)

    phone.get_by_test_id("sign-out").click()

    expect(phone.get_by_role("heading", name="Referrals not sent yet")).to_be_visible(timeout=SLOW)
    expect(phone.get_by_test_id("divert-unsent")).to_have_text(
        "1 referral on this phone has not been sent yet.", timeout=SLOW)
    check(phone, axe, artifacts, "app-sign-out-warning")
    phone.get_by_test_id("sign-out-anyway").click()

    expect(phone.get_by_role("heading", name="Sign in")).to_be_visible(timeout=SLOW)
    phone.wait_for_function("""async () => (await indexedDB.databases()).length === 0
      && (await caches.keys()).length === 0""", polling=100)
    assert idb(phone) == {} and cached(phone) == []
    assert cases_of(officer) == 0


def test_the_phone_store_holds_no_plaintext(phone, make_user):
    officer = make_user("officer")
    open_form(phone, officer)
    fill(phone)
    phone.get_by_label("Address (optional)", exact=True).fill(f"1 {MARKER} Road")
    queue_offline(phone)
    phone.goto(NEW)  # a second referral, typed but not sent: a draft
    wait_ready(phone)
    phone.get_by_label("First name", exact=True).fill(MARKER)
    phone.wait_for_function(f"async () => (await ({IDB_DRAFTS})()) === 1", polling=100)

    stored = idb(phone)["divert-app"]
    assert len(stored["outbox"]) == 1 and len(stored["drafts"]) == 1
    assert stored["keys"] == [{"key": {"cryptoKey": "secret", "extractable": False},
                               "owner": stored["keys"][0]["owner"],
                               "createdAt": stored["keys"][0]["createdAt"]}]
    raw = json.dumps(stored, ensure_ascii=False)
    for plain in (MARKER, "Mary O'Brien", "Seen with older youths", "Camden", "nw1 2ab"):
        assert plain not in raw
    assert officer.email not in raw and officer.full_name not in raw


def test_the_worker_cache_never_holds_a_page_with_personal_data(phone, make_user):
    officer = make_user("officer")
    open_form(phone, officer)
    fill(phone)
    phone.get_by_role("button", name="Send referral").click()  # online: straight to the receipt
    expect(phone.get_by_role("heading", name="Referral received")).to_be_visible(timeout=SLOW)
    reference = phone.get_by_test_id("receipt-reference").inner_text()
    for path in ("/divert/receipts", NEW, "/"):
        phone.goto(path)
        wait_ready(phone)

    entries = cached(phone)
    paths = {urlsplit(entry["url"]).path for entry in entries}
    assert paths == set(PRECACHE_PATHS)
    pages = [entry for entry in entries if "html" in (entry["type"] or "")]
    assert [urlsplit(entry["url"]).path for entry in pages] == ["/divert/app/offline"]
    for entry in entries:
        for personal in (MARKER, reference, officer.full_name, officer.email,
                         'name="csrf_token"', "Sign out"):
            assert personal not in entry["body"], (entry["url"], personal)


def test_a_draft_expires_after_24_hours_saying_so(browser, live_server, make_user, axe,
                                                 artifacts):
    context = browser.new_context(**PHONE_CONTEXT, base_url=live_server)
    context.clock.install(time=clock_now())  # the page's clock, moved on below
    try:
        phone = context.new_page()
        officer = make_user("officer")
        open_form(phone, officer)
        phone.get_by_label("First name", exact=True).fill(MARKER)
        phone.wait_for_function(f"async () => (await ({IDB_DRAFTS})()) === 1", polling=100)
        phone.reload()
        wait_ready(phone)
        expect(phone.get_by_label("First name", exact=True)).to_have_value(MARKER, timeout=SLOW)

        phone.clock.fast_forward("24:00:01")
        phone.reload()
        wait_ready(phone)

        expect(phone.get_by_test_id("divert-notice")).to_have_text(
            "A draft saved more than 24 hours ago was deleted from this phone.", timeout=SLOW)
        expect(phone.get_by_label("First name", exact=True)).to_have_value("", timeout=SLOW)
        assert idb(phone)["divert-app"]["drafts"] == []
        check(phone, axe, artifacts, "app-draft-expired")
    finally:
        context.close()


def test_an_item_the_service_refuses_says_why_and_goes_back_to_the_form(phone, make_user, axe,
                                                                       artifacts):
    officer = make_user("officer")
    open_form(phone, officer)
    fill(phone)
    phone.get_by_label("The young person agrees to be referred").uncheck()
    queue_offline(phone)  # nothing is checked on the phone: the service decides

    phone.context.set_offline(False)

    outbox_section = phone.get_by_test_id("divert-outbox")
    expect(outbox_section).to_contain_text("Not accepted", timeout=SLOW)
    expect(outbox_section).to_contain_text("Confirm the young person agrees to be referred",
                                           timeout=SLOW)
    check(phone, axe, artifacts, "app-not-accepted")
    assert cases_of(officer) == 0
    # The old page still holds the answers: wait for the form Correct it opens, or the
    # consent ticked below lands on the page being left.
    with phone.expect_navigation(timeout=SLOW):
        phone.get_by_role("button", name="Correct it").click()

    expect(phone.get_by_label("Last name", exact=True)).to_have_value(MARKER, timeout=SLOW)
    wait_ready(phone)
    assert outbox(phone) == []
    phone.get_by_label("The young person agrees to be referred").check()
    phone.get_by_role("button", name="Send referral").click()
    expect(phone.get_by_role("heading", name="Referral received")).to_be_visible(timeout=SLOW)
    assert cases_of(officer) == 1
