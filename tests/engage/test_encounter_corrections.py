"""A custody worker corrects an encounter's facts and release time; the history is kept sealed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from engage.models import CustodyEncounter
from shared.cases.correction_models import Correction
from shared.clock import today
from shared.extensions import db
from tests.engage.conftest import NEW, declined_data, form_data

pytestmark = pytest.mark.usefixtures("quiet_clock")


def _day(prefix: str, day) -> dict:
    return {prefix: [str(day.day), str(day.month), str(day.year)]}


def _correction(**overrides) -> dict:
    data = {"episode": "first", "offence_category": "theft", "police_outcome": "",
            "liaison_diversion": "no", **_day("released_date", today() - timedelta(days=1)),
            "released_time": "19:15", "reason": "The custody record says theft"}
    data.update(overrides)
    return data


def test_a_worker_corrects_the_offence_and_release_time_keeping_the_history(client, worker):
    assert client.post(NEW, data=form_data("Holborn")).status_code == 302
    encounter = db.session.scalar(select(CustodyEncounter))
    yesterday = today() - timedelta(days=1)
    assert client.post(f"/engage/encounters/{encounter.uuid}/release", data={
        **_day("released_date", yesterday), "released_time": "18:00"}).status_code == 302
    path = f"/engage/encounters/{encounter.uuid}/correct"
    page = client.get(path).get_data(as_text=True)
    assert 'value="18:00"' in page and "No corrections yet" in page
    assert client.post(path, data=_correction(reason="")).status_code == 400
    response = client.post(path, data=_correction())
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    db.session.refresh(encounter)
    assert encounter.offence_category == "theft" and not encounter.liaison_diversion
    assert encounter.released_at.hour == 18  # 19:15 BST is 18:15 UTC
    [row] = db.session.scalars(select(Correction)).all()
    assert row.record_type == "encounter" and row.previous["offence_category"] == \
        "weapons_possession"
    assert row.previous["released_at"].startswith(f"{yesterday.isoformat()}T17:00")
    page = client.get(path).get_data(as_text=True)
    assert "The custody record says theft" in page and "Weapons" in page
    assert client.post(path, data=_correction()).status_code == 400  # nothing changed


def test_a_release_after_the_follow_up_is_refused(client, worker):
    assert client.post(NEW, data=form_data("Holborn")).status_code == 302
    encounter = db.session.scalar(select(CustodyEncounter))
    yesterday = today() - timedelta(days=1)
    client.post(f"/engage/encounters/{encounter.uuid}/release", data={
        **_day("released_date", yesterday), "released_time": "18:00"})
    client.post(f"/engage/encounters/{encounter.uuid}/follow-up", data={
        **_day("meeting_date", yesterday), "meeting_time": "20:00", "held": "yes"})
    response = client.post(f"/engage/encounters/{encounter.uuid}/correct",
                           data=_correction(released_time="21:00"))
    assert response.status_code == 400
    assert "before the follow-up meeting" in response.get_data(as_text=True)


def test_a_declined_offer_has_no_history_to_correct_into(client, worker):
    assert client.post(NEW, data=declined_data()).status_code == 302
    encounter = db.session.scalar(select(CustodyEncounter))
    response = client.post(f"/engage/encounters/{encounter.uuid}/correct",
                           data=_correction(released_date=["", "", ""], released_time=""))
    assert response.status_code == 400
    assert "declined offer" in response.get_data(as_text=True)
    assert db.session.scalars(select(Correction)).all() == []
