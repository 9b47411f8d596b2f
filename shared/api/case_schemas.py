"""Case, plan, hand-off, contact and outcome bodies. POST answers carry no free text."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time

from pydantic import Field

from shared.api.fields import Out, Strict, text
from shared.api.schemas import (
    CONTACT_NOTES_MAX,
    NOTE_MAX,
    PLAN_TEXT_MAX,
    ActionOwner,
    ActionStatus,
    AtRiskAs,
    CaseStatus,
    ClosedReason,
    ClosureReason,
    ContactAttendance,
    ContactKind,
    ContactMethod,
    ContactWorker,
    EteOutcome,
    ExploitationIndicator,
    HandoffDeclineReason,
    Named,
    Need,
    RiskLevel,
    TriageDecision,
    TriageReason,
    Vulnerability,
)


class CaseSummary(Out):
    """A case without personal data: what a list or a change answers with."""

    id: uuid.UUID
    reference: str
    programme: str
    status: CaseStatus
    status_label: str
    submitted_at: datetime
    age_band: str | None
    risk_level: RiskLevel | None
    priority: int | None
    partner_organisation: Named | None
    allowed_transitions: list[str] = Field(
        description="The transitions this user may make now")


class Person(Out):
    """The young person (null once their data has been erased, and while a partner decides
    on a hand-off: their identity appears once the partner's organisation accepts)."""

    id: uuid.UUID
    first_name: str | None
    last_name: str | None
    alias: str | None
    date_of_birth: date | None
    gender: str | None
    ethnicity_group: str | None
    address: str | None
    postcode: str | None
    phone: str | None
    email: str | None
    school_or_occupation: str | None


class PlanAction(Out):
    """A step towards a goal."""

    id: uuid.UUID
    description: str | None
    owner: ActionOwner
    due_date: date
    status: ActionStatus


class PlanGoal(Out):
    """A goal of the action plan."""

    id: uuid.UUID
    title: str | None
    actions: list[PlanAction]


class HandoffInfo(Out):
    """An offer of the case to a partner."""

    id: uuid.UUID
    organisation: Named
    status: str
    created_at: datetime
    decided_at: datetime | None
    decline_reason: HandoffDeclineReason | None


class ContactInfo(Out):
    """A contact with the young person, by the coordinator, custody worker or partner."""

    id: uuid.UUID
    contact_date: date
    kind: ContactKind
    contact_at: datetime | None = None
    duration_minutes: int | None = None
    method: ContactMethod | None = None
    attendance: ContactAttendance | None = None
    worker: ContactWorker | None = None
    place: str | None = None
    notes: str | None


class TimelineEntry(Out):
    """A timeline entry: `occurred_at` is when it happened, `at` when it was recorded."""

    at: datetime
    occurred_at: datetime
    kind: str
    summary: str
    from_status: CaseStatus | None
    to_status: CaseStatus | None


class CaseDetail(CaseSummary):
    """Everything the case page shows, for the coordinator or the partner holding the case."""

    person: Person | None
    at_risk_as: AtRiskAs | None
    exploitation_concern: bool | None
    concern: str | None
    vulnerabilities: list[Vulnerability]
    exploitation_indicators: list[ExploitationIndicator]
    interests: str | None
    decision_reason: str | None
    first_contact_at: date | None
    engaged: bool | None
    needs_addressed: list[Need]
    ete_outcome: EteOutcome | None
    closed_at: datetime | None
    closure_reason: ClosedReason | None
    plan: list[PlanGoal]
    handoffs: list[HandoffInfo]
    contacts: list[ContactInfo]
    timeline: list[TimelineEntry]


class Created(Out):
    """The id of what was created, and the case it belongs to."""

    id: uuid.UUID
    case: CaseSummary


# --- requests ---------------------------------------------------------------------------------

class TriageRequest(Strict):
    """The coordinator's triage decision."""

    decision: TriageDecision
    risk_level: RiskLevel
    priority: int = Field(ge=1, le=3, description="1 urgent, 2 soon, 3 routine")
    reason: TriageReason | None = Field(None, description="Needed to decline or for NFA")
    note: text(NOTE_MAX, multiline=True, required=False) | None = None


class GoalRequest(Strict):
    """A new goal."""

    title: text(PLAN_TEXT_MAX)


class ActionRequest(Strict):
    """A new action under a goal."""

    description: text(PLAN_TEXT_MAX)
    owner: ActionOwner
    due_date: date


class ActionStatusRequest(Strict):
    """A new status for an action."""

    status: ActionStatus


class HandoffRequest(Strict):
    """Hand the case to a partner organisation."""

    organisation: uuid.UUID = Field(description="A partner organisation id from "
                                    "GET /api/v1/reference")
    reason: text(NOTE_MAX, multiline=True)


class DecisionRequest(Strict):
    """The partner's answer to a hand-off."""

    accept: bool
    decline_reason: HandoffDeclineReason | None = None
    note: text(NOTE_MAX, multiline=True, required=False) | None = None


class ContactRequest(Strict):
    """A contact with the young person: a type alone (older clients), or how and whether."""

    contact_date: date
    kind: ContactKind | None = None
    contact_time: time | None = Field(None, description="London time")
    duration_minutes: int | None = Field(None, ge=1, le=600)
    method: ContactMethod | None = None
    attendance: ContactAttendance | None = None
    place: text(200, required=False) | None = None
    notes: text(CONTACT_NOTES_MAX, multiline=True, required=False) | None = None


class OutcomeRequest(Strict):
    """Engagement, needs addressed and the education/training/employment outcome."""

    engaged: bool
    needs: list[Need] = Field(default_factory=list, max_length=10)
    ete_outcome: EteOutcome | None = None


class CloseRequest(Strict):
    """Close the case."""

    reason: ClosureReason
    note: text(NOTE_MAX, multiline=True, required=False) | None = None


class ReferBackRequest(Strict):
    """Send the young person back into triage."""

    note: text(NOTE_MAX, multiline=True, required=False) | None = None


class EmptyRequest(Strict):
    """No fields: send {} (or no body)."""
