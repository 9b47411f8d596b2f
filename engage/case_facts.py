"""ENGAGE's section of the coordinator's case page: what the custody encounter recorded."""

from __future__ import annotations

from sqlalchemy import select

from engage import choices
from engage.follow_up import state_of, window
from engage.models import CustodyEncounter
from shared.clock import london_time
from shared.extensions import db
from shared.seams import CaseFacts

YES_NO = {True: "Yes", False: "No"}
STATES = {"in_custody": "Not released yet", "upcoming": "Due {opens} to {closes}",
          "due_today": "Due today, by {closes}", "overdue": "Missed: not held by {closes}",
          "missed": "Did not happen (recorded {at}); not held by {closes}",
          "met": "Held {at}, within 48 hours of release",
          "late": "Held {at}, later than 48 hours after release"}


def rows(case) -> list[tuple[str, str]]:
    """(label, text) for the encounter that made CASE; "" where nothing is recorded."""
    encounter = db.session.scalar(select(CustodyEncounter).where(
        CustodyEncounter.case_id == case.id))
    if encounter is None:
        return [("Custody encounter", "")]
    parent = case.parent_carer or {}
    return [
        ("Custody suite", encounter.custody_suite.name),
        ("Entered custody", london_time(encounter.entered_at)),
        ("Time in custody", choices.EPISODES.get(encounter.episode, "")),
        ("Offence category", choices.OFFENCES.get(encounter.offence_category, "")),
        ("Police outcome", choices.POLICE_OUTCOMES.get(encounter.police_outcome or "", "")),
        ("Liaison and Diversion involved", YES_NO[bool(encounter.liaison_diversion)]),
        ("Appropriate adult", parent.get("appropriate_adult") or ""),
        ("Parent or carer consents to the follow-up", parent.get("consent_to_follow_up") or ""),
        ("Released", london_time(encounter.released_at) or "Not released yet"),
        ("Follow-up", follow_up(encounter)),
    ]


def follow_up(encounter: CustodyEncounter) -> str:
    """The 24-48 hour follow-up in words: due when, held when, or missed."""
    state = state_of(encounter)
    if encounter.released_at is None:
        return STATES[state]
    opens, closes = window(encounter.released_at)
    if encounter.follow_up_held is False and state in ("upcoming", "due_today"):
        return f"Did not happen (recorded {london_time(encounter.follow_up_at)}); " \
            + STATES[state].format(opens=london_time(opens), closes=london_time(closes))
    return STATES[state].format(opens=london_time(opens), closes=london_time(closes),
                                at=london_time(encounter.follow_up_at))


FACTS = CaseFacts("Custody encounter", rows)
