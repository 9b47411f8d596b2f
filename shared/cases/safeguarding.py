"""Safeguarding concerns: any worker on the case raises one; the coordinator is alerted at once.

The case shows an open concern until it is resolved; any statutory referral (children's
social care or MASH, adult safeguarding, police) is kept with its reference and time, and the
outcome. Every step is audited and on the timeline, which never carries the description.
"""

from __future__ import annotations

from datetime import datetime

from shared.audit import services as audit
from shared.auth.models import User
from shared.auth.roles import Role
from shared.cases.models import Case
from shared.cases.safeguarding_models import SafeguardingConcern
from shared.cases.services import CaseError, add_event, ensure_not_erased, notify_coordinators
from shared.db import utcnow
from shared.extensions import db

CATEGORIES = {
    "criminal_exploitation": "Criminal exploitation (including county lines)",
    "sexual_exploitation": "Sexual exploitation", "neglect": "Neglect",
    "physical_abuse": "Physical abuse", "sexual_abuse": "Sexual abuse",
    "emotional_abuse": "Emotional abuse", "domestic_abuse": "Domestic abuse",
    "self_harm": "Self-harm or suicide risk", "missing": "Missing from home or care",
    "radicalisation": "Radicalisation", "other": "Other",
}
URGENCIES = {"immediate": "Immediate: someone is in danger now", "today": "Act today",
             "soon": "Act within a few days"}
AGENCIES = {"childrens_social_care": "Children's social care", "mash": "MASH",
            "adult_safeguarding": "Adult safeguarding", "police": "Police"}
MAX_TEXT = 4000


def may_raise(case: Case, actor: User) -> bool:
    """A coordinator, or the partner holding the case, on a case not erased."""
    if case.person.is_erased:
        return False
    role = Role(actor.role)
    return role is Role.COORDINATOR or (
        role is Role.PARTNER and actor.organisation_id == case.partner_organisation_id)


def raise_concern(case: Case, actor: User, category: str, urgency: str,
                  description: str) -> SafeguardingConcern:
    """Record a concern and alert the coordinators of the case's programme at once."""
    _check_may(case, actor)
    if category not in CATEGORIES:
        raise CaseError("Choose the kind of concern", "category")
    if urgency not in URGENCIES:
        raise CaseError("Choose how urgent it is", "urgency")
    concern = SafeguardingConcern(case=case, category=category, urgency=urgency,
                                  raised_by_id=actor.id)
    concern.description = _text(description, "description", "what the concern is")
    db.session.add(concern)
    add_event(case, actor, "safeguarding",
              f"Safeguarding concern raised: {CATEGORIES[category].lower()}")
    db.session.flush()
    audit.record("create", "safeguarding_concern", concern.uuid, actor=actor,
                 detail=f"case {case.reference} urgency={urgency}")
    notify_coordinators(case, "safeguarding")
    return concern


def record_referral(concern: SafeguardingConcern, actor: User, agency: str, reference: str,
                    at: datetime) -> None:
    """Keep the statutory referral made: to whom, their reference, and when."""
    _check_may(concern.case, actor)
    if agency not in AGENCIES:
        raise CaseError("Choose who the referral went to", "agency")
    if at > utcnow() or at < concern.raised_at.replace(second=0, microsecond=0):
        raise CaseError("The referral time must be between the concern and now", "referred")
    concern.referred_to, concern.referred_at = agency, at
    concern.referral_reference = _text(reference, "reference", "their reference", 100)
    add_event(concern.case, actor, "safeguarding",
              f"Safeguarding referral made to {AGENCIES[agency].lower()}")
    audit.record("change", "safeguarding_concern", concern.uuid, actor=actor,
                 detail=f"referral to {agency}")


def resolve(concern: SafeguardingConcern, actor: User, outcome: str) -> None:
    """Close the concern with its outcome; the case stops showing it."""
    _check_may(concern.case, actor)
    if concern.resolved_at is not None:
        raise CaseError("This concern is already resolved")
    concern.outcome = _text(outcome, "outcome", "the outcome")
    concern.resolved_at, concern.resolved_by_id = utcnow(), actor.id
    add_event(concern.case, actor, "safeguarding", "Safeguarding concern resolved")
    audit.record("change", "safeguarding_concern", concern.uuid, actor=actor,
                 detail="resolved")


def open_concerns(case: Case) -> list[SafeguardingConcern]:
    """The case's concerns not yet resolved."""
    return [c for c in case.safeguarding_concerns if c.resolved_at is None]


def _check_may(case: Case, actor: User) -> None:
    ensure_not_erased(case)
    if not may_raise(case, actor):
        raise CaseError("Only the coordinator or the partner holding the case can do this")


def _text(value: str | None, field: str, what: str, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if not value:
        raise CaseError(f"Say {what}", field)
    if len(value) > limit:
        raise CaseError(f"Keep it to {limit} characters or fewer", field)
    return value
