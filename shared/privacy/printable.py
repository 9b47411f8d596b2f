"""The subject access export as a person reads it: labels for codes, London times, words."""

from __future__ import annotations

from datetime import date, datetime

from shared.cases import choices
from shared.cases.plan_models import ACTION_OWNERS, ACTION_STATUSES
from shared.clock import london_time

HANDOFF_STATUSES = {"pending": "Waiting for an answer", "accepted": "Accepted",
                    "declined": "Declined", "withdrawn": "Withdrawn"}
# Each coded key of the export, and the labels of its codes.
LABELS = {
    "at_risk_as": choices.AT_RISK_AS, "vulnerabilities": choices.VULNERABILITIES,
    "exploitation_indicators": choices.EXPLOITATION_INDICATORS,
    "exploitation_concern": {"yes": "Yes", "no": "No"},
    "reason": {**choices.DECLINE_REASONS, **choices.NFA_REASONS},
    "risk_level": choices.RISK_LEVELS, "priority": choices.PRIORITIES,
    "ete_outcome": choices.ETE_OUTCOMES, "needs_addressed": choices.NEEDS,
    "closure_reason": {**choices.CLOSURE_REASONS, **choices.ERASED_CLOSURE},
    "decline_reason": choices.HANDOFF_DECLINE_REASONS, "owner": ACTION_OWNERS,
    "status": {**ACTION_STATUSES, **HANDOFF_STATUSES},
}
NOT_RECORDED = "not recorded"


def printable_referral(case: dict) -> dict:
    """CASE (one referral of the export) with every code and time in words."""
    shown = {key: words(value, key) for key, value in case.items()
             if key not in ("plan", "hand_offs", "contacts", "timeline")}
    shown["plan"] = [{**goal, "actions": [{k: words(v, k) if k != "due_on" else v
                                           for k, v in a.items()} for a in goal["actions"]]}
                     for goal in case["plan"]]
    shown["hand_offs"] = [{k: v if k == "offered_at" else words(v, k) for k, v in h.items()}
                          for h in case["hand_offs"]]
    shown["contacts"], shown["timeline"] = case["contacts"], case["timeline"]
    shown["received_at"], shown["consent"] = case["received_at"], case["consent"]
    return shown


def words(value, key: str = ""):
    """VALUE as words: labels for codes under KEY, London times, yes/no, 'not recorded'."""
    if isinstance(value, dict):
        return {k: words(v, k) for k, v in value.items()}
    if value is None or value == "":
        return NOT_RECORDED
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return london_time(value)
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    labels = LABELS.get(key) or {}
    if key == "needs_addressed" and isinstance(value, str):
        value = value.split(",")  # kept as one comma-separated string of codes
    if isinstance(value, list):
        return ", ".join(str(labels.get(v, v)) for v in value) or NOT_RECORDED
    return labels.get(value, value)
