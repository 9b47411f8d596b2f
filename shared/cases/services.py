"""Every change of a case's state, in one place: each writes a timeline entry and the audit."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from shared.audit import services as audit
from shared.auth.models import User
from shared.cases import choices
from shared.cases.models import Case, CaseEvent, Contact, Handoff
from shared.cases.states import (
    ERASED_ONLY,
    STATUS_LABELS,
    Status,
    TransitionRefused,
    target_status,
)
from shared.db import utcnow
from shared.extensions import db
from shared.notifications.inbox import notify_role
from shared.reference.models import Organisation
from shared.refusals import ServiceError
from shared.seams import programme


class CaseError(ServiceError):
    """A refused change, with a message fit to show the person and the field at fault."""


MAX_CONTACT_NOTES = 4000


class HandoffAlreadyDecided(CaseError):
    """Someone else answered the hand-off first (or it was withdrawn)."""


def add_event(case: Case, actor: User | None, kind: str, summary: str, note: str | None = None,
              from_status: str | None = None, to_status: str | None = None,
              occurred_at: datetime | None = None) -> CaseEvent:
    """Append a timeline entry (the summary is built from closed lists, never free text).

    OCCURRED_AT is when the thing happened, where that is not the moment it is recorded.
    """
    event = CaseEvent(case=case, actor=actor, kind=kind, summary=summary[:200],
                      from_status=from_status, to_status=to_status, occurred_at=occurred_at)
    if note:
        event.note = note
    db.session.add(event)
    return event


def transition(case: Case, name: str, actor: User | None, summary: str,
               note: str | None = None) -> Status:
    """Move CASE along transition NAME, refusing if another request moved it first."""
    if name not in ERASED_ONLY:
        ensure_not_erased(case)
    old = Status(case.status)
    new = target_status(name, old)
    db.session.flush()
    # Conditional on the old status: of two concurrent requests exactly one changes the row.
    changed = db.session.execute(
        update(Case).where(Case.id == case.id, Case.status == old.value)
        .values(status=new.value).execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        db.session.refresh(case)
        raise TransitionRefused(name, Status(case.status))
    set_committed_value(case, "status", new.value)
    add_event(case, actor, name, summary, note, old.value, new.value)
    audit.record("change", "case", case.uuid, actor=actor, detail=f"transition={name}")
    return new


def triage(case: Case, actor: User, decision: str, risk_level: str, priority: int,
           reason: str | None = None, note: str | None = None) -> None:
    """Record the coordinator's decision: accepted, declined (reason) or no further action."""
    _check_choice(risk_level, choices.RISK_LEVELS, "risk_level", "a risk level")
    _check_choice(priority, choices.PRIORITIES, "priority", "a priority")
    reasons = {"decline": choices.DECLINE_REASONS, "no_further_action": choices.NFA_REASONS}
    if decision not in ("accept", *reasons):
        raise CaseError("Choose accept, decline or no further action", "decision")
    if decision in reasons:
        _check_choice(reason, reasons[decision], "reason", "a reason")
    label = STATUS_LABELS[target_status(decision, case.status)]
    transition(case, decision, actor, f"Triaged: {label.lower()} (risk {risk_level})", note)
    first_triage = case.triaged_at is None
    case.risk_level, case.priority, case.decision_reason = risk_level, priority, reason
    if first_triage:
        case.triaged_at, case.triaged_by_id = utcnow(), actor.id
    if decision == "accept" and case.coordinator_id is None:
        case.coordinator_id = actor.id  # the named coordinator (shared/worklists/assignment.py)
    if note:
        case.decision_note = note


def agree_plan(case: Case, actor: User) -> None:
    """Agree the action plan; it needs at least one goal with an action."""
    goals = getattr(case, "goals", [])
    if not any(goal.actions for goal in goals):
        raise CaseError("Add at least one goal with an action before agreeing the plan")
    transition(case, "agree_plan", actor, "Action plan agreed")


def hand_off(case: Case, actor: User, organisation: Organisation, reason: str) -> Handoff:
    """Offer the case to a partner organisation, which is told by email (reference only)."""
    if organisation is None or organisation.kind != "partner" or not organisation.active:
        raise CaseError("Choose a partner organisation from the list", "organisation")
    _check_text(reason, "reason", "why you are handing this case to them")
    transition(case, "hand_off", actor, f"Handed off to {organisation.name}")
    handoff = Handoff(case=case, organisation=organisation, created_by_id=actor.id)
    handoff.reason = reason
    db.session.add(handoff)
    case.partner_organisation = organisation
    audit.record("disclose", "case", case.uuid, actor=actor,
                 detail=f"handoff to {organisation.code}")
    notify_role(organisation.id, "partner", "handoff", case.reference, f"/cases/{case.uuid}")
    return handoff


def withdraw_hand_off(case: Case, actor: User) -> None:
    """Take back a pending hand-off before the partner answers."""
    handoff = case.pending_handoff
    if handoff is None or not _settle(handoff, "withdrawn", actor):
        raise HandoffAlreadyDecided("The partner has already answered this hand-off")
    transition(case, "withdraw_hand_off", actor,
               f"Hand-off to {handoff.organisation.name} withdrawn")
    case.partner_organisation = None


def decide_hand_off(case: Case, actor: User, accept: bool, decline_reason: str | None = None,
                    note: str | None = None) -> None:
    """The partner accepts, or declines with a reason; only the first answer counts."""
    handoff = case.pending_handoff
    if not accept:
        _check_choice(decline_reason, choices.HANDOFF_DECLINE_REASONS, "decline_reason",
                      "a reason")
    if handoff is None or handoff.organisation_id != actor.organisation_id or not _settle(
            handoff, "accepted" if accept else "declined", actor):
        raise HandoffAlreadyDecided("Someone has already answered this hand-off. "
                                    "Reload the case to see the decision.")
    name = actor.organisation.name
    if accept:
        transition(case, "partner_accept", actor, f"Hand-off accepted by {name}")
        case.worker_id = case.worker_id or actor.id  # the named youth worker
    else:
        handoff.decline_reason = decline_reason
        if note:
            handoff.decline_note = note
        label = choices.HANDOFF_DECLINE_REASONS[decline_reason].lower()
        transition(case, "partner_decline", actor, f"Hand-off declined by {name}: {label}", note)
        case.partner_organisation, case.worker_id = None, None
    notify_coordinators(case, "handoff_accepted" if accept else "handoff_declined")


def close(case: Case, actor: User, reason: str, note: str | None = None) -> None:
    """Close the case with a reason from the list."""
    _check_choice(reason, choices.CLOSURE_REASONS, "reason", "a reason")
    transition(case, "close", actor, f"Closed: {choices.CLOSURE_REASONS[reason].lower()}", note)
    case.closed_at, case.closure_reason = utcnow(), reason
    if note:
        case.closure_note = note


def close_erased(case: Case, actor: User) -> None:
    """Close the case of an erased young person with the 'erased' reason, out of every queue."""
    if not case.person.is_erased:
        raise CaseError("Only the case of a young person whose details were erased closes so")
    handoff = case.pending_handoff
    if handoff is not None:
        _settle(handoff, "withdrawn", actor)
    transition(case, "close_erased", actor, "Closed: young person's details erased")
    case.closed_at, case.closure_reason = utcnow(), "erased"
    case.partner_organisation = None


def refer_back(case: Case, actor: User, note: str | None = None) -> None:
    """Send the young person back into triage; the partner no longer holds the case."""
    transition(case, "refer_back", actor, "Referred back for triage", note)
    case.partner_organisation, case.worker_id = None, None
    notify_coordinators(case, "referred_back")


def record_outcome(case: Case, actor: User, engaged: bool, needs: list[str],
                   ete_outcome: str | None) -> None:
    """Record engagement, needs addressed and the education/training/employment outcome."""
    ensure_not_erased(case)
    unknown = set(needs) - set(choices.NEEDS)
    if unknown:
        raise CaseError("Choose needs from the list", "needs")
    if ete_outcome is not None:
        _check_choice(ete_outcome, choices.ETE_OUTCOMES, "ete_outcome", "an outcome")
    case.engaged, case.ete_outcome = engaged, ete_outcome
    case.needs_addressed = ",".join(sorted(needs)) or None
    add_event(case, actor, "outcome", "Outcome recorded: "
              + ("engaged" if engaged else "not engaged"))
    audit.record("change", "case", case.uuid, actor=actor, detail="outcome")


def ensure_not_erased(case: Case) -> None:
    """Refuse any change to the case of a person whose details were erased."""
    if case.person.is_erased:
        raise CaseError("This young person's details have been erased: the case cannot change")


def _settle(handoff: Handoff, status: str, actor: User) -> bool:
    """Answer a pending hand-off atomically; False if it was no longer pending."""
    db.session.flush()
    changed = db.session.execute(
        update(Handoff).where(Handoff.id == handoff.id, Handoff.status == "pending")
        .values(status=status, decided_at=utcnow(), decided_by_id=actor.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(handoff)
    return changed == 1


def notify_coordinators(case: Case, kind: str) -> None:
    """Notify the coordinators of the programme the case belongs to (inbox, and email by
    their choice)."""
    kinds = programme(case.programme).organisation_kinds
    for organisation in db.session.scalars(select(Organisation).where(
            Organisation.kind.in_(kinds), Organisation.active)):
        notify_role(organisation.id, "coordinator", kind, case.reference,
                    f"/cases/{case.uuid}")


def _check_choice(value, allowed: dict, field: str, what: str) -> None:
    if value not in allowed:
        raise CaseError(f"Choose {what} from the list", field)


def _check_text(value: str | None, field: str, what: str, limit: int = 2000) -> None:
    if not value or not value.strip():
        raise CaseError(f"Say {what}", field)
    if len(value) > limit:
        raise CaseError(f"Keep it to {limit} characters or fewer", field)


def log_contact(case: Case, actor: User, contact_date: date, kind: str,
                notes: str | None) -> Contact:
    """Record a contact by date and type (the API's form); see shared/cases/contacts.py."""
    from shared.cases import contacts  # contacts builds on this module

    return contacts.log_legacy(case, actor, contact_date, kind, notes)
