"""The intake rules live once (divert/rules.py, divert/services.py): form and API agree."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from divert import services as intake
from shared.cases.models import Case
from shared.cases.services import CaseError
from shared.extensions import db
from tests.api.conftest import referral_body
from tests.conftest import AuthActions
from tests.divert.conftest import form_data
from tests.factories import refer, referral_data, years_ago

NEW = "/divert/referrals/new"
PARENT = {"name": "Mary O'Brien", "relationship": "Mother", "phone": None,
          "aware_of_referral": True}


@pytest.fixture
def both_doors(app, make_user, api_as):
    """An officer signed in on the web and, as another officer, on the API."""
    web = app.test_client()
    AuthActions(web).login(make_user("officer"))
    return web, api_as("officer")


def _answers(both_doors, field: str, value: str) -> tuple[bool, str, bool, str]:
    web, api = both_doors
    page = web.post(NEW, data=form_data(**{field: value}))
    response = api.post("/referrals", referral_body(**{field: value}))
    messages = [e["message"] for e in (response.get_json() or {}).get("errors", [])]
    return (page.status_code == 302, page.get_data(as_text=True),
            response.status_code == 201, " ".join(messages))


@pytest.mark.parametrize(("field", "value", "accepted", "message"), [
    ("postcode", "sw1a1aa", True, ""),
    ("postcode", "SE1 7PB", True, ""),
    ("postcode", "12345", False, "Enter a real postcode, like SE1 7PB"),
    ("postcode", "SE1 7CI", False, "Enter a real postcode, like SE1 7PB"),
    ("phone", "+44 7700 900123", True, ""),
    ("phone", "(020) 7946-0000", True, ""),
    ("phone", "+1 555 123 4567", False, "in the correct format, like 07700 900 982"),
    ("phone", "0123", False, "in the correct format, like 07700 900 982"),
    ("email", "name@example.org", True, ""),
    ("email", "name@", False, "Enter an email address in the correct format"),
])
def test_the_form_and_the_api_accept_and_refuse_the_same_formats(both_doors, field, value,
                                                                  accepted, message):
    web_ok, page, api_ok, api_message = _answers(both_doors, field, value)
    assert web_ok is api_ok is accepted, (page[:200], api_message)
    if message:
        assert message in page and message in api_message


def test_both_doors_store_a_postcode_in_the_same_normal_form(both_doors):
    web, api = both_doors
    assert web.post(NEW, data=form_data(postcode="nw12ab")).status_code == 302
    assert api.post("/referrals", referral_body(postcode="nw1  2ab")).status_code == 201
    assert [c.person.postcode for c in db.session.scalars(select(Case))] == ["NW1 2AB"] * 2


def test_the_service_keeps_no_parent_or_carer_for_an_adult_whoever_calls_it(make_user):
    case = refer(make_user("officer"), date_of_birth=years_ago(19), parent_carer=PARENT)
    assert case.parent_carer is None


def test_the_service_keeps_a_childs_parent_or_carer(make_user):
    case = refer(make_user("officer"), date_of_birth=years_ago(16), parent_carer=PARENT)
    assert case.parent_carer == PARENT


@pytest.mark.parametrize("parent", [None, {}, {**PARENT, "name": ""},
                                    {**PARENT, "aware_of_referral": None}])
def test_a_child_without_a_parent_or_carer_is_refused_by_the_shared_check(parent):
    with pytest.raises(CaseError) as refused:
        intake.check_parent_carer(years_ago(16), parent)
    assert refused.value.field == "parent_carer"
    assert str(refused.value) == "Give the parent or carer's details for a young person under 18"


def test_the_parent_check_names_the_date_of_birth_first_when_the_age_is_wrong():
    with pytest.raises(CaseError) as refused:
        intake.check_parent_carer(years_ago(13), None)
    assert refused.value.field == "date_of_birth"
    intake.check_parent_carer(years_ago(18), None)  # an adult needs none


def test_a_parent_given_for_an_adult_through_the_service_is_dropped_on_a_repeat_too(make_user):
    officer = make_user("officer")
    submission = uuid.uuid4()
    data = referral_data(date_of_birth=years_ago(20), parent_carer=PARENT)
    first = intake.submit_referral(officer, submission, data)
    again = intake.submit_referral(officer, submission, data)
    db.session.commit()
    assert first.uuid == again.uuid
    assert db.session.scalars(select(Case)).one().parent_carer is None
