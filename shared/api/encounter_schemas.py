"""Custody encounter bodies. Answers carry ids and closed-list values, never a name."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import AwareDatetime, Field

from engage import choices
from shared.api.case_schemas import CaseStatus
from shared.api.fields import Out, Strict, closed, text
from shared.api.schemas import EthnicityGroup, Gender, Named

# The lengths of the custody page's boxes (engage/forms.py EncounterForm); a test keeps them
# equal to the form's.
ENCOUNTER_LENGTHS = {"first_name": 100, "last_name": 100, "appropriate_adult_name": 200,
                     "parent_name": 200, "parent_relationship": 100, "parent_phone": 20}
MAX_AGE_DIGITS = 999  # the page's age box holds three digits
MOMENT = ("An ISO 8601 date and time with its offset, e.g. 2026-11-26T21:30:00Z or "
          "2026-06-01T22:30:00+01:00")

CustodyProgramme = closed("CustodyProgramme", choices.PROGRAMME_LABELS)
Episode = closed("Episode", choices.EPISODES)
OffenceCategory = closed("OffenceCategory", choices.OFFENCES)
PoliceOutcome = closed("PoliceOutcome", choices.POLICE_OUTCOMES)
AppropriateAdult = closed("AppropriateAdult", choices.APPROPRIATE_ADULTS)
FollowUpState = closed("FollowUpState", ("in_custody", "upcoming", "due_today", "overdue",
                                         "met", "late"))


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
    programme: CustodyProgramme
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

    programme: CustodyProgramme
    age_range: tuple[int, int]
    suites: list[Named]
