"""Synthetic young people and referral details from Faker (en_GB), seeded for repeatable runs."""

from __future__ import annotations

import random
from datetime import date

from faker import Faker

from divert.demo import story
from shared.cases import choices
from shared.demo import first_name_for
from shared.people.models import ETHNICITY_GROUPS, GENDERS

SEED = 1295
CONCERNS = (
    "Seen with older youths known for carrying knives near the estate.",
    "Friend was stabbed last month; worried about retaliation.",
    "Missing from home twice this month, returns with new clothes and phone.",
    "Excluded from school and spending evenings with older men in cars.",
    "Disclosed being asked to hold a package for someone.",
    "Threatened online by a rival group; scared to go to college.",
    "Picked up in a county lines area far from home.",
    "Regularly out late around the high street; parent worried about grooming.",
)
INTERESTS = ("football", "boxing", "music production", "drill and grime", "basketball",
             "drawing", "gaming", "cooking", "dance", "cycling", "coding", "fashion")
WEIGHTED_GENDERS = GENDERS[:2] * 6 + GENDERS[2:]
WEIGHTED_ETHNICITIES = ETHNICITY_GROUPS[:5] * 3 + ETHNICITY_GROUPS[5:]


def faker_for(index: int) -> tuple[Faker, random.Random]:
    """A Faker and a Random seeded for item INDEX, so each item is the same on every run."""
    fake = Faker("en_GB")
    fake.seed_instance(SEED * 100_003 + index)
    # Seeded on purpose: synthetic data must be the same on every run (never used for secrets).
    return fake, random.Random(SEED * 100_003 + index)  # noqa: S311


def young_person(fake: Faker, rng: random.Random, today: date, borough: str) -> dict:
    """Identity and coarse fields for someone aged 14 to 24 on TODAY, living in BOROUGH: a
    postcode of the borough, and a school year or occupation that fits their age."""
    born = story.date_of_birth(today, rng, 14, 24)
    gender = rng.choice(WEIGHTED_GENDERS)
    return {
        "first_name": first_name_for(fake, gender), "last_name": fake.last_name(),
        "date_of_birth": born,
        "gender": gender, "ethnicity_group": rng.choice(WEIGHTED_ETHNICITIES),
        "address": fake.street_address().replace("\n", ", ") + f", {borough}",
        "postcode": story.postcode(borough, rng),
        # Ofcom's drama range: realistic, and never anyone's real number.
        "phone": f"07700 900{rng.randint(0, 999):03d}",
        "school_or_occupation": story.school_or_occupation(born, today, rng),
    }


def referral_details(fake: Faker, rng: random.Random) -> dict:
    """The concern, vulnerabilities, indicators and interests an officer records."""
    return {
        "strand": rng.choice(("neighbourhood",) * 4 + ("local_investigation",
                                                       "public_protection")),
        "at_risk_as": rng.choice(list(choices.AT_RISK_AS)),
        "exploitation_concern": rng.random() < 0.5,
        "concern": rng.choice(CONCERNS),
        "vulnerabilities": sorted(rng.sample(list(choices.VULNERABILITIES), rng.randint(0, 3))),
        "exploitation_indicators": sorted(rng.sample(list(choices.EXPLOITATION_INDICATORS),
                                                     rng.randint(0, 2))),
        "interests": ", ".join(rng.sample(INTERESTS, 2)),
        "consent": True,
    }


def parent_carer(fake: Faker, rng: random.Random) -> dict:
    """A parent or carer who knows about the referral (needed for anyone under 18)."""
    return {"name": fake.name(), "relationship": rng.choice(("Mother", "Father", "Grandmother",
                                                             "Foster carer", "Aunt")),
            "phone": f"07700 900{rng.randint(0, 999):03d}", "aware_of_referral": True}
