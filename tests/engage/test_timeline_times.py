"""The case timeline shows when a release or follow-up happened, and when it was recorded."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from sqlalchemy import select

from engage.models import CustodyEncounter
from shared.api import tokens
from shared.clock import to_utc, today
from shared.extensions import db
from tests.api.conftest import API
from tests.conftest import AuthActions
from tests.engage.conftest import NEW, form_data


def _timeline_entry(page: str, summary: str) -> str:
    return re.search(rf"<strong>{summary}</strong><br>\s*<span[^>]*>(.*?)</span>", page,
                     re.S).group(1)


def test_a_release_typed_later_shows_its_own_time_and_when_it_was_recorded(
        app, client, worker, make_user):
    day = today() - timedelta(days=1)
    assert client.post(NEW, data=form_data(entered_time="01:10")).status_code == 302
    encounter = db.session.scalars(select(CustodyEncounter)).one()
    response = client.post(f"/engage/encounters/{encounter.uuid}/release", data={
        "released_date": [str(day.day), str(day.month), str(day.year)],
        "released_time": "06:00"})
    assert response.status_code == 302
    coordinator = app.test_client()
    AuthActions(coordinator).login(make_user("coordinator", organisation="ENGAGE"))
    page = coordinator.get(f"/cases/{encounter.case.uuid}").get_data(as_text=True)
    entry = _timeline_entry(page, "Released from custody")
    assert entry.startswith(f"{day.day} {day:%B %Y}, 06:00 (recorded "), entry


def test_the_api_timeline_gives_the_release_its_own_time_beside_the_recorded_one(
        app, client, worker, make_user):
    day = today() - timedelta(days=1)
    assert client.post(NEW, data=form_data(entered_time="01:10")).status_code == 302
    encounter = db.session.scalars(select(CustodyEncounter)).one()
    client.post(f"/engage/encounters/{encounter.uuid}/release", data={
        "released_date": [str(day.day), str(day.month), str(day.year)],
        "released_time": "06:00"})
    coordinator = make_user("coordinator", organisation="ENGAGE")
    token = tokens.issue(coordinator).token
    db.session.commit()
    response = app.test_client().get(f"{API}/cases/{encounter.case.uuid}",
                                     headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.get_data(as_text=True)
    released = next(e for e in response.get_json()["timeline"] if e["kind"] == "released")
    happened = datetime.fromisoformat(released["occurred_at"])
    assert happened == to_utc(day, time(6, 0))
    assert datetime.fromisoformat(released["at"]) > happened
