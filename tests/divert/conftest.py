"""Fixtures for the intake pages: a signed-in officer and a valid form as the page posts it."""

from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import func, select

from shared.cases.models import Case
from shared.extensions import db
from shared.people.models import Person
from shared.reference.models import Bcu, Borough
from tests.factories import years_ago

NEW = "/divert/referrals/new"
REFERENCE = re.compile(r"DV-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{2}")


def form_data(**overrides) -> dict:
    """A valid referral for a 16-year-old in Camden, as the browser posts it."""
    camden = db.session.scalar(select(Borough).where(Borough.name == "Camden"))
    bcu = db.session.get(Bcu, camden.bcu_id)
    born = years_ago(16)
    data = {
        "submission_id": str(uuid.uuid4()),
        "first_name": "Zoë", "last_name": "O'Brien", "alias": "",
        "date_of_birth": [str(born.day), str(born.month), str(born.year)],
        "gender": "Female", "ethnicity_group": "Mixed", "address": "1 High Street\nLondon",
        "postcode": "nw1 2ab", "phone": "07700 900123", "email": "",
        "school_or_occupation": "Camden School", "borough": str(camden.uuid),
        "parent_name": "Mary O'Brien", "parent_relationship": "Mother",
        "parent_phone": "020 7946 0000", "parent_aware": "yes",
        "at_risk_as": "victim", "exploitation_concern": "yes",
        "concern": "Seen with older youths carrying knives",
        "vulnerabilities": ["trauma", "housing"], "exploitation_indicators": ["missing_episodes"],
        "interests": "football, music", "strand": "neighbourhood", "bcu": str(bcu.uuid),
        "referrer_phone": "", "consent": "y",
    }
    data.update(overrides)
    return data


def counts() -> tuple[int, int]:
    """Rows in cases and people."""
    return (db.session.scalar(select(func.count()).select_from(Case)),
            db.session.scalar(select(func.count()).select_from(Person)))


@pytest.fixture
def officer(make_user, auth):
    """A signed-in officer (the default client)."""
    user = make_user("officer")
    auth.login(user)
    return user
