"""Outcomes over time: at acceptance, at each review and at exit, and the change between them.

Goal Based Outcomes: the young person rates each goal of the action plan 0-10 with their
worker. With them, the education, training or employment status and the single item "How much
do you trust the police?" (0-10), one of the DIVERT App's stated aims in PCD 1295.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shared.audit import services as audit
from shared.auth.models import User
from shared.cases import contacts
from shared.cases.models import Case
from shared.cases.review_models import OutcomeReview
from shared.cases.services import CaseError, add_event, ensure_not_erased
from shared.clock import london_date, today
from shared.extensions import db

STAGES = {"acceptance": "At acceptance", "review": "Review", "exit": "At exit"}
ETE_STATUSES = {"school": "In school", "college": "In college or sixth form",
                "training": "In training or an apprenticeship", "employment": "In work",
                "neet": "Not in education, training or work"}
SCALE = range(0, 11)


@dataclass
class Measure:
    """One line of the change: a goal, ETE status or trust, from the first to the latest."""

    label: str
    first: str
    latest: str
    change: int | None


def record_review(case: Case, actor: User, stage: str, on: date, goals: dict[str, int],
                  ete_status: str | None, trust_police: int | None) -> OutcomeReview:
    """Record one measurement by a worker who supports the young person."""
    ensure_not_erased(case)
    if not contacts.may_record(case, actor):
        raise CaseError("Outcomes can be recorded by the coordinator while the case is open, "
                        "and by the partner holding the case")
    _check(case, stage, on, goals, ete_status, trust_police)
    review = OutcomeReview(case=case, stage=stage, reviewed_on=on, recorded_by_id=actor.id)
    review.answers = {"goals": goals, "ete_status": ete_status, "trust_police": trust_police}
    db.session.add(review)
    add_event(case, actor, "outcome_review", f"Outcomes recorded: {STAGES[stage].lower()}")
    audit.record("change", "case", case.uuid, actor=actor, detail=f"outcomes {stage}")
    return review


def change(case: Case) -> tuple[list[OutcomeReview], list[Measure]]:
    """The measurements in order, and each measure from its first to its latest value."""
    reviews = sorted(case.outcome_reviews, key=lambda r: (r.reviewed_on, r.id))
    if case.person.is_erased or not reviews:
        return reviews, []
    answers = [r.answers for r in reviews]
    measures = []
    for goal in case.goals:
        key = str(goal.uuid)
        scores = [a["goals"][key] for a in answers if key in a.get("goals", {})]
        if scores:
            measures.append(Measure(f"Goal: {goal.title}", str(scores[0]), str(scores[-1]),
                                    scores[-1] - scores[0]))
    ete = [a["ete_status"] for a in answers if a.get("ete_status")]
    if ete:
        measures.append(Measure("Education, training or employment", ETE_STATUSES[ete[0]],
                                ETE_STATUSES[ete[-1]], None))
    trust = [a["trust_police"] for a in answers if a.get("trust_police") is not None]
    if trust:
        measures.append(Measure("Trust in the police", str(trust[0]), str(trust[-1]),
                                trust[-1] - trust[0]))
    return reviews, measures


def _check(case: Case, stage: str, on: date, goals: dict[str, int], ete_status: str | None,
           trust_police: int | None) -> None:
    if stage not in STAGES:
        raise CaseError("Choose when this is: at acceptance, a review or at exit", "stage")
    if stage != "review" and any(r.stage == stage for r in case.outcome_reviews):
        raise CaseError(f"Outcomes {STAGES[stage].lower()} are already recorded: record a "
                        "review instead", "stage")
    if not isinstance(on, date) or not london_date(case.submitted_at) <= on <= today():
        raise CaseError("The date must be between the referral date and today", "reviewed_on")
    known = {str(g.uuid) for g in case.goals}
    if set(goals) - known:
        raise CaseError("Rate the goals of this case's plan", "goals")
    if any(score not in SCALE for score in goals.values()) or (
            trust_police is not None and trust_police not in SCALE):
        raise CaseError("Each rating is a whole number from 0 to 10", "goals")
    if ete_status is not None and ete_status not in ETE_STATUSES:
        raise CaseError("Choose a status from the list", "ete_status")
    if not goals and ete_status is None and trust_police is None:
        raise CaseError("Rate at least one goal, or give the status or the trust rating",
                        "goals")
