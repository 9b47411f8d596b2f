"""Fixtures for the API: bearer tokens per role, a JSON client and a valid referral body."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from shared.api import tokens
from shared.db import utcnow
from shared.extensions import db
from shared.reference.models import Bcu, Borough
from tests.engage.conftest import assign, suite
from tests.factories import years_ago

API = "/api/v1"
ROLES = ("officer", "custody_worker", "coordinator", "partner", "analyst", "dpo", "admin")


class Api:
    """A JSON client holding one bearer token; never sends cookies that matter."""

    def __init__(self, client, token: str | None, user=None):
        self.client, self.token, self.user = client, token, user

    def headers(self, extra: dict | None = None) -> dict:
        """Authorization plus EXTRA."""
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return {**headers, **(extra or {})}

    def get(self, path: str, **kwargs):
        """GET an API path."""
        return self.client.get(API + path, headers=self.headers(kwargs.pop("headers", None)),
                               **kwargs)

    def post(self, path: str, json=None, **kwargs):
        """POST JSON to an API path (no CSRF token: the API does not want one)."""
        return self.client.post(API + path, json=json, csrf=False,
                                headers=self.headers(kwargs.pop("headers", None)), **kwargs)

    def delete(self, path: str, **kwargs):
        """DELETE an API path."""
        return self.client.delete(API + path, headers=self.headers(kwargs.pop("headers", None)),
                                  **kwargs)


@pytest.fixture
def api_as(app, make_user):
    """Factory: an Api client for a new user of ROLE (or for USER) with a fresh token."""

    def factory(role: str = "officer", user=None, **user_kwargs) -> Api:
        user = user or make_user(role, **user_kwargs)
        token = tokens.issue(user).token
        db.session.commit()
        return Api(app.test_client(), token, user)

    return factory


@pytest.fixture
def anonymous(app) -> Api:
    """An Api client without a token."""
    return Api(app.test_client(), None)


def referral_body(**overrides) -> dict:
    """A valid API referral for a 16-year-old in Camden."""
    camden = db.session.scalar(select(Borough).where(Borough.name == "Camden"))
    bcu = db.session.get(Bcu, camden.bcu_id)
    body = {
        "first_name": "Zoë", "last_name": "O'Brien", "date_of_birth": years_ago(16).isoformat(),
        "gender": "Female", "ethnicity_group": "Mixed", "address": "1 High Street\nLondon",
        "postcode": "NW1 2AB", "phone": "07700 900123",
        "borough": str(camden.uuid), "bcu": str(bcu.uuid),
        "parent_carer": {"name": "Mary O'Brien", "relationship": "Mother",
                         "aware_of_referral": True},
        "at_risk_as": "victim", "exploitation_concern": True,
        "concern": "Seen with older youths carrying knives",
        "vulnerabilities": ["trauma"], "exploitation_indicators": [],
        "strand": "neighbourhood", "consent": True,
    }
    body.update(overrides)
    return body






def encounter_body(suite_name: str = "Holborn", **overrides) -> dict:
    """A valid accepted ENGAGE encounter for a 15-year-old at SUITE_NAME, entered yesterday."""
    camden = db.session.scalar(select(Borough).where(Borough.name == "Camden"))
    entered = utcnow().replace(microsecond=0) - timedelta(days=1)
    body = {
        "custody_suite": str(suite(suite_name).uuid), "entered_at": entered.isoformat(),
        "age": 15, "accepted": True, "episode": "first",
        "offence_category": "weapons_possession", "police_outcome": None,
        "liaison_diversion": True, "borough": str(camden.uuid),
        "first_name": "Zoë", "last_name": "O'Brien", "gender": "Female",
        "ethnicity_group": "Mixed", "appropriate_adult": "parent_carer",
        "parent": {"name": "Mary O'Brien", "relationship": "Mother", "phone": "020 7946 0000",
                   "aware": True, "consent": True},
    }
    body.update(overrides)
    return body


@pytest.fixture
def worker_as(api_as, make_user):
    """Factory: an Api client for a custody worker at SUITES (ENGAGE unless ORGANISATION)."""
    def factory(*suites: str, organisation: str = "ENGAGE") -> Api:
        user = make_user("custody_worker", organisation=organisation)
        assign(user, *(suites or ("Holborn",)))
        return api_as(user=user)

    return factory
