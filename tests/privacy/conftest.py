"""Fixtures for the privacy tests: people with full case histories, DPO clients, re-auth."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from divert import services as intake
from shared.cases import plans, services
from shared.cases.models import Case
from shared.clock import today as london_today
from shared.extensions import db
from tests.conftest import PASSWORD, AuthActions, current_code
from tests.factories import born_years_ago, organisation, referral_data

# Derived from the suite's clock, so both stay inside DIVERT's ages whatever the date.
AMARA_BORN = born_years_ago(19)
BARTHOLOMEW_BORN = born_years_ago(20)


def full_case(officer, coordinator, partner, **overrides) -> Case:
    """A referral taken through triage, plan, hand-off, acceptance, a contact and an outcome."""
    receipt = intake.submit_referral(officer, uuid.uuid4(), referral_data(**overrides))
    case = db.session.scalar(select(Case).where(Case.uuid == receipt.uuid))
    services.triage(case, coordinator, "accept", "high", 1, note="Triage note " + case.reference)
    goal = plans.add_goal(case, coordinator, "Goal for " + case.reference)
    plans.add_action(goal, coordinator, "Action for " + case.reference, "partner",
                     london_today() + timedelta(days=7))
    services.agree_plan(case, coordinator)
    services.hand_off(case, coordinator, organisation("AITC"), "Hand-off for " + case.reference)
    services.decide_hand_off(case, partner, accept=True)
    services.log_contact(case, partner, london_today(), "one_to_one", "Contact with " +
                         case.reference)
    services.record_outcome(case, partner, True, ["ete"], "education")
    db.session.commit()
    return case


@pytest.fixture
def staff(make_user):
    """An officer, a coordinator and a partner (AITC)."""
    return make_user("officer"), make_user("coordinator"), make_user("partner")


@pytest.fixture
def two_people(staff):
    """Two different young people with full histories: (case of A, case of B)."""
    first = full_case(*staff, first_name="Amara", last_name="Okonkwo",
                      date_of_birth=AMARA_BORN, concern="Amara-only concern")
    second = full_case(*staff, first_name="Bartholomew", last_name="Quill",
                       date_of_birth=BARTHOLOMEW_BORN, concern="Bartholomew-only concern")
    return first, second


@pytest.fixture
def dpo(make_user):
    """A data protection officer (enrolled in MFA)."""
    return make_user("dpo")


@pytest.fixture
def dpo_client(app, dpo):
    """A client signed in as the DPO."""
    client = app.test_client()
    AuthActions(client).login(dpo)
    return client


def confirm_identity(client, user):
    """Re-authenticate through the confirm page with the password and a fresh code."""
    db.session.refresh(user)
    user.totp_last_step = None  # the sign-in used this 30-second step's code
    db.session.commit()
    return client.post("/account/confirm", data={"password": PASSWORD,
                                                 "code": current_code(user)})


def dob_fields(prefix: str, day: date) -> dict:
    """The three GOV.UK date boxes for DAY."""
    return {prefix: [str(day.day), str(day.month), str(day.year)]}
