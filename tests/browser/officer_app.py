"""Helpers for the DIVERT App's browser tests: own contexts (the service worker, IndexedDB and
caches must not leak between tests), and readers of what the phone keeps."""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import UTC, datetime

from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from shared.auth.models import UserSession
from shared.cases.models import Case
from shared.db import utcnow
from shared.extensions import db
from tests import clock
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE_CONTEXT
from tests.browser.journeys import sign_in
from tests.browser.test_intake import fill_referral

NEW = "/divert/referrals/new"
# The longest a test waits for the app (sealing, sending, a worker installing) on a loaded CI
# machine; every wait ends as soon as its condition holds.
SLOW = 20_000
# The young person's surname in these tests: if it is ever found in clear on the phone, or in
# the worker's cache, the test fails.
MARKER = "Quillfeather"

# Everything in the phone's IndexedDB, as text: binary values (the sealed records) as Latin-1,
# so a plaintext marker inside them would still show.
IDB_DUMP = """async () => {
  const names = (await indexedDB.databases()).map((d) => d.name)
  const out = {}
  const text = (value) => {
    if (value instanceof ArrayBuffer) value = new Uint8Array(value)
    if (ArrayBuffer.isView(value)) {
      const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
      return String.fromCharCode(...bytes)
    }
    if (value instanceof CryptoKey) return {cryptoKey: value.type, extractable: value.extractable}
    if (Array.isArray(value)) return value.map(text)
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, text(v)]))
    }
    return value
  }
  for (const name of names) {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open(name)
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error)
    })
    out[name] = {}
    for (const store of db.objectStoreNames) {
      out[name][store] = await new Promise((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll()
        request.onsuccess = () => resolve(request.result.map(text))
        request.onerror = () => reject(request.error)
      })
    }
    db.close()
  }
  return JSON.stringify(out)
}"""

# How many drafts the phone holds.
IDB_DRAFTS = """() => new Promise((resolve) => {
  const request = indexedDB.open('divert-app')
  request.onsuccess = () => {
    const count = request.result.transaction('drafts').objectStore('drafts').count()
    count.onsuccess = () => { request.result.close(); resolve(count.result) }
  }
})"""

CACHE_DUMP = """async () => {
  const out = []
  for (const name of await caches.keys()) {
    const cache = await caches.open(name)
    for (const request of await cache.keys()) {
      const response = await cache.match(request)
      out.push({cache: name, url: request.url, type: response.headers.get('content-type'),
                body: await response.text()})
    }
  }
  return out
}"""


def idb(page: Page) -> dict:
    """The phone's IndexedDB, every database and store, as JSON-able values."""
    return json.loads(page.evaluate(IDB_DUMP))


def outbox(page: Page) -> list:
    """The outbox records in the phone's store."""
    return idb(page).get("divert-app", {}).get("outbox", [])


def cached(page: Page) -> list[dict]:
    """Every entry of every cache the origin holds: cache name, URL, type and body."""
    return page.evaluate(CACHE_DUMP)


def new_phone(browser, live_server):
    """A fresh 360px context of its own (its own worker, store and caches)."""
    context = browser.new_context(**PHONE_CONTEXT, base_url=live_server)
    if clock.is_moved():
        context.clock.install(time=datetime.now(UTC))
    return context


@contextmanager
def persistent_phone(browser, live_server, profile):
    """A context on a profile folder that outlives it: closing it is closing the browser."""
    context = browser.browser_type.launch_persistent_context(
        str(profile), executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, **PHONE_CONTEXT,
        base_url=live_server)
    if clock.is_moved():
        context.clock.install(time=datetime.now(UTC))
    try:
        yield context
    finally:
        context.close()


def wait_ready(page: Page) -> None:
    """Wait until the app script has opened the store, restored and sent what it could."""
    page.wait_for_function("() => document.documentElement.dataset.divertReady === 'true'",
                           timeout=SLOW)


def wait_installed(page: Page) -> None:
    """Wait until the worker controls the page and its cache holds the shell."""
    page.evaluate("() => navigator.serviceWorker.ready.then(() => null)")
    if not page.evaluate("() => navigator.serviceWorker.controller !== null"):
        # The worker took control while this page's own request was in flight: the next load
        # of the page is controlled, as an officer's next visit would be.
        page.reload()
        wait_ready(page)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.wait_for_function("""async () => {
      for (const name of await caches.keys()) {
        if (await (await caches.open(name)).match('/divert/app/offline')) return true
      }
      return false
    }""", polling=100)


def open_form(page: Page, officer) -> None:
    """Sign in and open the referral form, with the app ready and installed."""
    sign_in(page, officer)
    page.goto(NEW)
    expect(page.get_by_role("heading", name="Refer a young person")).to_be_visible(timeout=SLOW)
    wait_ready(page)
    wait_installed(page)


def fill(page: Page) -> None:
    """A complete referral whose surname is the marker."""
    fill_referral(page)
    page.get_by_label("Last name", exact=True).fill(MARKER)


def queue_offline(page: Page) -> None:
    """Press Send without signal and wait for the app to say it kept the referral."""
    page.context.set_offline(True)
    page.get_by_role("button", name="Send referral").click()
    expect(page.get_by_test_id("divert-saved")).to_have_text(
        "Saved on this phone. It will be sent when you have signal.", timeout=SLOW)
    expect(page.get_by_test_id("divert-outbox")).to_contain_text("Waiting for signal", timeout=SLOW)


def cases_of(officer) -> int:
    """Referrals the live server has committed for OFFICER."""
    db.session.rollback()  # see what the live server committed
    return db.session.scalar(select(func.count()).select_from(Case)
                             .where(Case.referrer_id == officer.id))


def end_sessions(officer) -> None:
    """The officer's sessions time out on the server (as 30 idle minutes would)."""
    db.session.rollback()
    for row in db.session.scalars(select(UserSession).where(UserSession.user_id == officer.id)):
        row.ended_at = row.ended_at or utcnow()
        row.end_reason = row.end_reason or "timeout"
    db.session.commit()
