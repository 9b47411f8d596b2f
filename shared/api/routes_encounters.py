"""Custody encounters over the API, for custody workers, through engage/services.py."""

from __future__ import annotations

import uuid
from datetime import UTC

from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from engage import choices, follow_up
from engage import services as engage
from engage.models import CustodyEncounter
from shared.api import encounter_schemas as es
from shared.api import pagination
from shared.api.blueprint import bp
from shared.api.problems import ApiProblem
from shared.api.registry import operation
from shared.api.schemas import Named
from shared.audit import services as audit
from shared.auth.roles import Role
from shared.cases.states import STATUS_LABELS, Status
from shared.extensions import db
from shared.reference.models import Borough, CustodySuite

WORKER = (Role.CUSTODY_WORKER,)
EncounterPage = pagination.page_model(es.Encounter)
# The service names its form's boxes; the API body nests the parent or carer.
SERVICE_FIELD_TO_BODY = {"parent_name": "parent.name", "parent_aware": "parent.aware",
                         "parent_consent": "parent.consent"}


@operation(bp, "GET", "/custody-suites", "Your custody suites and the ages you record",
           roles=WORKER, response=es.CustodySuites, tag="encounters", extra_errors=(422,))
def custody_suites():
    """The suites an encounter may name, with your programme's age range."""
    programme = _service(engage.programme_for, current_user)
    return es.CustodySuites(programme=programme, age_range=choices.AGE_RANGES[programme],
                            suites=[Named(id=s.uuid, name=s.name)
                                    for s in engage.suites_of(current_user)])


@operation(bp, "POST", "/encounters", "Record a custody encounter (an accepted offer becomes "
           "a case)", roles=WORKER, body=es.EncounterRequest, response=es.Encounter,
           status=201, tag="encounters")
def create_encounter(body: es.EncounterRequest):
    """The same checks as the custody page; a retry with its Idempotency-Key gets this answer."""
    encounter = _service(engage.record_encounter, current_user, uuid.uuid4(),
                         _encounter_data(body))
    return present(encounter)


@operation(bp, "GET", "/encounters", "Encounters at your custody suites, newest first",
           roles=WORKER, query=pagination.ListQuery, response=EncounterPage, tag="encounters")
def list_encounters(query: pagination.ListQuery):
    """Your suites' encounters for your programme, by the time they entered custody."""
    select_ = engage.scoped_encounters(current_user).options(
        joinedload(CustodyEncounter.custody_suite), joinedload(CustodyEncounter.bcu),
        joinedload(CustodyEncounter.borough), joinedload(CustodyEncounter.case))
    select_ = pagination.after(select_, CustodyEncounter.entered_at, CustodyEncounter.uuid,
                               pagination.decode(query.cursor)).limit(query.limit + 1)
    rows = db.session.scalars(select_).unique().all()
    items, next_link = pagination.page(rows, query.limit, lambda e: (e.entered_at, e.uuid))
    return EncounterPage(items=[present(e) for e in items], next=next_link)


@operation(bp, "GET", "/encounters/{encounter_id}", "One custody encounter", roles=WORKER,
           response=es.Encounter, tag="encounters")
def show_encounter(encounter_id: uuid.UUID):
    """The encounter; every view is audited, out of scope is 404 and audited."""
    found = engage.get_encounter_or_404(current_user, encounter_id)
    audit.record("view", "custody_encounter", found.uuid)
    return present(found)


@operation(bp, "POST", "/encounters/{encounter_id}/release", "Record the release time",
           roles=WORKER, body=es.ReleaseRequest, response=es.Encounter, tag="encounters")
def record_release(encounter_id: uuid.UUID, body: es.ReleaseRequest):
    """When they left custody; the follow-up falls due 24 to 48 hours later."""
    found = engage.get_encounter_or_404(current_user, encounter_id)
    _service(engage.record_release, current_user, found, body.released_at.astimezone(UTC))
    db.session.flush()
    return present(found)


@operation(bp, "POST", "/encounters/{encounter_id}/follow-up", "Record the follow-up meeting",
           roles=WORKER, body=es.FollowUpRequest, response=es.Encounter, tag="encounters")
def record_follow_up(encounter_id: uuid.UUID, body: es.FollowUpRequest):
    """When the meeting was, and whether it happened."""
    found = engage.get_encounter_or_404(current_user, encounter_id)
    _service(engage.record_follow_up, current_user, found, body.meeting_at.astimezone(UTC),
             body.held)
    db.session.flush()
    return present(found)


def present(encounter: CustodyEncounter) -> es.Encounter:
    """An encounter as its page shows it."""
    released, case = encounter.released_at, encounter.case
    held = encounter.follow_up_at if encounter.follow_up_held else None
    return es.Encounter(
        id=encounter.uuid, programme=encounter.programme,
        custody_suite=Named(id=encounter.custody_suite.uuid, name=encounter.custody_suite.name),
        bcu=Named(id=encounter.bcu.uuid, name=f"{encounter.bcu.name} ({encounter.bcu.code})"),
        borough=Named(id=encounter.borough.uuid, name=encounter.borough.name)
        if encounter.borough else None,
        entered_at=encounter.entered_at, age_band=encounter.age_band,
        accepted=encounter.accepted, episode=encounter.episode,
        offence_category=encounter.offence_category, police_outcome=encounter.police_outcome,
        liaison_diversion=encounter.liaison_diversion,
        parental_consent=encounter.parental_consent, released_at=released,
        follow_up_at=encounter.follow_up_at, follow_up_held=encounter.follow_up_held,
        follow_up_state=follow_up.follow_up_state(released, held) if encounter.accepted else None,
        follow_up_window=es.FollowUpWindow(**dict(zip(("opens", "closes"),
                                                      follow_up.window(released), strict=True)))
        if released and encounter.accepted else None,
        case=es.CaseLink(id=case.uuid, reference=case.reference, status=case.status,
                         status_label=STATUS_LABELS[Status(case.status)]) if case else None,
    )


def _encounter_data(body: es.EncounterRequest) -> dict:
    parent = body.parent or es.EncounterParent()
    return {
        "custody_suite_id": db.session.scalar(select(CustodySuite.id).where(
            CustodySuite.uuid == body.custody_suite)),
        "entered_at": body.entered_at.astimezone(UTC), "age": body.age,
        "accepted": body.accepted, "episode": body.episode.value,
        "offence_category": body.offence_category.value,
        "police_outcome": body.police_outcome.value if body.police_outcome else None,
        "liaison_diversion": body.liaison_diversion, "borough_id": _borough_id(body.borough),
        "first_name": body.first_name, "last_name": body.last_name,
        "date_of_birth": body.date_of_birth,
        "gender": body.gender.value if body.gender else None,
        "ethnicity_group": body.ethnicity_group.value if body.ethnicity_group else None,
        "appropriate_adult": body.appropriate_adult.value if body.appropriate_adult else None,
        "appropriate_adult_name": body.appropriate_adult_name,
        "parent": parent.model_dump(),
    }


def _borough_id(value: uuid.UUID | None) -> int | None:
    if value is None:
        return None
    found = db.session.scalar(select(Borough.id).where(Borough.uuid == value))
    if found is None:
        raise ApiProblem(422, errors=[{"field": "borough",
                                       "message": "Choose a borough from the list"}])
    return found


def _service(call, *args):
    """CALL(*ARGS); a refusal answers 422 naming the body's field, in the service's words."""
    try:
        return call(*args)
    except engage.EncounterError as refused:
        field = SERVICE_FIELD_TO_BODY.get(refused.field, refused.field)
        raise ApiProblem(422, str(refused), [{"field": field, "message": str(refused)}]) \
            from None
