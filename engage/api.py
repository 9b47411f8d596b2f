"""ENGAGE's API: custody encounters for custody workers, through engage/services.py. Answers
carry ids and closed-list values, never a name. Mounted on /api/v1 by engage.init_app."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from flask_login import current_user
from pydantic import AwareDatetime, Field
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from engage import choices, follow_up
from engage import services as engage
from engage.models import CustodyEncounter
from shared.api import pagination
from shared.api.case_schemas import CaseStatus
from shared.api.fields import Out, Strict, closed, text
from shared.api.problems import ApiProblem
from shared.api.registry import ApiRoutes
from shared.api.schemas import EthnicityGroup, Gender, Named
from shared.audit import services as audit
from shared.auth.roles import Role
from shared.cases.states import STATUS_LABELS, Status
from shared.extensions import db
from shared.reference.models import Borough, CustodySuite
from shared.seams import programme as programme_row

routes = ApiRoutes()

# The lengths of the custody page's boxes (engage/forms.py EncounterForm); a test keeps them
# equal to the form's.
ENCOUNTER_LENGTHS = {"first_name": 100, "last_name": 100, "appropriate_adult_name": 200,
                     "parent_name": 200, "parent_relationship": 100, "parent_phone": 20}
MAX_AGE_DIGITS = 999  # the page's age box holds three digits
MOMENT = ("An ISO 8601 date and time with its offset, e.g. 2026-11-26T21:30:00Z or "
          "2026-06-01T22:30:00+01:00")

Episode = closed("Episode", choices.EPISODES)
OffenceCategory = closed("OffenceCategory", choices.OFFENCES)
PoliceOutcome = closed("PoliceOutcome", choices.POLICE_OUTCOMES)
AppropriateAdult = closed("AppropriateAdult", choices.APPROPRIATE_ADULTS)
FollowUpState = closed("FollowUpState", follow_up.STATES)


def _optional(name: str):
    return text(ENCOUNTER_LENGTHS[name], required=False)


class EncounterParent(Strict):
    """The parent or carer of a child (ENGAGE only; ignored for DIVERT custody)."""

    name: _optional("parent_name") | None = None
    relationship: _optional("parent_relationship") | None = None
    phone: _optional("parent_phone") | None = None
    aware: bool | None = Field(None, description="Whether they know about the offer")
    consent: bool | None = Field(None, description="Consent to the follow-up meeting "
                                 "(required under 16 when the offer is accepted)")


class EncounterRequest(Strict):
    """An offer of a youth worker (or coach) in custody, as the custody page records it."""

    custody_suite: uuid.UUID = Field(description="One of your suites, from "
                                     "GET /api/v1/custody-suites")
    entered_at: AwareDatetime = Field(description=MOMENT)
    age: int = Field(ge=0, le=MAX_AGE_DIGITS, description="Whole years; 10-17 for ENGAGE, "
                     "18-25 for DIVERT custody")
    accepted: bool
    episode: Episode
    offence_category: OffenceCategory
    police_outcome: PoliceOutcome | None = Field(None, description="null: not known yet")
    liaison_diversion: bool
    borough: uuid.UUID | None = Field(None, description="A borough id from "
                                      "GET /api/v1/reference, or null if not known")
    first_name: _optional("first_name") | None = Field(None, description="Needed when "
                                                       "accepted; a decline keeps no name")
    last_name: _optional("last_name") | None = None
    date_of_birth: date | None = None
    gender: Gender | None = None
    ethnicity_group: EthnicityGroup | None = None
    appropriate_adult: AppropriateAdult | None = Field(None, description="ENGAGE, accepted")
    appropriate_adult_name: _optional("appropriate_adult_name") | None = None
    parent: EncounterParent | None = Field(None, description="ENGAGE, accepted: name, "
                                           "relationship and awareness are needed")


class ReleaseRequest(Strict):
    """When the person left custody."""

    released_at: AwareDatetime = Field(description=MOMENT)


class FollowUpRequest(Strict):
    """The follow-up meeting: when, and whether it happened."""

    meeting_at: AwareDatetime = Field(description=MOMENT)
    held: bool


class CaseLink(Out):
    """The case an accepted offer became: its reference and progress only."""

    id: uuid.UUID
    reference: str
    status: CaseStatus
    status_label: str


class FollowUpWindow(Out):
    """When the follow-up falls due: 24 to 48 elapsed hours after release."""

    opens: datetime
    closes: datetime


class Encounter(Out):
    """A custody encounter as its page shows it (coarse values; names stay in the case)."""

    id: uuid.UUID
    programme: str = Field(description="The custody programme's code, e.g. engage or "
                           "divert_custody")
    custody_suite: Named
    bcu: Named
    borough: Named | None
    entered_at: datetime
    age_band: str
    accepted: bool
    episode: Episode
    offence_category: OffenceCategory
    police_outcome: PoliceOutcome | None
    liaison_diversion: bool
    parental_consent: bool | None
    released_at: datetime | None
    follow_up_at: datetime | None
    follow_up_held: bool | None
    follow_up_state: FollowUpState | None = Field(description="null for a declined offer")
    follow_up_window: FollowUpWindow | None
    case: CaseLink | None


class CustodySuites(Out):
    """The custody suites you work at, and the programme and ages you record."""

    programme: str = Field(description="The custody programme's code, e.g. engage or "
                           "divert_custody")
    age_range: tuple[int, int]
    suites: list[Named]


# --- routes -------------------------------------------------------------------------------------

WORKER = (Role.CUSTODY_WORKER,)
EncounterPage = pagination.page_model(Encounter)
# The service names its form's boxes; the API body nests the parent or carer.
SERVICE_FIELD_TO_BODY = {"parent_name": "parent.name", "parent_aware": "parent.aware",
                         "parent_consent": "parent.consent"}


@routes.operation("GET", "/custody-suites", "Your custody suites and the ages you record",
                  roles=WORKER, response=CustodySuites, tag="encounters", extra_errors=(422,))
def custody_suites():
    """The suites an encounter may name, with your programme's age range."""
    programme = _service(engage.programme_for, current_user)
    return CustodySuites(programme=programme, age_range=programme_row(programme).ages,
                            suites=[Named(id=s.uuid, name=s.name)
                                    for s in engage.suites_of(current_user)])


@routes.operation("POST", "/encounters", "Record a custody encounter (an accepted offer becomes "
                  "a case)", roles=WORKER, body=EncounterRequest, response=Encounter,
                  status=201, tag="encounters")
def create_encounter(body: EncounterRequest):
    """The same checks as the custody page; a retry with its Idempotency-Key gets this answer."""
    encounter = _service(engage.record_encounter, current_user, uuid.uuid4(),
                         _encounter_data(body))
    return present(encounter)


@routes.operation("GET", "/encounters", "Encounters at your custody suites, newest first",
                  roles=WORKER, query=pagination.ListQuery, response=EncounterPage,
                  tag="encounters")
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


@routes.operation("GET", "/encounters/{encounter_id}", "One custody encounter", roles=WORKER,
                  response=Encounter, tag="encounters")
def show_encounter(encounter_id: uuid.UUID):
    """The encounter; every view is audited, out of scope is 404 and audited."""
    found = engage.get_encounter_or_404(current_user, encounter_id)
    audit.record("view", "custody_encounter", found.uuid)
    return present(found)


@routes.operation("POST", "/encounters/{encounter_id}/release", "Record the release time",
                  roles=WORKER, body=ReleaseRequest, response=Encounter, tag="encounters")
def record_release(encounter_id: uuid.UUID, body: ReleaseRequest):
    """When they left custody; the follow-up falls due 24 to 48 hours later."""
    found = engage.get_encounter_or_404(current_user, encounter_id)
    _service(engage.record_release, current_user, found, body.released_at.astimezone(UTC))
    db.session.flush()
    return present(found)


@routes.operation("POST", "/encounters/{encounter_id}/follow-up", "Record the follow-up meeting",
                  roles=WORKER, body=FollowUpRequest, response=Encounter, tag="encounters")
def record_follow_up(encounter_id: uuid.UUID, body: FollowUpRequest):
    """When the meeting was, and whether it happened."""
    found = engage.get_encounter_or_404(current_user, encounter_id)
    _service(engage.record_follow_up, current_user, found, body.meeting_at.astimezone(UTC),
             body.held)
    db.session.flush()
    return present(found)


def present(encounter: CustodyEncounter) -> Encounter:
    """An encounter as its page shows it."""
    released, case = encounter.released_at, encounter.case
    return Encounter(
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
        follow_up_state=follow_up.state_of(encounter) if encounter.accepted else None,
        follow_up_window=FollowUpWindow(**dict(zip(("opens", "closes"),
                                                      follow_up.window(released), strict=True)))
        if released and encounter.accepted else None,
        case=CaseLink(id=case.uuid, reference=case.reference, status=case.status,
                         status_label=STATUS_LABELS[Status(case.status)]) if case else None,
    )


def _encounter_data(body: EncounterRequest) -> dict:
    parent = body.parent or EncounterParent()
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
