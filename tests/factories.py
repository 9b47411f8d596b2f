"""Builders shared by the tests: a valid referral, a submitted or planned case, organisations."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import select

from divert import services as intake
from shared.cases import plans, services
from shared.cases.models import Case
from shared.clock import today as london_today
from shared.extensions import db
from shared.reference.models import Borough, Organisation


def born_years_ago(years: int) -> date:
    """A date of birth that makes someone YEARS old on the suite's today, far from a birthday.

    Fixed dates of birth are time bombs (17 today, 18 next year, outside the programme's ages
    in a few years): tests derive them from the clock instead.
    """
    return london_today() - timedelta(days=round(365.25 * years) + 120)


def years_ago(years: int, days: int = 0) -> date:
    """The date of birth that makes someone YEARS old today, DAYS before that birthday
    (a 29 February "today" takes the 28th, which every year has)."""
    today = london_today()  # the service's calendar (London), which checks the age
    day = 28 if (today.month, today.day) == (2, 29) else today.day
    return date(today.year - years, today.month, day) - timedelta(days=days)


def referral_data(**overrides) -> dict:
    """A valid intake form's data."""
    camden = db.session.scalar(select(Borough).where(Borough.name == "Camden"))
    data = {
        "first_name": "Zoë", "last_name": "O'Brien", "date_of_birth": born_years_ago(18),
        "gender": "Female", "ethnicity_group": "Mixed", "borough_id": camden.id,
        "bcu_id": camden.bcu_id, "strand": "neighbourhood", "at_risk_as": "victim",
        "exploitation_concern": True, "concern": "Seen with older youths carrying knives",
        "vulnerabilities": ["trauma"], "exploitation_indicators": ["missing_episodes"],
        "interests": "football, music", "consent": True, "phone": "07700 900123",
        # Kept only while the young person is under 18 (tests may travel back in time).
        "parent_carer": {"name": "Pat Parent", "relationship": "Mother", "phone": None,
                         "aware_of_referral": True},
    }
    data.update(overrides)
    return data


def refer(officer, *, commit: bool = True, **overrides) -> Case:
    """A submitted DIVERT case, through the officer intake service (committed unless told)."""
    receipt = intake.submit_referral(officer, uuid.uuid4(), referral_data(**overrides))
    if commit:
        db.session.commit()
    return db.session.scalar(select(Case).where(Case.uuid == receipt.uuid))


def planned_case(officer, coordinator) -> Case:
    """A referral accepted at triage with an agreed plan (one goal, one action due today)."""
    receipt = intake.submit_referral(officer, uuid.uuid4(), referral_data())
    case = db.session.scalar(select(Case).where(Case.uuid == receipt.uuid))
    services.triage(case, coordinator, "accept", "medium", 2)
    goal = plans.add_goal(case, coordinator, "Goal")
    plans.add_action(goal, coordinator, "Action", "partner", london_today())
    services.agree_plan(case, coordinator)
    return case


def organisation(code: str) -> Organisation:
    """The organisation with CODE."""
    return db.session.scalar(select(Organisation).where(Organisation.code == code))


def offered_case(make_user) -> Case:
    """A 16-year-old's case with a full identity, offered to AITC."""
    coordinator = make_user("coordinator")
    case = refer(make_user("officer"), commit=False, date_of_birth=born_years_ago(16),
                 address="1 High Street", postcode="NW1 2AB")
    services.triage(case, coordinator, "accept", "medium", 2)
    goal = plans.add_goal(case, coordinator, "Goal")
    plans.add_action(goal, coordinator, "Action", "partner", london_today())
    services.agree_plan(case, coordinator)
    services.hand_off(case, coordinator, organisation("AITC"), "Plays football")
    db.session.commit()
    return case
