"""Fixtures for the statistics: signed-in clients and a known set of cases built by services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from shared.cases import plans, services
from shared.cases.models import Case
from shared.clock import today
from shared.extensions import db
from shared.reference.models import Borough, Organisation
from tests.cases.test_journey_pages import _client
from tests.factories import refer

# What the known set of cases must show (see known_cases).
KNOWN = {"referred": 12, "accepted": 8, "handed_off": 6, "partner_accepted": 5, "engaged": 5,
         "still_engaging": 5, "camden": 6, "islington": 6, "female": 6, "male": 6,
         "female_engaged": 5, "aitc": 6, "not_handed_off": 6, "triage_days": 3.0,
         "contact_days": 3.0}


@pytest.fixture(autouse=True)
def _quiet_clock(quiet_clock):
    """Statistics tests build data a few days apart: they run at a quiet mid-month moment,
    pinned before anyone signs in (a session cookie signed in the future is refused)."""
    return quiet_clock


@pytest.fixture
def analyst_client(app, make_user):
    """A client signed in as a VRU analyst."""
    return _client(app, make_user("analyst"))


@pytest.fixture
def coordinator_client(app, make_user):
    """A client signed in as a DIVERT coordinator."""
    return _client(app, make_user("coordinator"))




@pytest.fixture
def known_cases(quiet_clock, make_user) -> list[Case]:
    """12 referrals: 6 Camden (female), 6 Islington (male); 8 accepted, 2 declined, 2 waiting;
    6 handed to Arsenal in the Community, 5 accepted there, engaged, first contact on day 3.
    Dated at the quiet moment, so the 3 days back never straddle a month or financial year."""
    officer, coordinator, partner = (make_user("officer"), make_user("coordinator"),
                                     make_user("partner"))
    islington = db.session.scalar(select(Borough).where(Borough.name == "Islington"))
    aitc = db.session.scalar(select(Organisation).where(Organisation.code == "AITC"))
    cases = [refer(officer, commit=False) for _ in range(6)]
    cases += [refer(officer, commit=False, gender="Male", ethnicity_group="Black",
                    borough_id=islington.id, bcu_id=islington.bcu_id) for _ in range(6)]
    for case in cases[:10]:
        case.submitted_at -= timedelta(days=3)  # a clear column; triage comes 3 days later
        decision = "accept" if case in cases[:8] else "decline"
        services.triage(case, coordinator, decision, "medium", 2,
                        reason=None if decision == "accept" else "not_at_risk")
    for case in cases[:6]:
        goal = plans.add_goal(case, coordinator, "Goal")
        plans.add_action(goal, coordinator, "Action", "partner", today())
        services.agree_plan(case, coordinator)
        services.hand_off(case, coordinator, aitc, "Football")
    for case in cases[:5]:
        services.decide_hand_off(case, partner, accept=True)
        services.log_contact(case, partner, today(), "one_to_one", "Met")
        services.record_outcome(case, partner, True, [], None)
    db.session.commit()
    return cases
