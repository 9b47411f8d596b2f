"""One fixture world with a real object of every kind a URL can name, for the route sweeps.

A DIVERT case referred by the officer, triaged, planned (a goal and an action), handed off to
Arsenal in the Community and accepted; an ENGAGE encounter (and its case) at Holborn recorded by
the custody worker; a training session with its feedback token; a subject access request; a
retention rule; an invitation; and a spare custody worker for the admin's user pages.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select

from divert import services as intake
from divert.training import survey
from engage.models import Coverage, CustodyEncounter
from shared.api import tokens
from shared.auth import services as account_services
from shared.cases import plans, services
from shared.cases.models import Case
from shared.cases.safeguarding_models import SafeguardingConcern
from shared.clock import today as london_today
from shared.extensions import db
from shared.privacy import requests as sar
from shared.privacy import retention
from shared.reference.models import Bcu, Borough, CustodySuite
from tests.conftest import AuthActions
from tests.engage.conftest import NEW as NEW_ENCOUNTER
from tests.engage.conftest import assign, form_data
from tests.factories import organisation, referral_data

ROLES = ("officer", "custody_worker", "coordinator", "partner", "analyst", "dpo", "admin")


@dataclass
class World:
    """Signed-in actors per role and the objects their URLs name."""

    users: dict = field(default_factory=dict)
    ids: dict = field(default_factory=dict)
    case: Case | None = None
    engage_case: Case | None = None
    encounter: CustodyEncounter | None = None




def signed_in(app, user):
    """A new client signed in as USER through the real pages."""
    client = app.test_client()
    AuthActions(client).login(user)
    return client


def build_world(app, make_user) -> World:
    """Make one user per role and an object of every kind, all reachable by the right role."""
    world = World(users={role: make_user(role) for role in ROLES})
    users = world.users
    assign(users["custody_worker"], "Holborn")
    world.case = _handed_off_case(users)
    world.encounter = _encounter(app, users["custody_worker"])
    world.engage_case = world.encounter.case
    world.ids.update(_reference_ids())
    world.ids.update(_other_ids(world))
    db.session.commit()
    return world


def _handed_off_case(users) -> Case:
    coordinator, partner = users["coordinator"], users["partner"]
    receipt = intake.submit_referral(users["officer"], uuid.uuid4(), referral_data())
    case = db.session.scalar(select(Case).where(Case.uuid == receipt.uuid))
    services.triage(case, coordinator, "accept", "high", 1)
    goal = plans.add_goal(case, coordinator, "Back into education")
    plans.add_action(goal, coordinator, "Meet the school", "partner",
                     london_today() + timedelta(days=7))
    services.agree_plan(case, coordinator)
    services.hand_off(case, coordinator, organisation("AITC"), "Loves football")
    services.decide_hand_off(case, partner, accept=True)
    services.log_contact(case, partner, london_today(), "one_to_one", "Met at the ground")
    db.session.commit()
    return case


def _encounter(app, worker) -> CustodyEncounter:
    response = signed_in(app, worker).post(NEW_ENCOUNTER, data=form_data("Holborn"))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return db.session.scalar(select(CustodyEncounter).where(
        CustodyEncounter.recorded_by_id == worker.id))


def _reference_ids() -> dict:
    coverage = db.session.scalars(select(Coverage)).first()
    return {
        "organisation_id": organisation("ENGCAM").uuid,
        "bcu_id": db.session.scalars(select(Bcu)).first().uuid,
        "borough_id": db.session.scalars(select(Borough)).first().uuid,
        "suite_id": db.session.scalars(select(CustodySuite)).first().uuid,
        "year": coverage.financial_year,
        "coverage_borough_uuid": coverage.borough.uuid,
    }


def _other_ids(world: World) -> dict:
    users, case = world.users, world.case
    bcu = db.session.scalar(select(Bcu).where(Bcu.code == "CN"))
    session, survey_token = survey.create_session(users["coordinator"], london_today(), bcu,
                                                  "neighbourhood", 50)
    target = account_services.create_user(f"target-{uuid.uuid4().hex[:6]}@example.test",
                                          "Target worker", "custody_worker", "ENGAGE",
                                          "a long enough password here")
    invited = account_services.create_user(f"invited-{uuid.uuid4().hex[:6]}@example.test",
                                           "Invited worker", "officer", "MPS", None)
    retention.load_default_rules()
    request = sar.open_request(case.person, users["dpo"], london_today())
    db.session.flush()
    goal = case.goals[0]
    concern = SafeguardingConcern(case=case, category="neglect", urgency="soon")
    concern.description = "A concern for the sweep"
    db.session.add(concern)
    db.session.flush()
    return {
        "goal": goal.uuid, "action": goal.actions[0].uuid, "person": case.person.uuid,
        "contact": case.contacts[0].uuid, "concern": concern.uuid,
        "request": request.uuid, "rule": retention.rules()[0].uuid,
        "session": session.uuid, "survey_token": survey_token,
        "target_user": target.uuid, "invitation": account_services.invite(invited),
    }


def own_notification(user) -> uuid.UUID:
    """The id of a notification in USER's inbox (about the world's case, by reference)."""
    from shared.notifications.inbox import notify

    [note] = notify(user, "assigned", "DV-7K3M-Q9", "/cases/")
    db.session.commit()
    return note.uuid


def spare_token(user) -> uuid.UUID:
    """The id of a second bearer token of USER, safe to revoke in a sweep."""
    issued = tokens.issue(user)
    db.session.commit()
    return issued.uuid
