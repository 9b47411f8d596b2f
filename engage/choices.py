"""Closed lists for custody encounters (domain.md, "custody context")."""

from __future__ import annotations

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
