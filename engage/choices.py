"""Closed lists for custody encounters (domain.md, "custody context")."""

from __future__ import annotations

# The custody worker's organisation decides the programme: ENGAGE youth workers (local
# authority) see children 10-17; DIVERT custody coaches (the operator) see adults 18-25.
PROGRAMME_FOR_ORGANISATION_KIND = {"local_authority": "engage", "operator": "divert_custody"}
AGE_RANGES = {"engage": (10, 17), "divert_custody": (18, 25)}
PROGRAMME_LABELS = {"engage": "ENGAGE", "divert_custody": "DIVERT custody"}
# Design rule: a child under this age needs a parent's or carer's consent to the follow-up.
PARENTAL_CONSENT_UNDER = 16

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
