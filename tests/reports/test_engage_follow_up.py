"""The dashboard and summary.json carry ENGAGE's 48-hour follow-up rate per BCU, suppressed."""

from __future__ import annotations

from tests.cases.test_journey_pages import _client


def test_the_dashboard_shows_the_engage_follow_up_section_from_custody_records(app, make_user):
    client = _client(app, make_user("analyst"))
    summary = client.get("/reports/summary.json").get_json()
    follow = summary["engage_follow_up"]
    assert follow["available"] is True
    assert follow["table"]["columns"][:3] == ["Held within 48 hours", "Not held within 48 hours",
                                          "Still inside 48 hours"]
    page = client.get("/reports/").get_data(as_text=True)
    assert "ENGAGE follow-up within 48 hours" in page and "/engage/reports" in page


def test_a_released_child_met_in_time_is_counted_for_their_bcu(app, make_user):
    from datetime import timedelta

    from sqlalchemy import select

    from engage.models import CustodyEncounter
    from shared.db import utcnow
    from shared.extensions import db
    from tests.engage.conftest import NEW, assign, form_data

    worker = make_user("custody_worker")
    assign(worker, "Holborn")
    client = _client(app, worker)
    for _ in range(6):
        assert client.post(NEW, data=form_data("Holborn")).status_code == 302
    released = utcnow() - timedelta(days=3)
    for encounter in db.session.scalars(select(CustodyEncounter)):
        encounter.released_at = released
        encounter.follow_up_at = released + timedelta(hours=30)
        encounter.follow_up_held = True
    db.session.commit()
    follow = _client(app, make_user("analyst")).get("/reports/summary.json").get_json()[
        "engage_follow_up"]
    central_north = next(r for r in follow["table"]["rows"] if "(CN)" in r["label"])
    assert central_north["cells"][0] == 6
