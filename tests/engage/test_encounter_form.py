"""Recording encounters: age bands, the under-16 consent rule, declines keep no name."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engage.models import CustodyEncounter
from shared.cases.models import Case
from shared.extensions import db
from tests.engage.conftest import NEW, counts, declined_data, form_data


def _saved(client, data) -> CustodyEncounter:
    response = client.post(NEW, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return db.session.scalars(select(CustodyEncounter)).one()


def _refused(client, data, message: str) -> None:
    response = client.post(NEW, data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and message in page, page[:300]
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize(("age", "band"), [("10", "10-13"), ("17", "14-17")])
def test_engage_accepts_ten_and_seventeen_year_olds(client, worker, age, band):
    consent = "yes" if int(age) < 16 else "no"
    encounter = _saved(client, form_data(age=age, parent_consent=consent))
    assert encounter.age_band == band and encounter.programme == "engage"


@pytest.mark.parametrize("age", ["9", "18"])
def test_engage_refuses_nine_and_eighteen_naming_the_age(client, worker, age):
    _refused(client, form_data(age=age), f"ENGAGE is for people aged 10 to 17; the age given "
                                         f"is {age}")


@pytest.mark.parametrize(("age", "band"), [("18", "18-21"), ("25", "22-25")])
def test_divert_custody_accepts_eighteen_to_twenty_five(client, coach, age, band):
    encounter = _saved(client, form_data("Brixton", age=age))
    assert (encounter.programme, encounter.age_band) == ("divert_custody", band)
    case = encounter.case
    assert case.programme == "divert_custody" and case.reference.startswith("DC-")
    assert case.parent_carer is None and encounter.parental_consent is None


@pytest.mark.parametrize("age", ["17", "26"])
def test_divert_custody_refuses_ages_outside_eighteen_to_twenty_five(client, coach, age):
    _refused(client, form_data("Brixton", age=age),
             f"DIVERT custody is for people aged 18 to 25; the age given is {age}")


def test_under_sixteen_accepting_without_parental_consent_is_refused(client, worker):
    _refused(client, form_data(age="15", parent_consent="no"),
             "A child under 16 needs a parent&#39;s or carer&#39;s consent")
    _refused(client, form_data(age="10", parent_consent=""), "under 16 needs a parent")


def test_under_sixteen_with_parental_consent_is_stored_encrypted_on_the_case(client, worker):
    encounter = _saved(client, form_data(age="15", parent_consent="yes"))
    assert encounter.parental_consent is True
    assert encounter.case.parent_carer["consent_to_follow_up"] == "Yes"
    assert encounter.case.parent_carer["name"] == "Mary O'Brien"


def test_sixteen_and_seventeen_need_no_parental_consent(client, worker):
    encounter = _saved(client, form_data(age="16", parent_consent="no"))
    assert encounter.accepted and encounter.parental_consent is False


def test_a_declined_offer_under_sixteen_needs_no_consent(client, worker):
    encounter = _saved(client, declined_data(age="12", parent_consent=""))
    assert not encounter.accepted and encounter.parental_consent is None


def test_a_decline_stores_no_name_no_person_and_no_case(client, worker):
    encounter = _saved(client, declined_data(first_name="Zoë", last_name="O'Brien"))
    assert counts() == (1, 0, 0)
    assert encounter.case_id is None and encounter.parental_consent is None
    assert (encounter.custody_suite.name, encounter.age_band, encounter.offence_category) == (
        "Holborn", "14-17", "weapons_possession")
    columns = {c.name for c in CustodyEncounter.__table__.columns}
    assert not columns & {"first_name", "last_name", "date_of_birth", "parent_carer", "name"}


def test_accepted_child_becomes_a_submitted_engage_custody_case(client, worker):
    encounter = _saved(client, form_data())
    case = encounter.case
    assert (case.programme, case.route, case.status) == ("engage", "custody", "submitted")
    assert case.custody_suite.name == "Holborn" and case.bcu.code == "CN"
    assert case.borough.name == "Camden" and case.reference.startswith("EN-")
    assert case.person.first_name == "Zoë" and case.events[0].kind == "submitted"


def test_a_date_of_birth_that_disagrees_with_the_age_is_refused(client, worker):
    _refused(client, form_data(age="15", date_of_birth=["1", "1", "2000"]),
             "the age given is 15")


def test_accepting_without_a_name_is_refused(client, worker):
    _refused(client, form_data(first_name="", last_name=""), "Enter the name")


def test_a_suite_the_worker_does_not_cover_is_refused(client, worker):
    _refused(client, form_data("Brixton"), "Choose one of your custody suites")


def test_the_same_submission_twice_records_one_encounter(client, worker):
    data = form_data()
    _saved(client, data)
    assert client.post(NEW, data=data).status_code == 302
    assert counts() == (1, 1, 1)


def test_an_accepted_child_appears_in_the_engage_coordinators_queue(client, worker, make_user,
                                                                     app):
    from tests.conftest import AuthActions

    encounter = _saved(client, form_data())
    reference = encounter.case.reference
    coordinator = make_user("coordinator", organisation="ENGAGE")
    engage_client = app.test_client()
    AuthActions(engage_client).login(coordinator)
    assert reference in engage_client.get("/cases/").get_data(as_text=True)
    divert_client = app.test_client()
    AuthActions(divert_client).login(make_user("coordinator", organisation="DIVERT"))
    assert reference not in divert_client.get("/cases/").get_data(as_text=True)
    assert db.session.scalar(select(Case.status)) == "submitted"
