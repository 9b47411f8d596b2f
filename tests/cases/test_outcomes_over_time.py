"""Outcomes at acceptance, review and exit: Goal Based Outcomes, ETE status, trust in police."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from shared.cases.review_models import OutcomeReview
from shared.clock import today
from shared.extensions import db
from shared.privacy.erasure import erase
from tests.cases.conftest import signed_in

pytestmark = pytest.mark.usefixtures("quiet_clock")


def _review(case, stage, day, goal_score, trust, ete="neet") -> dict:
    goal = case.goals[0]
    return {"review-stage": stage, "review-reviewed_on": [str(day.day), str(day.month),
                                                         str(day.year)],
            f"review-goal_{goal.uuid.hex}": str(goal_score), "review-ete_status": ete,
            "review-trust_police": str(trust)}


def test_the_case_shows_the_change_from_acceptance_to_exit(app, engaged_case):
    case, coordinator, partner = engaged_case
    path = f"/cases/{case.uuid}/outcomes"
    team = signed_in(app, coordinator)
    assert "No outcomes recorded yet" in team.get(path).get_data(as_text=True)
    assert team.post(path, data=_review(case, "acceptance", today(), 2, 3)).status_code == 302
    assert team.post(path, data=_review(case, "acceptance", today(), 2, 3)).status_code == 400
    with time_machine.travel(today() + timedelta(days=60, hours=12), tick=False):
        later = today()
        response = signed_in(app, partner).post(path, data=_review(
            case, "exit", later, 7, 6, ete="college"))
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    page = team.get(path).get_data(as_text=True)
    assert "Goal: Goal" in page and "2 → 7 (+5)" in page and "3 → 6 (+3)" in page
    assert "Not in education, training or work → In college or sixth form" in page
    raw = db.session.execute(select(OutcomeReview.__table__.c.answers)).scalars().all()
    assert all(b"college" not in value for value in raw)
    assert "2 measurements" in team.get(f"/cases/{case.uuid}").get_data(as_text=True)


def test_a_rating_outside_0_to_10_or_a_date_before_the_referral_is_refused(app, engaged_case):
    case, coordinator, _ = engaged_case
    path = f"/cases/{case.uuid}/outcomes"
    client = signed_in(app, coordinator)
    assert client.post(path, data=_review(case, "review", today(), 11, 3)).status_code == 400
    response = client.post(path, data=_review(case, "review", today() - timedelta(days=1), 5,
                                              3))
    assert response.status_code == 400
    assert "between the referral date and today" in response.get_data(as_text=True)
    assert db.session.scalars(select(OutcomeReview)).all() == []


def test_erasure_shreds_the_outcomes(app, engaged_case):
    case, coordinator, _ = engaged_case
    signed_in(app, coordinator).post(f"/cases/{case.uuid}/outcomes",
                                     data=_review(case, "review", today(), 4, 4))
    erase(case.person)
    db.session.commit()
    db.session.expire_all()
    page = signed_in(app, coordinator).get(f"/cases/{case.uuid}/outcomes")
    assert page.status_code == 200 and "Goal" not in page.get_data(as_text=True).split(
        "<h1")[1].split("Record outcomes")[0].replace("Goal Based", "")
