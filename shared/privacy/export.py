"""Everything held about one person, gathered for a subject access request."""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from shared.audit import services as audit
from shared.audit.models import AuditEvent
from shared.cases import choices
from shared.cases.models import ROUTES, Case, Handoff
from shared.cases.plan_models import Goal
from shared.cases.states import STATUS_LABELS, Status
from shared.db import utcnow
from shared.extensions import db
from shared.people.models import IDENTITY_FIELDS, Person
from shared.privacy import article15, redaction
from shared.privacy.models import Rectification, SubjectAccessRequest
from shared.reference.models import Organisation
from shared.seams import labels, seams

CASE_FIELDS = ("at_risk_as", "exploitation_concern", "concern", "vulnerabilities",
               "exploitation_indicators", "interests", "parent_carer", "decision_note",
               "closure_note")


def export_for(request: SubjectAccessRequest, export_format: str) -> dict:
    """The copy released to the person: everything held, less what the DPO withheld, with the
    Article 15 supplementary information; audited as a disclosure (export)."""
    data = gather(request)
    redaction.apply(data, redaction.redactions(request))
    data["about_this_data"] = article15.supplementary(data)
    request.last_exported_at = utcnow()
    audit.record("export", "person", request.person.uuid,
                 detail=f"subject access {request.uuid} as {export_format}")
    return data


def gather(request: SubjectAccessRequest) -> dict:
    """Everything held about the request's person, before any item is withheld (not audited:
    the caller records why it looked)."""
    person = request.person
    cases = _cases(person)
    organisations = _organisation_names()
    data = {
        "generated_at": utcnow(),
        "request": {"reference": request.uuid, "received_on": request.received_on,
                    "due_on": request.due_on},
        "person": _person(person),
        "referrals": [_case(case, organisations) for case in cases],
        "disclosures": [_disclosure(h, case) for case in cases for h in case.handoffs],
        "rectifications": _rectifications(person),
        "audit": _audit(person, cases),
        **_programme_data(person),
    }
    return data


def _programme_data(person: Person) -> dict:
    """What each programme holds about PERSON in tables of its own (shared.seams.PersonData)."""
    sections = {}
    for data in seams().person_data:
        section = data.export(person) if data.export is not None else None
        if section is not None:
            sections[data.name] = section
    return sections


def programme_sections(data: dict) -> list[str]:
    """The names of the programmes' own sections present in an export."""
    return [d.name for d in seams().person_data if d.name in data]


def to_json(data: dict) -> str:
    """The export as indented JSON (dates as ISO 8601)."""
    return json.dumps(data, default=_json_default, ensure_ascii=False, indent=2)


def _json_default(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def _cases(person: Person) -> list[Case]:
    return list(db.session.scalars(
        select(Case).where(Case.person_id == person.id).order_by(Case.submitted_at, Case.id)
        .options(selectinload(Case.events), selectinload(Case.contacts),
                 selectinload(Case.handoffs).joinedload(Handoff.organisation),
                 selectinload(Case.goals).selectinload(Goal.actions))))


def _organisation_names() -> dict[int, str]:
    return dict(db.session.execute(select(Organisation.id, Organisation.name)).all())


def _person(person: Person) -> dict:
    identity = {name: getattr(person, name) for name in IDENTITY_FIELDS}
    return {"reference": person.uuid, **identity, "age_band": person.age_band,
            "gender": person.gender, "ethnicity_group": person.ethnicity_group,
            "borough": person.borough.name if person.borough else None,
            "first_recorded_at": person.created_at}


def _case(case: Case, organisations: dict[int, str]) -> dict:
    return {
        "reference": case.reference, "programme": labels().get(case.programme),
        "route": ROUTES.get(case.route), "received_at": case.submitted_at,
        "status": STATUS_LABELS[Status(case.status)],
        "lawful_basis": {"code": case.lawful_basis,
                         "description": choices.LAWFUL_BASES.get(case.lawful_basis)},
        "consent": {"agreed": case.consent_given, "recorded_at": case.consent_recorded_at,
                    "wording_version": case.consent_wording_version},
        "place": {"bcu": case.bcu.name if case.bcu else None,
                  "borough": case.borough.name if case.borough else None,
                  "custody_suite": case.custody_suite.name if case.custody_suite else None},
        "referrer_strand": choices.STRANDS.get(case.referrer_strand),
        "age_band_at_referral": case.age_band,
        **{name: getattr(case, name) for name in CASE_FIELDS},
        "triage": {"decided_at": case.triaged_at, "reason": case.decision_reason,
                   "risk_level": case.risk_level, "priority": case.priority},
        "plan": [_goal(goal) for goal in case.goals],
        "hand_offs": [_handoff(h) for h in case.handoffs],
        "contacts": [_contact(c, organisations) for c in case.contacts],
        "outcome": {"partner": organisations.get(case.partner_organisation_id),
                    "first_contact_on": case.first_contact_at, "engaged": case.engaged,
                    "needs_addressed": case.needs_addressed, "ete_outcome": case.ete_outcome,
                    "closed_at": case.closed_at, "closure_reason": case.closure_reason},
        "timeline": [{"at": e.at, "what": e.summary, "note": e.note} for e in case.events],
        # Earlier values of corrected records are the young person's data too.
        "corrections": [{"record": c.record_type, "corrected_at": c.corrected_at,
                         "reason": c.reason, "earlier_values": c.previous}
                        for c in getattr(case, "corrections", [])],
        "outcomes_over_time": [{"stage": r.stage, "on": r.reviewed_on, "answers": r.answers}
                               for r in getattr(case, "outcome_reviews", [])],
    }


def _goal(goal: Goal) -> dict:
    return {"goal": goal.title, "set_at": goal.created_at, "actions": [
        {"action": a.description, "owner": a.owner, "due_on": a.due_date, "status": a.status}
        for a in goal.actions]}


def _handoff(handoff: Handoff) -> dict:
    return {"organisation": handoff.organisation.name, "offered_at": handoff.created_at,
            "reason": handoff.reason, "status": handoff.status,
            "decided_at": handoff.decided_at, "decline_reason": handoff.decline_reason,
            "decline_note": handoff.decline_note}


def _contact(contact, organisations: dict[int, str]) -> dict:
    return {"on": contact.contact_date, "kind": choices.CONTACT_KINDS.get(contact.kind),
            "at": contact.contact_at, "minutes": contact.duration_minutes,
            "method": choices.CONTACT_METHODS.get(contact.method),
            "attendance": choices.CONTACT_ATTENDANCE.get(contact.attendance),
            "place": contact.place, "organisation": organisations.get(contact.organisation_id),
            "notes": contact.notes}


def _disclosure(handoff: Handoff, case: Case) -> dict:
    # A hand-off is when the young person's data went to another organisation.
    return {"organisation": handoff.organisation.name, "referral": case.reference,
            "sent_at": handoff.created_at, "answer": handoff.status,
            "answered_at": handoff.decided_at}


def _rectifications(person: Person) -> list[dict]:
    rows = db.session.scalars(select(Rectification).where(Rectification.person_id == person.id)
                              .order_by(Rectification.changed_at, Rectification.id))
    return [{"field": r.field, "old_value": r.old_value, "reason": r.reason,
             "changed_at": r.changed_at} for r in rows]


def audit_trail(person: Person, cases: list[Case]) -> list[AuditEvent]:
    """Audit events about PERSON or any of their cases, in order."""
    uuids = [person.uuid, *(case.uuid for case in cases)]
    return list(db.session.scalars(
        select(AuditEvent).where(or_(AuditEvent.object_uuid.in_(uuids)))
        .order_by(AuditEvent.seq)))


def _audit(person: Person, cases: list[Case]) -> list[dict]:
    # Staff are named by role and organisation: their identities are not the subject's data.
    return [{"at": e.at, "action": e.action, "record": e.object_type, "by_role": e.actor_role,
             "by_organisation": e.actor_organisation, "outcome": e.outcome}
            for e in audit_trail(person, cases)]
