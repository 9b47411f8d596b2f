"""Request and response bodies of the API, declared once; the OpenAPI document comes from them."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from functools import partial
from typing import Literal

from pydantic import Field

from divert import rules
from divert.rules import CONCERN_MAX, INTERESTS_MAX
from divert.rules import MAX_LENGTHS as INTAKE
from divert.services import MAX_AGE, MIN_AGE
from shared.api.fields import Out, Strict, checked, closed, text
from shared.cases import choices
from shared.cases.plan_models import ACTION_OWNERS, ACTION_STATUSES
from shared.cases.states import Status
from shared.people.models import ETHNICITY_GROUPS, GENDERS

NOTE_MAX, PLAN_TEXT_MAX, CONTACT_NOTES_MAX = 2000, 500, 4000

Gender = closed("Gender", GENDERS)
EthnicityGroup = closed("EthnicityGroup", ETHNICITY_GROUPS)
AtRiskAs = closed("AtRiskAs", choices.AT_RISK_AS)
Strand = closed("Strand", choices.STRANDS)
Vulnerability = closed("Vulnerability", choices.VULNERABILITIES)
ExploitationIndicator = closed("ExploitationIndicator", choices.EXPLOITATION_INDICATORS)
CaseStatus = closed("CaseStatus", [s.value for s in Status])
RiskLevel = closed("RiskLevel", choices.RISK_LEVELS)
TriageDecision = closed("TriageDecision", ("accept", "decline", "no_further_action"))
TriageReason = closed("TriageReason", {**choices.DECLINE_REASONS, **choices.NFA_REASONS})
ActionOwner = closed("ActionOwner", ACTION_OWNERS)
ActionStatus = closed("ActionStatus", ACTION_STATUSES)
HandoffDeclineReason = closed("HandoffDeclineReason", choices.HANDOFF_DECLINE_REASONS)
ContactKind = closed("ContactKind", choices.CONTACT_KINDS)
Need = closed("Need", choices.NEEDS)
EteOutcome = closed("EteOutcome", choices.ETE_OUTCOMES)
ClosureReason = closed("ClosureReason", choices.CLOSURE_REASONS)


class Problem(Out):
    """An error (RFC 9457), with the fields at fault in `errors`."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError]
    request_id: str


class FieldError(Out):
    """One refused field: its dotted path (null for the request as a whole) and why."""

    field: str | None
    message: str


Problem.model_rebuild()


# --- tokens -----------------------------------------------------------------------------------

class TokenRequest(Strict):
    """Sign in: email, password and, for coordinators, DPOs and admins, a TOTP code."""

    email: text(254)
    password: str = Field(min_length=1, max_length=1024)
    totp: text(10, required=False) | None = None


class TokenIssued(Out):
    """A new bearer token: shown once, never stored in the clear."""

    id: uuid.UUID
    token: str
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105  the scheme's name, not a secret
    expires_at: datetime


class TokenInfo(Out):
    """A live token, without its secret."""

    id: uuid.UUID
    user_email: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None


# --- referrals --------------------------------------------------------------------------------

# The intake's lengths and formats come from divert/rules.py, as the officer's form's do.
POSTCODE_HELP = "A UK postcode, like SE1 7PB; kept in capitals with one space"
PHONE_HELP = "A UK phone number, like 07700 900 982 or 020 7946 0000"


def _phone(name: str, what: str):
    return checked(INTAKE[name], partial(rules.phone, name=what), PHONE_HELP)


class ParentCarer(Strict):
    """The parent or carer of a young person under 18."""

    name: text(INTAKE["parent_name"])
    relationship: text(INTAKE["parent_relationship"])
    phone: _phone("parent_phone", "the parent or carer's phone number") | None = None
    aware_of_referral: bool


class ReferralRequest(Strict):
    """A DIVERT referral from an officer, with the young person present and consenting."""

    first_name: text(INTAKE["first_name"])
    last_name: text(INTAKE["last_name"])
    alias: text(INTAKE["alias"], required=False) | None = None
    date_of_birth: date
    gender: Gender | None = None
    ethnicity_group: EthnicityGroup | None = None
    address: text(INTAKE["address"], multiline=True, required=False) | None = None
    postcode: checked(INTAKE["postcode"], rules.postcode, POSTCODE_HELP) | None = None
    phone: _phone("phone", "the phone number") | None = None
    email: checked(INTAKE["email"], rules.email, "An email address") | None = None
    school_or_occupation: text(INTAKE["school_or_occupation"], required=False) | None = None
    borough: uuid.UUID = Field(description="A borough id from GET /api/v1/reference")
    bcu: uuid.UUID = Field(description="A BCU id from GET /api/v1/reference")
    parent_carer: ParentCarer | None = Field(None, description="Required under 18; "
                                             "ignored (not kept) for adults")
    at_risk_as: AtRiskAs
    exploitation_concern: bool
    concern: text(CONCERN_MAX, multiline=True)
    vulnerabilities: list[Vulnerability] = Field(default_factory=list, max_length=20)
    exploitation_indicators: list[ExploitationIndicator] = Field(default_factory=list,
                                                                 max_length=20)
    interests: text(INTERESTS_MAX, multiline=True, required=False) | None = None
    strand: Strand
    referrer_phone: _phone("referrer_phone", "your phone number") | None = None
    consent: Literal[True] = Field(description="The young person agrees to be referred")


class Receipt(Out):
    """What an officer sees of a referral: its reference and when it arrived."""

    id: uuid.UUID = Field(validation_alias="uuid")
    reference: str
    submitted_at: datetime
    status: str


# --- reference data ---------------------------------------------------------------------------

class Named(Out):
    """A reference item: its id and name."""

    id: uuid.UUID = Field(validation_alias="uuid")
    name: str


class ReferenceData(Out):
    """Boroughs and BCUs for a referral; partner organisations for a hand-off."""

    boroughs: list[Named]
    bcus: list[Named]
    partner_organisations: list[Named]
    age_band: tuple[int, int] = (MIN_AGE, MAX_AGE)
