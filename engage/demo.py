"""ENGAGE's part of `flask demo load`: a year of custody encounters, 2023-24.

The demo custody worker works at the 19 suites of the 18 boroughs (7 BCUs) delivering ENGAGE
when PCD 1295 was written. Five children a suite over the year, through the real services on their
own dates (shared.clock.story_at): offers taken up (two declined, 98%), releases, follow-ups
held within 48 hours, held late, or missed; the ENGAGE coordinator has triaged most of the cases
the accepted offers made, and the last few of March wait for triage. Fixed dates and seeds: the
same story on whatever day it is loaded; a rerun adds nothing.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

from faker import Faker
from sqlalchemy import select

from engage import services
from engage.coverage import DELIVERING_2022_23
from engage.models import CustodyEncounter
from shared.admin.services import set_suites
from shared.auth.models import User
from shared.cases import services as case_services
from shared.clock import LONDON, story_at
from shared.demo import first_name_for
from shared.extensions import db
from shared.reference.models import Bcu, Borough, CustodySuite
from shared.reference.suites import assigned_suite_ids

CUSTODY_ACCOUNT = "custody@demo.test"
COORDINATOR_ACCOUNT = "coordinator.engage@demo.test"
NAMESPACE = uuid.UUID("5b0e3c2e-1295-4d1a-9c6e-7a3f0b2d1297")
PER_SUITE = 5
DECLINED = (17, 61)  # two offers of 95 declined: take-up 98%
OFFENCES = ("weapons_possession", "drugs_possession", "theft", "minor_assault", "violence",
            "other")
OUTCOMES = ("nfa", "community_resolution", "youth_caution", "rui", "bail", "charged", None)
AGES = (14, 15, 16, 17, 15, 16, 13, 17, 12, 16, 14, 11)
GENDERS_IN_TURN = ("Male", "Female", "Male")
FIRST_DAY, AWAITING_FROM = date(2023, 4, 3), date(2024, 3, 18)


def load() -> list[str]:
    """Give the custody worker the delivering suites and add the year's encounters, once."""
    worker = db.session.scalar(select(User).where(User.email == CUSTODY_ACCOUNT))
    if worker is None:
        return []
    suites = db.session.scalars(select(CustodySuite).join(Bcu).where(
        Bcu.code.in_(DELIVERING_2022_23)).order_by(CustodySuite.name)).all()
    if not assigned_suite_ids(worker.id):
        set_suites(worker, list(suites))
    coordinator = db.session.scalar(select(User).where(User.email == COORDINATOR_ACCOUNT))
    added = sum(_encounter(k, suites[k % len(suites)], k // len(suites), worker, coordinator)
                for k in range(PER_SUITE * len(suites)))
    return [f"Demo data: {added} ENGAGE custody encounters added at {len(suites)} suites."]


def entered_at(k: int) -> datetime:
    """When child K entered custody: spread over the year, mostly in the evening."""
    day = FIRST_DAY + timedelta(days=(k * 53) % 357)
    return datetime.combine(day, time(15 + k % 8, (k * 13) % 60), tzinfo=LONDON)


def _encounter(k: int, suite: CustodySuite, turn: int, worker: User,
               coordinator: User | None) -> bool:
    submission = uuid.uuid5(NAMESPACE, f"engage-encounter-{k}")
    if db.session.scalar(select(CustodyEncounter.id).where(
            CustodyEncounter.submission_id == submission)):
        return False
    if suite.id not in assigned_suite_ids(worker.id):
        return False  # an admin changed the worker's suites; leave their choice alone
    fake = Faker("en_GB")
    fake.seed_instance(1295_0000 + k)
    entered = entered_at(k)
    with story_at(entered + timedelta(minutes=40)):
        encounter = services.record_encounter(worker, submission,
                                              _data(k, suite, turn, entered, fake))
    if not encounter.accepted:
        return True
    released = entered + timedelta(hours=4 + (k * 7) % 17)
    with story_at(released + timedelta(minutes=20)):
        services.record_release(worker, encounter, released)
    _follow_up(k, worker, encounter, released)
    if coordinator is not None and entered.date() < AWAITING_FROM:
        _triage(k, coordinator, encounter.case, released)
    return True


def _data(k: int, suite: CustodySuite, turn: int, entered: datetime, fake: Faker) -> dict:
    age = AGES[k % len(AGES)]
    # The child lives in one of the suite's BCU's boroughs, each in turn.
    boroughs = db.session.scalars(select(Borough).where(Borough.bcu_id == suite.bcu_id)
                                  .order_by(Borough.name)).all()
    borough = boroughs[(turn + suite.id) % len(boroughs)]
    anniversary = date(entered.year - age, entered.month, min(entered.day, 28))
    born = anniversary - timedelta(days=1 + (k * 11) % 300)
    return {
        "custody_suite_id": suite.id, "entered_at": entered, "age": age,
        "accepted": k not in DECLINED, "episode": ("first", "first", "second", "more")[k % 4],
        "offence_category": OFFENCES[k % len(OFFENCES)],
        "police_outcome": OUTCOMES[k % len(OUTCOMES)], "liaison_diversion": k % 3 == 0,
        "borough_id": borough.id, "first_name": first_name_for(fake, GENDERS_IN_TURN[k % 3]),
        "last_name": fake.last_name(), "date_of_birth": born if k % 5 else None,
        "gender": GENDERS_IN_TURN[k % 3],
        "ethnicity_group": ("Black", "White", "Asian", "Mixed", "Other", "Black")[k % 6],
        "appropriate_adult": ("parent_carer", "parent_carer", "social_worker")[k % 3],
        "parent": {"name": fake.name(), "relationship": ("Mother", "Father", "Aunt")[k % 3],
                   "phone": f"07700 900{k:03d}", "aware": True, "consent": True},
    }


def _follow_up(k: int, worker: User, encounter: CustodyEncounter, released: datetime) -> None:
    # Most within 24-48 hours; every tenth held late, every tenth missed.
    held, after = {3: (True, 60), 7: (False, 50)}.get(k % 10, (True, 26 + k % 20))
    at = released + timedelta(hours=after)
    with story_at(at + timedelta(minutes=30)):
        services.record_follow_up(worker, encounter, at, held)


def _triage(k: int, coordinator: User, case, released: datetime) -> None:
    decision = "no_further_action" if k % 6 == 5 else "accept"
    with story_at(released + timedelta(days=1 + k % 3, hours=2)):
        case_services.triage(case, coordinator, decision, ("medium", "high", "low")[k % 3],
                             1 + k % 3, "declined_support" if decision != "accept" else None)
