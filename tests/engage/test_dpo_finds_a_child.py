"""The DPO finds an ENGAGE child recorded without a date of birth (issue 14 item 13)."""

from __future__ import annotations

from sqlalchemy import select

from engage.models import CustodyEncounter
from shared.extensions import db
from tests.conftest import AuthActions
from tests.engage.conftest import NEW, form_data


def _dpo(app, make_user):
    client = app.test_client()
    AuthActions(client).login(make_user("dpo"))
    return client


def _child_without_a_birth_date(client) -> CustodyEncounter:
    assert client.post(NEW, data=form_data(first_name="Kemi", last_name="Adeyemi-Ross",
                                           date_of_birth=["", "", ""])).status_code == 302
    encounter = db.session.scalars(select(CustodyEncounter)).one()
    assert encounter.case.person.date_of_birth is None
    return encounter


def test_the_dpo_finds_the_child_by_name_and_age_band(app, client, worker, make_user):
    encounter = _child_without_a_birth_date(client)
    dpo = _dpo(app, make_user)
    response = dpo.post("/privacy/people", data={
        "first_name": "", "last_name": "adeyemi-ross ", "date_of_birth": ["", "", ""],
        "age_band": "14-17", "reference": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "1 person found" in page
    assert encounter.case.reference in page
    other_band = dpo.post("/privacy/people", data={
        "last_name": "Adeyemi-Ross", "date_of_birth": ["", "", ""], "age_band": "10-13"})
    assert "0 people found" in other_band.get_data(as_text=True)


def test_the_dpo_finds_the_child_by_case_reference(app, client, worker, make_user):
    encounter = _child_without_a_birth_date(client)
    reference = encounter.case.reference
    response = _dpo(app, make_user).post("/privacy/people", data={
        "last_name": "", "date_of_birth": ["", "", ""], "reference": f" {reference.lower()} "})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "1 person found" in page and "Kemi" in page


def test_a_search_with_a_last_name_alone_asks_for_more(app, make_user):
    response = _dpo(app, make_user).post("/privacy/people", data={
        "last_name": "Adeyemi-Ross", "date_of_birth": ["", "", ""]})
    assert response.status_code == 400
    assert "with a date of birth or an age band, or enter a case reference" in \
        response.get_data(as_text=True)
