"""Officer intake: a DIVERT referral becomes a person and a case; the officer gets a receipt."""

from __future__ import annotations

import uuid as uuid_module
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from divert.consent import CONSENT_VERSION
from divert.programmes import APP
from shared.audit import services as audit
from shared.auth.models import User
from shared.cases import choices
from shared.cases.models import Case
from shared.cases.references import new_reference
from shared.cases.services import CaseError, add_event
from shared.cases.states import Status
from shared.clock import today
from shared.db import once_per_submission, utcnow
from shared.extensions import db
from shared.people.ages import ADULT_AGE, age_band_for, age_on
from shared.people.services import create_person
from shared.reference.models import Bcu, Borough

MIN_AGE, MAX_AGE = APP.ages
PARENT_CARER_FIELDS = ("name", "relationship", "phone", "aware_of_referral")
PERSON_FIELDS = ("first_name", "last_name", "alias", "date_of_birth", "address", "postcode",
                 "phone", "email", "school_or_occupation", "gender", "ethnicity_group")


@dataclass
class Receipt:
    """What an officer sees of a referral: nothing about the case beyond its arrival."""

    uuid: uuid_module.UUID
    reference: str
    submitted_at: object
    status: str = "Received"


def check_age(date_of_birth: date, low: int = MIN_AGE, high: int = MAX_AGE) -> None:
    """Refuse a date of birth in the future or outside the programme's age band."""
    if date_of_birth > today():
        raise CaseError("Date of birth must be in the past", "date_of_birth")
    age = age_on(date_of_birth, today())
    if not low <= age <= high:
        raise CaseError(f"The young person must be aged {low} to {high}; this date of birth "
                        f"makes them {age}", "date_of_birth")


def is_child(date_of_birth: date) -> bool:
    """True when DATE_OF_BIRTH makes the young person under 18 today."""
    return age_on(date_of_birth, today()) < ADULT_AGE


def check_parent_carer(date_of_birth: date, parent_carer: dict | None) -> None:
    """Refuse an under-18 without the parent or carer's name, relationship and awareness."""
    check_age(date_of_birth)
    parent_carer = parent_carer or {}
    if is_child(date_of_birth) and not (
            parent_carer.get("name") and parent_carer.get("relationship")
            and isinstance(parent_carer.get("aware_of_referral"), bool)):
        raise CaseError("Give the parent or carer's details for a young person under 18",
                        "parent_carer")


def kept_parent_carer(date_of_birth: date, parent_carer: dict | None) -> dict | None:
    """The parent or carer details to store: none at all for an adult (data minimisation)."""
    if not parent_carer or not is_child(date_of_birth):
        return None
    return {name: parent_carer.get(name) for name in PARENT_CARER_FIELDS}


def submit_referral(officer: User, submission_id: uuid_module.UUID, data: dict) -> Receipt:
    """Create the person and the case from a validated form; a repeat returns the first."""
    return once_per_submission(lambda: _submit(officer, submission_id, data))


def _submit(officer: User, submission_id: uuid_module.UUID, data: dict) -> Receipt:
    existing = db.session.scalar(select(Case).where(Case.submission_id == submission_id))
    if existing is not None:
        if existing.referrer_id != officer.id:
            raise CaseError("This form was already used. Start a new referral.")
        return receipt_for(existing)
    if not data.get("consent"):
        raise CaseError("Confirm the young person agrees to be referred", "consent")
    check_parent_carer(data["date_of_birth"], data.get("parent_carer"))
    data = {**data, "parent_carer": kept_parent_carer(data["date_of_birth"],
                                                      data.get("parent_carer"))}
    case = _new_case(officer, submission_id, data)
    add_event(case, officer, "submitted", "Referral received from the DIVERT app",
              to_status=Status.SUBMITTED.value)
    audit.record("create", "case", case.uuid, actor=officer, detail="referral submitted")
    return receipt_for(case)


def _new_case(officer: User, submission_id, data: dict) -> Case:
    borough = db.session.get(Borough, data["borough_id"])
    bcu = db.session.get(Bcu, data["bcu_id"])
    if borough is None or bcu is None:
        raise CaseError("Choose a borough and a BCU from the lists", "borough_id")
    fields = {name: data.get(name) or None for name in PERSON_FIELDS}
    fields["date_of_birth"] = data["date_of_birth"]
    person = create_person(referred_on=today(), borough=borough, **fields)
    now = utcnow()
    case = Case(
        person=person, reference=new_reference(APP.code), submission_id=submission_id,
        programme=APP.code, route="officer_app", status=Status.SUBMITTED.value,
        referrer=officer, referrer_strand=_choice(data["strand"], choices.STRANDS, "strand"),
        bcu=bcu, borough=borough, submitted_at=now,
        age_band=age_band_for(data["date_of_birth"], today()),
        consent_given=True, consent_recorded_at=now, consent_recorded_by_id=officer.id,
        consent_wording_version=CONSENT_VERSION,
    )
    case.at_risk_as = _choice(data["at_risk_as"], choices.AT_RISK_AS, "at_risk_as")
    case.exploitation_concern = "yes" if data.get("exploitation_concern") else "no"
    case.concern = data["concern"]
    case.vulnerabilities = _choices(data.get("vulnerabilities"), choices.VULNERABILITIES)
    case.exploitation_indicators = _choices(data.get("exploitation_indicators"),
                                            choices.EXPLOITATION_INDICATORS)
    case.interests = data.get("interests") or None
    case.parent_carer = data.get("parent_carer") or None
    case.referrer_phone = data.get("referrer_phone") or None
    db.session.add(case)
    db.session.flush()
    return case


def receipt_for(case: Case) -> Receipt:
    """The receipt for a case."""
    return Receipt(case.uuid, case.reference, case.submitted_at)


def _receipt_query(officer: User):
    # Only these three columns ever leave for an officer: never the case itself.
    return (select(Case.uuid, Case.reference, Case.submitted_at)
            .where(Case.referrer_id == officer.id, Case.route == "officer_app"))


def receipts(officer: User) -> list[Receipt]:
    """The officer's own receipts, newest first: reference and date only."""
    rows = db.session.execute(_receipt_query(officer).order_by(Case.submitted_at.desc()))
    return [Receipt(*row) for row in rows]


def receipt(officer: User, case_uuid: uuid_module.UUID) -> Receipt | None:
    """One of the officer's receipts, or None (someone else's answers the same as missing).

    A refusal is audited here, so the page and the API record it alike.
    """
    row = db.session.execute(_receipt_query(officer).where(Case.uuid == case_uuid)).first()
    if row is None:
        audit.record_surviving("access_denied", "case", case_uuid, outcome="not_found")
        return None
    return Receipt(*row)


def _choice(value, allowed: dict, field: str):
    if value not in allowed:
        raise CaseError("Choose an option from the list", field)
    return value


def _choices(values, allowed: dict) -> list[str]:
    values = list(values or [])
    if set(values) - set(allowed):
        raise CaseError("Choose options from the list")
    return values
