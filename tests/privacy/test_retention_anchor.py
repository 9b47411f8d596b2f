"""Retention runs from the last decision or closure, not the first triage (issue 18, finding 7)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import time_machine
from sqlalchemy import select

from divert import services as intake
from shared.cases import plans, services
from shared.cases.models import Case
from shared.extensions import db
from shared.privacy import retention
from tests.factories import organisation, referral_data


def _due(on: str) -> set[str]:
    return {r for d in retention.due_people(date.fromisoformat(on)) for r in d.references}


def _accepted_then_referred_back(officer, coordinator, partner) -> Case:
    receipt = intake.submit_referral(officer, uuid.uuid4(), referral_data(last_name="Later"))
    case = db.session.scalar(select(Case).where(Case.uuid == receipt.uuid))
    services.triage(case, coordinator, "accept", "high", 1)
    goal = plans.add_goal(case, coordinator, "A goal")
    plans.add_action(goal, coordinator, "An action", "partner", date(2024, 2, 1))
    services.agree_plan(case, coordinator)
    services.hand_off(case, coordinator, organisation("AITC"), "Hand-off")
    services.decide_hand_off(case, partner, accept=True)
    services.refer_back(case, partner, "Back to triage")
    db.session.commit()
    return case


def test_a_case_declined_after_an_earlier_triage_runs_from_the_decline(staff):
    officer, coordinator, partner = staff
    with time_machine.travel("2024-01-10 10:00Z", tick=False):
        retention.load_default_rules()
        case = _accepted_then_referred_back(officer, coordinator, partner)
    with time_machine.travel("2025-06-01 10:00Z", tick=False):
        services.triage(case, coordinator, "decline", "low", 3, reason="not_at_risk")
        db.session.commit()
    # The first triage (10 January 2024) would have made it due on 10 January 2025.
    assert case.reference not in _due("2025-01-10")
    assert case.reference not in _due("2026-05-31")
    assert case.reference in _due("2026-06-01")


def test_a_case_with_no_decision_in_its_timeline_runs_from_its_triage(staff):
    officer, _, _ = staff
    with time_machine.travel("2024-03-01 10:00Z", tick=False):
        retention.load_default_rules()
        receipt = intake.submit_referral(officer, uuid.uuid4(), referral_data())
        case = db.session.scalar(select(Case).where(Case.uuid == receipt.uuid))
        # As an imported case arrives: declined, with no timeline entry for the decision.
        case.status = "declined"
        case.triaged_at = datetime(2024, 4, 2, 9, tzinfo=UTC)
        db.session.commit()
    assert case.reference not in _due("2025-04-01")
    assert case.reference in _due("2025-04-02")


def test_a_decision_late_on_a_summer_evening_counts_on_london_s_calendar(staff):
    officer, coordinator, _ = staff
    # 23:30 UTC on 30 June is 00:30 on 1 July in London.
    with time_machine.travel("2024-06-30 23:30Z", tick=False):
        retention.load_default_rules()
        receipt = intake.submit_referral(officer, uuid.uuid4(), referral_data())
        case = db.session.scalar(select(Case).where(Case.uuid == receipt.uuid))
        services.triage(case, coordinator, "no_further_action", "low", 3,
                        reason="could_not_contact")
        db.session.commit()
    assert case.reference not in _due("2025-06-30")
    assert case.reference in _due("2025-07-01")


def test_a_closed_case_runs_from_its_closure_not_its_first_triage(staff):
    officer, coordinator, _ = staff
    with time_machine.travel("2024-01-10 10:00Z", tick=False):
        retention.load_default_rules()
        receipt = intake.submit_referral(officer, uuid.uuid4(), referral_data(
            date_of_birth=date(2001, 2, 1)))
        case = db.session.scalar(select(Case).where(Case.uuid == receipt.uuid))
        services.triage(case, coordinator, "accept", "high", 1)
        db.session.commit()
    with time_machine.travel("2024-08-20 10:00Z", tick=False):
        services.close(case, coordinator, "goals_met")
        db.session.commit()
    assert case.reference not in _due("2027-08-19")
    assert case.reference in _due("2027-08-20")
