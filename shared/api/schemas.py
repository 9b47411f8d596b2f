"""Request and response bodies of the API, declared once; the OpenAPI document comes from them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from shared.api.fields import Out, Strict, closed, text
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
ContactMethod = closed("ContactMethod", choices.CONTACT_METHODS)
ContactAttendance = closed("ContactAttendance", choices.CONTACT_ATTENDANCE)
ContactWorker = closed("ContactWorker", choices.CONTACT_WORKERS)
Need = closed("Need", choices.NEEDS)
EteOutcome = closed("EteOutcome", choices.ETE_OUTCOMES)
ClosureReason = closed("ClosureReason", choices.CLOSURE_REASONS)
ClosedReason = closed("ClosedReason", {**choices.CLOSURE_REASONS, **choices.ERASED_CLOSURE})


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


# --- reference data ---------------------------------------------------------------------------

class Named(Out):
    """A reference item: its id and name."""

    id: uuid.UUID = Field(validation_alias="uuid")
    name: str
