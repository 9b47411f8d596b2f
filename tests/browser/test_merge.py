"""In Chromium on a phone: a coordinator compares two records of one young person, merges."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from shared.cases.models import Case
from shared.clock import now
from shared.extensions import db
from tests.browser.journeys import sign_in
from tests.browser.test_case_journey import _check_axe
from tests.factories import born_years_ago, refer

pytestmark = pytest.mark.browser


def test_a_coordinator_merges_two_records_after_comparing_them(page, make_user):
    officer, born = make_user("officer"), born_years_ago(18)
    with time_machine.travel(now() - timedelta(days=3), tick=False):
        earlier = refer(officer, date_of_birth=born, alias=None, postcode="NW1 2AB")
    later = refer(officer, date_of_birth=born, alias="Zee", postcode="NW5 1TL")
    sign_in(page, make_user("coordinator"))
    page.goto(f"/cases/{later.uuid}")
    page.get_by_role("link", name=f"Compare and merge with {earlier.reference}").click()
    expect(page.get_by_role("heading", name="Is this the same young person?")).to_be_visible()
    _check_axe(page, "merge comparison")
    page.get_by_role("button", name="Merge the records").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose which value to keep for: postcode")
    page.get_by_label("NW5 1TL").check()
    page.get_by_role("button", name="Merge the records").click()
    expect(page.get_by_text("Records merged").first).to_be_visible()
    db.session.rollback()  # see what the live server committed
    assert db.session.get(Case, later.id).person_id == db.session.get(Case, earlier.id).person_id
