"""Closed lists for custody encounters (domain.md, "custody context"), and the age bands."""

from __future__ import annotations

# The custody worker's organisation decides the programme: ENGAGE youth workers (local
# authority) see children 10-17; DIVERT custody coaches (the operator) see adults 18-25.
PROGRAMME_FOR_ORGANISATION_KIND = {"local_authority": "engage", "operator": "divert_custody"}
AGE_RANGES = {"engage": (10, 17), "divert_custody": (18, 25)}
PROGRAMME_LABELS = {"engage": "ENGAGE", "divert_custody": "DIVERT custody"}
# The same coarse bands as shared.people.models.AGE_BANDS.
AGE_BANDS = ((10, 13, "10-13"), (14, 17, "14-17"), (18, 21, "18-21"), (22, 25, "22-25"))
# Design rule: a child under this age needs a parent's or carer's consent to the follow-up.
PARENTAL_CONSENT_UNDER = 16
ADULT_AGE = 18

EPISODES = {"first": "First time in custody", "second": "Second time", "more": "More than twice"}
OFFENCES = {
    "weapons_possession": "Weapons possession", "drugs_possession": "Drugs possession",
    "theft": "Theft", "minor_assault": "Minor assault", "violence": "Violence", "other": "Other",
}
POLICE_OUTCOMES = {
    "nfa": "No further action", "community_resolution": "Community resolution",
    "youth_caution": "Youth caution", "rui": "Released under investigation", "bail": "Bail",
    "charged": "Charged",
}
APPROPRIATE_ADULTS = {
    "parent_carer": "Parent or carer", "social_worker": "Social worker",
    "volunteer": "Volunteer appropriate adult", "other": "Someone else",
}
COVERAGE_STATUSES = {"delivering": "Delivering", "planned": "Planned", "absent": "Absent"}


def band_for_age(age: int) -> str | None:
    """The coarse age band for a whole-years age (None outside 10-25)."""
    return next((band for low, high, band in AGE_BANDS if low <= age <= high), None)
