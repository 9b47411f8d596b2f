"""Issue 14's workflow defects, each through the page where a person met it."""

from __future__ import annotations

import re

from shared.extensions import db
from tests.cases.test_journey_pages import _client
from tests.factories import born_years_ago, refer


def _summary_value(page: str, key: str) -> str:
    found = re.search(rf'<dt class="govuk-summary-list__key">{re.escape(key)}</dt>\s*'
                      r'<dd class="govuk-summary-list__value">(.*?)</dd>', page, re.S)
    assert found, key
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def test_the_parent_or_carers_awareness_shows_on_a_divert_case(app, make_user):
    case = refer(make_user("officer"), date_of_birth=born_years_ago(15))
    page = _client(app, make_user("coordinator")).get(f"/cases/{case.uuid}").get_data(
        as_text=True)
    assert _summary_value(page, "Parent or carer aware of referral") == "Yes"
    case.parent_carer = {**case.parent_carer, "aware_of_referral": False}
    db.session.commit()
    page = _client(app, make_user("coordinator")).get(f"/cases/{case.uuid}").get_data(
        as_text=True)
    assert _summary_value(page, "Parent or carer aware of referral") == "No"
