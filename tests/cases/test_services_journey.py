"""The workflow services, end to end, without the pages."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from divert import services as intake
from shared.cases import plans, services
from shared.cases.models import Case
from shared.cases.states import TransitionRefused
from shared.clock import today as london_today
from shared.extensions import db
from shared.partners import services as partner_services
from shared.reference.models import Organisation
from tests.factories import planned_case, referral_data, years_ago


def test_the_whole_journey_from_referral_to_closure(make_user):
    officer, coordinator = make_user("officer"), make_user("coordinator")
    partner = make_user("partner")
    receipt = intake.submit_referral(officer, uuid.uuid4(), referral_data())
    case = db.session.scalar(select(Case).where(Case.uuid == receipt.uuid))
    assert receipt.reference.startswith("DV-") and case.concern.startswith("Seen with")
    services.triage(case, coordinator, "accept", "high", 1)
    goal = plans.add_goal(case, coordinator, "Back into education")
    plans.add_action(goal, coordinator, "Meet the school", "coordinator",
                     london_today() + timedelta(days=7))
    services.agree_plan(case, coordinator)
    aitc = db.session.scalar(select(Organisation).where(Organisation.code == "AITC"))
    services.hand_off(case, coordinator, aitc, "Loves football")
    assert partner_services.caseload(partner)["pending"] == [case]
    services.decide_hand_off(case, partner, accept=True)
    services.log_contact(case, partner, london_today(), "one_to_one", "Met at the ground")
    services.record_outcome(case, partner, True, ["ete"], "education")
    services.close(case, partner, "goals_met")
    db.session.commit()
    assert case.status == "closed" and case.first_contact_at == london_today()
    kinds = [e.kind for e in case.events]
    assert kinds[:1] == ["submitted"] and "partner_accept" in kinds and kinds[-1] == "close"


def test_a_double_submission_returns_the_first_receipt(make_user):
    officer = make_user("officer")
    submission = uuid.uuid4()
    first = intake.submit_referral(officer, submission, referral_data())
    again = intake.submit_referral(officer, submission, referral_data())
    assert first.reference == again.reference
    assert db.session.query(Case).count() == 1


def test_ages_outside_fourteen_to_twenty_five_are_refused(make_user):
    officer = make_user("officer")
    for dob in (years_ago(13), date(1990, 1, 1), london_today() + timedelta(days=1)):
        with pytest.raises(services.CaseError) as refused:
            intake.submit_referral(officer, uuid.uuid4(), referral_data(date_of_birth=dob))
        assert refused.value.field == "date_of_birth"


def test_a_transition_from_the_wrong_state_is_refused_with_a_message(make_user):
    officer, coordinator = make_user("officer"), make_user("coordinator")
    receipt = intake.submit_referral(officer, uuid.uuid4(), referral_data())
    case = db.session.scalar(select(Case).where(Case.uuid == receipt.uuid))
    with pytest.raises(TransitionRefused, match="You cannot close the case now"):
        services.close(case, coordinator, "goals_met")


def test_a_declined_hand_off_returns_the_case_to_the_coordinator(make_user):
    officer, coordinator, partner = (make_user("officer"), make_user("coordinator"),
                                     make_user("partner"))
    case = planned_case(officer, coordinator)
    aitc = db.session.scalar(select(Organisation).where(Organisation.code == "AITC"))
    services.hand_off(case, coordinator, aitc, "Loves football")
    services.decide_hand_off(case, partner, accept=False, decline_reason="no_capacity")
    assert case.status == "plan_agreed" and case.partner_organisation is None
    assert partner_services.caseload(partner)["pending"] == []




