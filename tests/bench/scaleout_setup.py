"""Accounts and hand-offs for scaleout_bench; prints them as JSON (run as a module with N)."""

from __future__ import annotations

import json
import sys
import uuid
from datetime import date

from sqlalchemy import select

from divert import services as intake
from shared.auth import services as accounts
from shared.cases import plans, services
from shared.cases.models import Case
from shared.clock import today as london_today
from shared.extensions import db
from shared.reference.models import Borough, Organisation
from wsgi import app

PASSWORD = "station bicycle lantern"


def _referral() -> dict:
    camden = db.session.scalar(select(Borough).where(Borough.name == "Camden"))
    return {"first_name": "Sam", "last_name": "Race", "date_of_birth": date(2007, 3, 27),
            "gender": "Male", "ethnicity_group": "Mixed", "borough_id": camden.id,
            "bcu_id": camden.bcu_id, "strand": "neighbourhood", "at_risk_as": "victim",
            "exploitation_concern": False, "concern": "Seen carrying a knife",
            "vulnerabilities": [], "exploitation_indicators": [], "interests": "football",
            "consent": True, "phone": "07700 900123"}


def _handed_off(officer, coordinator, partner_organisation) -> str:
    receipt = intake.submit_referral(officer, uuid.uuid4(), _referral())
    case = db.session.scalar(select(Case).where(Case.uuid == receipt.uuid))
    services.triage(case, coordinator, "accept", "medium", 2)
    goal = plans.add_goal(case, coordinator, "Goal")
    plans.add_action(goal, coordinator, "Action", "partner", london_today())
    services.agree_plan(case, coordinator)
    services.hand_off(case, coordinator, partner_organisation, "Football")
    return str(case.uuid)


def main(races: int) -> None:
    """Officer, coordinator, two partners of one organisation, a victim account, RACES cases."""
    with app.app_context():
        def user(email: str, role: str, organisation: str):
            return accounts.create_user(email, f"Bench {role}", role, organisation, PASSWORD)

        user("officer@bench.test", "officer", "MPS")
        officer = user("race.officer@bench.test", "officer", "MPS")
        coordinator = user("race.coordinator@bench.test", "coordinator", "DIVERT")
        partners = [user(f"race.partner{n}@bench.test", "partner", "AITC") for n in (1, 2)]
        user("victim@bench.test", "officer", "MPS")
        aitc = db.session.scalar(select(Organisation).where(Organisation.code == "AITC"))
        cases = [_handed_off(officer, coordinator, aitc) for _ in range(races)]
        db.session.commit()
        print(json.dumps({"cases": cases, "partners": [p.email for p in partners],
                          "victim": "victim@bench.test"}))


if __name__ == "__main__":
    main(int(sys.argv[1]))
