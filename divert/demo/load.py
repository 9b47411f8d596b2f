"""DIVERT's part of `demo load`: the PCD 1295 figures, made through the real services on the
dates of the demo year 2023-24 (divert/demo/story.py); a rerun adds nothing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from sqlalchemy import select

from divert import services as intake
from divert.demo import figures, story, training
from divert.demo.people import faker_for, parent_carer, referral_details, young_person
from shared.auth.models import User
from shared.cases import plans, services
from shared.cases.models import Case
from shared.clock import LONDON, story_at, today
from shared.demo import DemoError
from shared.extensions import db
from shared.reference.models import Borough, Organisation

NAMESPACE = uuid.UUID("5b0e3c2e-1295-4d1a-9c6e-7a3f0b2d1295")
ACCOUNTS = {"officer": "officer@demo.test", "coordinator": "coordinator@demo.test",
            "AITC": "partner@demo.test", "ENGCAM": "partner.camden@demo.test"}
BOROUGHS = {"AITC": ("Islington", "Camden", "Haringey", "Enfield"), "ENGCAM": ("Camden",),
            None: ("Camden", "Islington", "Hackney", "Southwark", "Lambeth", "Croydon",
                   "Newham", "Brent")}


@dataclass
class LoadReport:
    """What `demo load` added this time (all zeros on a rerun)."""

    referrals: int = 0
    roster: int = 0
    staff: int = 0
    sessions: int = 0
    responses: int = 0
    notes: list[str] = field(default_factory=list)


def load() -> LoadReport:
    """Add whatever of the PCD 1295 demo set is missing; the caller commits."""
    users = demo_users()
    report = LoadReport()
    for index, (fate, partner) in enumerate(referral_plan()):
        if _make_referral(index, fate, partner, users):
            report.referrals += 1
    training.load_training(users["coordinator"], report)
    return report


def load_lines() -> list[str]:
    """The demo loader divert.init_app registers: load, and say what was added."""
    report = load()
    return [*report.notes,
            f"Demo data: {report.referrals} referrals, {report.roster} roster rows, "
            f"{report.staff} staff rows, {report.sessions} training sessions and "
            f"{report.responses} survey answers added."]


def demo_users() -> dict[str, User]:
    """The demo accounts the cases need; refuses clearly if `demo accounts` has not run."""
    users = {key: db.session.scalar(select(User).where(User.email == email))
             for key, email in ACCOUNTS.items()}
    missing = [ACCOUNTS[key] for key, user in users.items() if user is None]
    if missing:
        raise DemoError("The demo accounts are missing (" + ", ".join(missing) + "). Run "
                        "`flask --app wsgi demo accounts --file instance/demo-accounts.txt` "
                        "first (make run does).")
    return users


def referral_plan() -> list[tuple[str, str | None]]:
    """(fate, partner code) for each of the 26 referrals, in a fixed order."""
    engaged = [("engaged", code) for code, n in figures.ENGAGED.items() for _ in range(n)]
    others = [(fate, ("AITC", "ENGCAM")[i % 2] if fate in {"closed_after_engagement",
                                                           "handed_off"} else None)
              for i, fate in enumerate(figures.OTHER_FATES)]
    return engaged + others


def _make_referral(index: int, fate: str, partner: str | None, users: dict) -> bool:
    submission = uuid.uuid5(NAMESPACE, f"pcd1295-referral-{index}")
    if db.session.scalar(select(Case.id).where(Case.submission_id == submission)):
        return False
    fake, rng = faker_for(index)
    borough = db.session.scalar(select(Borough).where(
        Borough.name == rng.choice(BOROUGHS[partner if fate == "engaged" else None])))
    received = story.received_at(index)
    data = {**young_person(fake, rng, received.date(), borough.name),
            **referral_details(fake, rng), "borough_id": borough.id, "bcu_id": borough.bcu_id}
    data["strand"] = story.strand_for(index, rng)
    with story_at(received):
        if intake.is_child(data["date_of_birth"]):
            data["parent_carer"] = parent_carer(fake, rng)
        receipt = intake.submit_referral(users["officer"], submission, data)
    case = db.session.scalar(select(Case).where(Case.uuid == receipt.uuid))
    FATES[fate](case, users, partner, index)
    return True


def _at(index: int, days: float = 0, hours: float = 0):
    """The story clock DAYS (and HOURS) after referral INDEX was triaged."""
    return story_at(story.triaged_at(index) + timedelta(days=days, hours=hours))


def _accept(case: Case, users: dict, partner, index: int) -> None:
    with _at(index):
        services.triage(case, users["coordinator"], "accept", "medium", 2)
        goal = plans.add_goal(case, users["coordinator"], "Find a positive activity they enjoy")
        plans.add_action(goal, users["coordinator"], "Introduce them to a local partner",
                         "coordinator", today() + timedelta(days=14))


def _plan(case: Case, users: dict, partner, index: int) -> None:
    _accept(case, users, partner, index)
    with _at(index, days=1):
        services.agree_plan(case, users["coordinator"])


def _hand_off(case: Case, users: dict, partner: str, index: int) -> None:
    _plan(case, users, partner, index)
    organisation = db.session.scalar(select(Organisation).where(Organisation.code == partner))
    with _at(index, days=2):
        services.hand_off(case, users["coordinator"], organisation,
                          "Interested in sport and happy to meet a youth worker")


def _engage(case: Case, users: dict, partner: str, index: int) -> None:
    _hand_off(case, users, partner, index)
    worker = users[partner]
    with _at(index, days=3):
        services.decide_hand_off(case, worker, accept=True)
    met = story.first_contact_on(index)
    with story_at(datetime.combine(met, time(16, 30), tzinfo=LONDON)):
        services.log_contact(case, worker, met, "one_to_one",
                             "First session: talked about goals and activities")
        services.record_outcome(case, worker, True, ["ete"], "none")


def _close_after_engagement(case: Case, users: dict, partner: str, index: int) -> None:
    _engage(case, users, partner, index)
    ended = story.first_contact_on(index) + timedelta(days=45)
    with story_at(datetime.combine(ended, time(12, 0), tzinfo=LONDON)):
        services.record_outcome(case, users[partner], True, ["ete"], "education")
        services.close(case, users[partner], "goals_met")


def _declined_by_partner(case: Case, users: dict, partner, index: int) -> None:
    # The plan was agreed, ENGAGE Camden had no capacity, so the case waits for a new partner.
    _hand_off(case, users, "ENGCAM", index)
    with _at(index, days=4):
        services.decide_hand_off(case, users["ENGCAM"], accept=False,
                                 decline_reason="no_capacity")


def _triage_out(decision: str, reasons: tuple[str, ...]):
    state = {"next": 0}

    def triage(case: Case, users: dict, partner, index: int) -> None:
        reason = reasons[state["next"] % len(reasons)]
        state["next"] += 1
        with _at(index):
            services.triage(case, users["coordinator"], decision, "low", 3, reason)
    return triage


FATES = {
    "engaged": _engage,
    "awaiting_triage": lambda case, users, partner, index: None,
    "declined": _triage_out("decline", ("already_supported", "not_at_risk")),
    "no_further_action": _triage_out("no_further_action",
                                     ("could_not_contact", "declined_support", "moved_away")),
    "accepted": _accept,
    "plan_agreed": _declined_by_partner,
    "handed_off": _hand_off,
    "closed_after_engagement": _close_after_engagement,
}
