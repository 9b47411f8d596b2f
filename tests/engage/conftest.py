"""Fixtures for the custody pages: workers at named suites and a valid encounter form."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from engage.models import CustodyEncounter
from shared.admin import services as suite_services
from shared.cases.models import Case
from shared.clock import today as london_today
from shared.extensions import db
from shared.people.models import Person
from shared.reference.models import Borough, CustodySuite
from tests.conftest import AuthActions

NEW = "/engage/encounters/new"


def suite(name: str) -> CustodySuite:
    """The custody suite called NAME."""
    return db.session.scalar(select(CustodySuite).where(CustodySuite.name == name))


def assign(user, *names: str) -> None:
    """Make NAMES the user's custody suites."""
    suite_services.set_suites(user, [suite(n) for n in names])
    db.session.commit()


def form_data(suite_name: str = "Holborn", **overrides) -> dict:
    """A valid accepted ENGAGE encounter for a 15-year-old at SUITE_NAME, as the page posts it."""
    day = london_today() - timedelta(days=1)
    camden = db.session.scalar(select(Borough).where(Borough.name == "Camden"))
    data = {
        "submission_id": str(uuid.uuid4()), "custody_suite": str(suite(suite_name).uuid),
        "entered_date": [str(day.day), str(day.month), str(day.year)], "entered_time": "14:30",
        "age": "15", "accepted": "yes", "episode": "first",
        "offence_category": "weapons_possession", "police_outcome": "",
        "liaison_diversion": "yes", "borough": str(camden.uuid),
        "first_name": "Zoë", "last_name": "O'Brien", "date_of_birth": ["", "", ""],
        "gender": "Female", "ethnicity_group": "Mixed",
        "appropriate_adult": "parent_carer", "appropriate_adult_name": "",
        "parent_name": "Mary O'Brien", "parent_relationship": "Mother",
        "parent_phone": "020 7946 0000", "parent_aware": "yes", "parent_consent": "yes",
    }
    data.update(overrides)
    return data


def declined_data(**overrides) -> dict:
    """A declined offer: the worker may have typed a name before switching to 'no'."""
    return form_data(accepted="no", **overrides)


def counts() -> tuple[int, int, int]:
    """Rows in custody_encounters, cases and people."""
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (CustodyEncounter, Case, Person))


@pytest.fixture
def worker(make_user, client):
    """An ENGAGE custody worker at Holborn, signed in on the default client."""
    user = make_user("custody_worker")
    assign(user, "Holborn")
    AuthActions(client).login(user)
    return user


@pytest.fixture
def coach(make_user, client):
    """A DIVERT custody coach (operator organisation) at Brixton, signed in."""
    user = make_user("custody_worker", organisation="DIVERT")
    assign(user, "Brixton")
    AuthActions(client).login(user)
    return user


ENTERED = datetime(2026, 6, 16, 13, 30, tzinfo=UTC)  # 14:30 London on 16 June
RELEASED = datetime(2026, 6, 16, 19, 0, tzinfo=UTC)


def released_encounter(client) -> CustodyEncounter:
    """An accepted encounter at Holborn entered on 16 June 2026, released at 20:00 London."""
    data = form_data(entered_date=["16", "6", "2026"], entered_time="14:30")
    assert client.post(NEW, data=data).status_code == 302
    encounter = db.session.scalars(select(CustodyEncounter)).one()
    response = client.post(f"/engage/encounters/{encounter.uuid}/release", data={
        "released_date": ["16", "6", "2026"], "released_time": "20:00"})
    assert response.status_code == 302
    db.session.refresh(encounter)
    assert encounter.released_at == RELEASED
    return encounter
