"""Custody encounters: record the offer, the release and the follow-up; callers commit.

The under-16 rule (our design): an offer accepted by a child under 16 on the day they entered
custody is recorded only with a parent's or carer's consent to the follow-up meeting. At 16
and 17 the child's own agreement is enough: the parent's awareness is recorded, and their
consent if given. Adults (DIVERT custody, 18-25) have no parent or carer fields at all.
"""

from __future__ import annotations

import uuid as uuid_module
from datetime import datetime

from flask import abort
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from engage import choices
from engage.follow_up import STATES, state_of
from engage.models import CustodyEncounter
from shared import seams
from shared.audit import services as audit
from shared.audit.services import record_surviving
from shared.auth.models import User
from shared.auth.roles import Role
from shared.cases import contacts
from shared.cases.models import Case
from shared.cases.references import new_reference
from shared.cases.services import CaseError, add_event, notify_coordinators
from shared.cases.states import Status
from shared.clock import london_date
from shared.db import once_per_submission, utcnow
from shared.extensions import db
from shared.people.ages import age_on, band_for_age
from shared.people.services import create_person
from shared.reference import suites
from shared.reference.models import Borough, CustodySuite
from shared.seams import custody_programme_for

CONSENT_VERSION = "engage-2026-11-v1"
PERSON_FIELDS = ("first_name", "last_name", "date_of_birth", "gender", "ethnicity_group")
PARENT_FIELDS = ("name", "relationship", "phone")
# Lists show each encounter's suite and case reference: load them in two queries, not 2 per row.
_LIST_LOADS = (selectinload(CustodyEncounter.custody_suite), selectinload(CustodyEncounter.case))
# The follow-up groups still to do: the list names these children and shows a phone to call.
TO_DO = ("overdue", "due_today", "upcoming", "in_custody")


class EncounterError(CaseError):
    """A refused encounter change, with a message fit to show and the field at fault."""


def programme_for(user: User) -> str:
    """The custody programme a worker records for, decided by their organisation's kind
    (ENGAGE youth workers of a local authority; DIVERT custody coaches of the operator)."""
    programme = custody_programme_for(user.organisation.kind)
    if programme is None:
        raise EncounterError("Your organisation does not run a custody programme")
    return programme


def suites_of(user: User) -> list[CustodySuite]:
    """The custody suites USER works at, by name."""
    return suites.suites_of(user.id)


def check_age(programme: str, age: int | None) -> None:
    """Refuse an age outside the programme's band, naming the age."""
    low, high = seams.programme(programme).ages
    if age is None or not low <= age <= high:
        raise EncounterError(f"{seams.programme(programme).label} is for people aged {low} "
                             f"to {high}; the age given is {age}", "age")


def check_parental_consent(age: int, accepted: bool, parent_consent: bool | None) -> None:
    """The under-16 rule: an accepted offer below 16 needs a parent's consent to follow up."""
    if accepted and age < choices.PARENTAL_CONSENT_UNDER and parent_consent is not True:
        raise EncounterError("A child under 16 needs a parent's or carer's consent to the "
                             "follow-up meeting. Record their consent, or record the offer as "
                             "declined", "parent_consent")


def record_encounter(worker: User, submission_id: uuid_module.UUID,
                     data: dict) -> CustodyEncounter:
    """Record an offer in custody; an accepted one becomes a person and a case to triage."""
    return once_per_submission(lambda: _record(worker, submission_id, data))


def _record(worker: User, submission_id: uuid_module.UUID, data: dict) -> CustodyEncounter:
    existing = db.session.scalar(select(CustodyEncounter).where(
        CustodyEncounter.submission_id == submission_id))
    if existing is not None:
        if existing.recorded_by_id != worker.id:
            raise EncounterError("This form was already used. Start a new encounter.")
        return existing
    programme = programme_for(worker)
    suite = _worker_suite(worker, data["custody_suite_id"])
    _check(programme, data)
    encounter = CustodyEncounter(
        submission_id=submission_id, programme=programme, custody_suite=suite, bcu=suite.bcu,
        borough=_borough(data.get("borough_id")), entered_at=data["entered_at"],
        age_band=band_for_age(data["age"]), accepted=bool(data["accepted"]),
        episode=_choice(data["episode"], choices.EPISODES, "episode"),
        offence_category=_choice(data["offence_category"], choices.OFFENCES,
                                 "offence_category"),
        police_outcome=_optional_choice(data.get("police_outcome"), choices.POLICE_OUTCOMES,
                                        "police_outcome"),
        liaison_diversion=bool(data.get("liaison_diversion")), recorded_by=worker,
        parental_consent=_consent_flag(programme, data),
    )
    if data.get("released_at") is not None:
        _check_release(encounter, data["released_at"])
        encounter.released_at = data["released_at"]
    db.session.add(encounter)
    if encounter.accepted:
        encounter.case = _new_case(worker, encounter, data)
    db.session.flush()
    audit.record("create", "custody_encounter", encounter.uuid,
                 detail="offer accepted" if encounter.accepted else "offer declined")
    return encounter


def _check(programme: str, data: dict) -> None:
    check_age(programme, data.get("age"))
    if data["entered_at"] > utcnow():
        raise EncounterError("The time they entered custody cannot be in the future",
                             "entered_at")
    if not data["accepted"]:
        return
    dob = data.get("date_of_birth")
    if dob is not None:
        actual = age_on(dob, london_date(data["entered_at"]))
        if actual != data["age"]:
            raise EncounterError(f"The date of birth makes them {actual} on the day they "
                                 f"entered custody, but the age given is {data['age']}",
                                 "date_of_birth")
    if not (data.get("first_name") and data.get("last_name")):
        raise EncounterError("Enter the name of the person who accepted the offer",
                             "first_name")
    if seams.programme(programme).for_children:
        _check_parent(data)


def _check_parent(data: dict) -> None:
    parent = data.get("parent") or {}
    if not (parent.get("name") and parent.get("relationship")):
        raise EncounterError("Enter the parent's or carer's name and relationship",
                             "parent_name")
    if parent.get("aware") is None:
        raise EncounterError("Say whether the parent or carer knows about the offer",
                             "parent_aware")
    if data.get("appropriate_adult") not in choices.APPROPRIATE_ADULTS:
        raise EncounterError("Choose who acted as the appropriate adult", "appropriate_adult")
    check_parental_consent(data["age"], True, parent.get("consent"))


def _consent_flag(programme: str, data: dict) -> bool | None:
    # Declines keep nothing about the family; adults have no parent fields.
    if not seams.programme(programme).for_children or not data["accepted"]:
        return None
    return (data.get("parent") or {}).get("consent")


def _new_case(worker: User, encounter: CustodyEncounter, data: dict) -> Case:
    fields = {name: data.get(name) or None for name in PERSON_FIELDS}
    person = create_person(referred_on=london_date(encounter.entered_at),
                           borough=encounter.borough, age_band=encounter.age_band, **fields)
    now = utcnow()
    case = Case(
        person=person, reference=new_reference(encounter.programme),
        programme=encounter.programme, route="custody", status=Status.SUBMITTED.value,
        referrer=worker, referrer_strand="custody", custody_suite=encounter.custody_suite,
        bcu=encounter.bcu, borough=encounter.borough, age_band=encounter.age_band,
        submitted_at=now, consent_given=True, consent_recorded_at=now,
        consent_recorded_by_id=worker.id, consent_wording_version=CONSENT_VERSION,
    )
    case.parent_carer = _parent_carer(encounter.programme, data)
    db.session.add(case)
    db.session.flush()
    add_event(case, worker, "submitted",
              f"Custody encounter at {encounter.custody_suite.name}: offer accepted",
              to_status=Status.SUBMITTED.value)
    audit.record("create", "case", case.uuid, detail="custody encounter")
    notify_coordinators(case, "custody_case")
    return case


def _parent_carer(programme: str, data: dict) -> dict | None:
    if not seams.programme(programme).for_children:
        return None
    parent = data["parent"]
    yes_no = {True: "Yes", False: "No", None: "Not recorded"}
    return {**{name: parent.get(name) or None for name in PARENT_FIELDS},
            "aware": yes_no[parent.get("aware")],
            "consent_to_follow_up": yes_no[parent.get("consent")],
            "appropriate_adult": choices.APPROPRIATE_ADULTS[data["appropriate_adult"]],
            "appropriate_adult_name": data.get("appropriate_adult_name") or None}


def record_release(worker: User, encounter: CustodyEncounter, released_at: datetime) -> None:
    """Record when the person left custody; the follow-up falls due 24-48 hours later."""
    _check_release(encounter, released_at)
    encounter.released_at = released_at
    audit.record("change", "custody_encounter", encounter.uuid, detail="release recorded")
    if encounter.case is not None:
        add_event(encounter.case, worker, "released", "Released from custody",
                  occurred_at=released_at)


def record_follow_up(worker: User, encounter: CustodyEncounter, at: datetime,
                     held: bool) -> None:
    """Record the follow-up meeting: when, and whether it happened."""
    if not encounter.accepted:
        raise EncounterError("There is no follow-up for a declined offer")
    if encounter.released_at is None:
        raise EncounterError("Record the release time first", "released_at")
    if at < encounter.released_at:
        raise EncounterError("The meeting cannot be before the release", "meeting_at")
    if at > utcnow():
        raise EncounterError("The meeting cannot be in the future", "meeting_at")
    encounter.follow_up_at, encounter.follow_up_held = at, held
    audit.record("change", "custody_encounter", encounter.uuid,
                 detail="follow-up held" if held else "follow-up did not happen")
    if encounter.case is not None:
        add_event(encounter.case, worker, "follow_up", "Follow-up meeting "
                  + ("held" if held else "did not happen"), occurred_at=at)
        # The meeting is the custody worker's contact: a held one can be the first contact.
        contacts.record_follow_up(encounter.case, worker, at, held)


def _check_release(encounter: CustodyEncounter, released_at: datetime) -> None:
    if released_at < encounter.entered_at:
        raise EncounterError("The release cannot be before they entered custody",
                             "released_at")
    if released_at > utcnow():
        raise EncounterError("The release time cannot be in the future", "released_at")


def scoped_encounters(user: User) -> Select:
    """SELECT of the encounters USER may see: a worker's own suites and programme only."""
    if Role(user.role) is not Role.CUSTODY_WORKER:
        return select(CustodyEncounter).where(CustodyEncounter.id.is_(None))
    programme = custody_programme_for(user.organisation.kind)
    return select(CustodyEncounter).where(
        CustodyEncounter.custody_suite_id.in_(suites.suite_ids_of(user.id)),
        CustodyEncounter.programme == programme)


def get_encounter_or_404(user: User, encounter_uuid) -> CustodyEncounter:
    """The encounter if USER may see it; otherwise 404 (the same as missing), audited."""
    try:
        parsed = uuid_module.UUID(str(encounter_uuid))
    except ValueError:
        parsed = None
    found = None if parsed is None else db.session.scalar(
        scoped_encounters(user).where(CustodyEncounter.uuid == parsed))
    if found is None:
        record_surviving("access_denied", "custody_encounter", parsed, outcome="out_of_scope")
        abort(404)
    return found


def dashboard(user: User, now: datetime | None = None) -> dict[str, list[CustodyEncounter]]:
    """The worker's accepted encounters grouped by follow-up state (follow_up_state)."""
    now = now or utcnow()
    groups: dict[str, list[CustodyEncounter]] = {state: [] for state in STATES}
    query = scoped_encounters(user).where(CustodyEncounter.accepted.is_(True)).order_by(
        CustodyEncounter.released_at, CustodyEncounter.entered_at).options(*_LIST_LOADS)
    for encounter in db.session.scalars(query):
        groups[state_of(encounter, now)].append(encounter)
    return groups


def recent_encounters(user: User, limit: int = 50) -> list[CustodyEncounter]:
    """The latest encounters at the worker's suites, newest first."""
    query = (scoped_encounters(user).order_by(CustodyEncounter.entered_at.desc()).limit(limit)
             .options(*_LIST_LOADS))
    return list(db.session.scalars(query))


def _worker_suite(worker: User, suite_id) -> CustodySuite:
    suite = db.session.scalar(select(CustodySuite).where(
        CustodySuite.id == suite_id, CustodySuite.id.in_(suites.suite_ids_of(worker.id)),
        CustodySuite.active.is_(True)))
    if suite is None:
        raise EncounterError("Choose one of your custody suites", "custody_suite")
    return suite


def _borough(borough_id) -> Borough | None:
    if borough_id is None:
        return None
    borough = db.session.get(Borough, borough_id)
    if borough is None:
        raise EncounterError("Choose a borough from the list", "borough")
    return borough


def _choice(value, allowed: dict, field: str):
    if value not in allowed:
        raise EncounterError("Choose an option from the list", field)
    return value


def _optional_choice(value, allowed: dict, field: str):
    return None if value in (None, "") else _choice(value, allowed, field)
