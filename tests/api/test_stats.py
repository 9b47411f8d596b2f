"""GET /api/v1/stats/summary: the dashboard's suppressed figures, for the roles of the page."""

from __future__ import annotations

from importlib.util import find_spec

import pytest

pytestmark = pytest.mark.skipif(
    find_spec("shared.reports.dashboard") is None,
    reason="shared/reports/dashboard.py is not present, so the endpoint is not registered")


def test_an_analyst_gets_suppressed_figures_and_a_partner_does_not(api_as, make_user):
    from tests.factories import refer

    refer(make_user("officer"))
    body = api_as("analyst").get("/stats/summary").get_json()
    assert body["headline"]["referrals"] == "<5"
    assert api_as("partner").get("/stats/summary").status_code == 403


def test_a_bad_filter_is_422_with_the_reports_message(api_as):
    analyst = api_as("analyst")
    assert analyst.get("/stats/summary?year=2024-13").status_code == 422
    response = analyst.get("/stats/summary?year=2024-26")
    assert response.status_code == 422 and "financial year" in response.get_json()["detail"]
