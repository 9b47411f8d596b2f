"""Turning cases into API bodies, with the same rules as the case page."""

from __future__ import annotations

from flask_login import current_user

from shared.api import case_schemas as cs
from shared.api.schemas import Named
from shared.auth.roles import Role
from shared.cases.disclosure import identity_withheld
from shared.cases.models import Case
from shared.cases.page import TRANSITION_ROLES
from shared.cases.states import STATUS_LABELS, Status, allowed_transitions

PERSON_FIELDS = ("first_name", "last_name", "alias", "date_of_birth", "gender",
                 "ethnicity_group", "address", "postcode", "phone", "email",
                 "school_or_occupation")


def transitions_for(case: Case) -> list[str]:
    """The transitions the current user may make on CASE now (as the page offers them)."""
    role = Role(current_user.role)
    return [t for t in allowed_transitions(case.status) if TRANSITION_ROLES.get(t, role) is role]


def summary(case: Case) -> cs.CaseSummary:
    """A case without personal data."""
    partner = case.partner_organisation
    return cs.CaseSummary(
        id=case.uuid, reference=case.reference, programme=case.programme, status=case.status,
        status_label=STATUS_LABELS[Status(case.status)], submitted_at=case.submitted_at,
        age_band=case.age_band, risk_level=case.risk_level, priority=case.priority,
        partner_organisation=Named(id=partner.uuid, name=partner.name) if partner else None,
        allowed_transitions=transitions_for(case))


def detail(case: Case) -> cs.CaseDetail:
    """Everything about CASE that the case page shows; nothing personal once erased."""
    erased = case.person.is_erased
    sealed = {} if erased else {
        "at_risk_as": case.at_risk_as, "concern": case.concern,
        "exploitation_concern": {"yes": True, "no": False}.get(case.exploitation_concern),
        "vulnerabilities": case.vulnerabilities or [],
        "exploitation_indicators": case.exploitation_indicators or [],
        "interests": case.interests,
    }
    return cs.CaseDetail(
        **summary(case).model_dump(), **{"at_risk_as": None, "concern": None,
                                         "exploitation_concern": None, "interests": None,
                                         "vulnerabilities": [], "exploitation_indicators": [],
                                         **sealed},
        person=None if erased or identity_withheld(current_user, case) else _person(case.person),
        decision_reason=case.decision_reason, first_contact_at=case.first_contact_at,
        engaged=case.engaged, ete_outcome=case.ete_outcome,
        needs_addressed=(case.needs_addressed or "").split(",") if case.needs_addressed else [],
        closed_at=case.closed_at, closure_reason=case.closure_reason,
        plan=[_goal(goal, erased) for goal in case.goals],
        handoffs=[_handoff(h) for h in case.handoffs],
        contacts=[_contact(c, erased) for c in case.contacts],
        timeline=[cs.TimelineEntry(at=e.at, occurred_at=e.happened_at, kind=e.kind,
                                   summary=e.summary,
                                   from_status=e.from_status, to_status=e.to_status)
                  for e in case.events],
    )


def created(child, case: Case) -> cs.Created:
    """The answer to a POST that made something inside CASE."""
    return cs.Created(id=child.uuid, case=summary(case))


def _person(person) -> cs.Person:
    return cs.Person(id=person.uuid, **{name: getattr(person, name) for name in PERSON_FIELDS})


def _goal(goal, erased: bool) -> cs.PlanGoal:
    return cs.PlanGoal(id=goal.uuid, title=None if erased else goal.title, actions=[
        cs.PlanAction(id=a.uuid, description=None if erased else a.description, owner=a.owner,
                      due_date=a.due_date, status=a.status) for a in goal.actions])


def _handoff(handoff) -> cs.HandoffInfo:
    organisation = handoff.organisation
    return cs.HandoffInfo(id=handoff.uuid, organisation=Named(id=organisation.uuid,
                                                              name=organisation.name),
                          status=handoff.status, created_at=handoff.created_at,
                          decided_at=handoff.decided_at, decline_reason=handoff.decline_reason)


def _contact(contact, erased: bool) -> cs.ContactInfo:
    return cs.ContactInfo(
        id=contact.uuid, contact_date=contact.contact_date, kind=contact.kind,
        contact_at=contact.contact_at, duration_minutes=contact.duration_minutes,
        method=contact.method, attendance=contact.attendance, worker=contact.worker_role,
        place=None if erased else contact.place, notes=None if erased else contact.notes)
