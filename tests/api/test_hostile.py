"""security.md's hostile inputs, sent as JSON: a clear 4xx and nothing stored, or stored inert."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from shared.cases.models import Case
from shared.clock import today as london_today
from shared.extensions import db
from shared.people.models import Person
from tests.api.conftest import API, referral_body
from tests.factories import years_ago

SQL = "Robert'); DROP TABLE cases;-- \" OR 1=1 /*"


def _counts() -> tuple[int, int]:
    return (db.session.scalar(select(func.count()).select_from(Case)),
            db.session.scalar(select(func.count()).select_from(Person)))


@pytest.fixture
def officer(api_as):
    """An officer's API client."""
    return api_as("officer")


def _refused(response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and body["title"] and body["detail"]
    if field is not None:
        assert field in [e["field"] for e in body["errors"]], body["errors"]
    assert _counts() == (0, 0)
    return body


def test_sql_metacharacters_in_free_text_are_stored_literally(officer):
    fields = {"first_name": SQL[:100], "last_name": SQL[:100], "concern": SQL,
              "interests": SQL}
    assert officer.post("/referrals", referral_body(**fields)).status_code == 201
    case = db.session.scalar(select(Case))
    assert (case.person.first_name, case.concern) == (SQL[:100], SQL)
    assert db.session.scalar(text("SELECT count(*) FROM cases")) == 1


@pytest.mark.parametrize("name", ["at_risk_as", "strand", "gender", "borough", "date_of_birth"])
def test_sql_metacharacters_in_a_closed_field_are_refused(officer, name):
    _refused(officer.post("/referrals", referral_body(**{name: SQL})), 422, name)


@pytest.mark.parametrize("value", ["<script>alert(1)</script>", "{{7*7}}"])
def test_markup_and_template_syntax_are_stored_and_returned_as_inert_json(api_as, officer,
                                                                          value):
    receipt = officer.post("/referrals", referral_body(first_name=value, concern=value))
    assert receipt.status_code == 201 and value not in receipt.get_data(as_text=True)
    coordinator = api_as("coordinator")
    response = coordinator.get(f"/cases/{receipt.get_json()['id']}")
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.get_json()["person"]["first_name"] == value
    assert "49" not in response.get_json()["concern"]


@pytest.mark.parametrize("name", ["first_name", "concern", "address"])
def test_a_nul_byte_is_refused(officer, name):
    body = _refused(officer.post("/referrals", referral_body(**{name: "Sam\x00uel"})), 422, name)
    assert "letters, numbers" in body["errors"][0]["message"]


@pytest.mark.parametrize(("name", "limit"), [("first_name", 100), ("concern", 2000),
                                             ("postcode", 10)])
def test_an_over_long_field_is_refused_naming_its_limit(officer, name, limit):
    body = _refused(officer.post("/referrals", referral_body(**{name: "A" * (limit + 1)})),
                    422, name)
    assert str(limit) in body["errors"][0]["message"]


@pytest.mark.parametrize("value", ["2008-02-30", "2008-13-01", "17/05/2008", "", 20080517])
def test_an_impossible_date_of_birth_is_refused(officer, value):
    _refused(officer.post("/referrals", referral_body(date_of_birth=value)), 422,
             "date_of_birth")


@pytest.mark.parametrize("born", [years_ago(13), years_ago(26), london_today() + timedelta(1)])
def test_an_age_outside_the_band_or_a_future_birth_is_refused(officer, born):
    body = _refused(officer.post("/referrals", referral_body(date_of_birth=born.isoformat())),
                    422, "date_of_birth")
    assert "14 to 25" in body["detail"] or "past" in body["detail"]


def test_a_ten_megabyte_body_is_refused_as_too_large(officer):
    body = json.dumps(referral_body(concern="A" * 10_000_000))
    _refused(officer.client.post(f"{API}/referrals", data=body, csrf=False,
                                 headers=officer.headers({"Content-Type": "application/json"})),
             413)


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x"])
def test_the_wrong_content_type_is_refused(officer, content_type):
    _refused(officer.client.post(f"{API}/referrals", data=json.dumps(referral_body()),
                                 csrf=False,
                                 headers=officer.headers({"Content-Type": content_type})), 415)


@pytest.mark.parametrize("raw", [b"{", b"{'a': 1}", b"\xff\xfe{}", b"[1, 2", b"null x"])
def test_malformed_json_or_invalid_utf8_is_refused_with_400(officer, raw):
    _refused(officer.client.post(f"{API}/referrals", data=raw, csrf=False,
                                 headers=officer.headers({"Content-Type": "application/json"})),
             400)


@pytest.mark.parametrize("raw", [b"[]", b"null", b"\"text\"", b"42"])
def test_json_that_is_not_an_object_is_refused_with_422(officer, raw):
    _refused(officer.client.post(f"{API}/referrals", data=raw, csrf=False,
                                 headers=officer.headers({"Content-Type": "application/json"})),
             422)


@pytest.mark.parametrize("extra", [{"status": "closed"}, {"organisation": "AITC"},
                                   {"programme": "engage"}, {"referrer": "someone"}])
def test_extra_fields_such_as_status_or_organisation_are_refused(officer, extra):
    body = _refused(officer.post("/referrals", referral_body(**extra)), 422, next(iter(extra)))
    assert body["errors"][0]["message"] == "This field is not accepted"


def test_extra_fields_cannot_move_a_case(api_as, make_user):
    from tests.factories import refer

    case = refer(make_user("officer"))
    coordinator = api_as("coordinator")
    response = coordinator.post(f"/cases/{case.uuid}/triage", {
        "decision": "accept", "risk_level": "low", "priority": 3, "status": "closed",
        "partner_organisation": "AITC"})
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == "submitted"


def test_consent_must_be_given(officer):
    _refused(officer.post("/referrals", referral_body(consent=False)), 422, "consent")


def test_an_under_eighteen_needs_a_parent_or_carer_and_an_adult_keeps_none(officer):
    _refused(officer.post("/referrals", referral_body(parent_carer=None)), 422, "parent_carer")
    adult = referral_body(date_of_birth=years_ago(20).isoformat())
    assert officer.post("/referrals", adult).status_code == 201
    assert db.session.scalar(select(Case)).parent_carer is None


def test_a_refused_transition_is_409_with_the_reason(api_as, make_user):
    from tests.factories import refer

    case = refer(make_user("officer"))
    coordinator = api_as("coordinator")
    response = coordinator.post(f"/cases/{case.uuid}/close", {"reason": "goals_met"})
    assert response.status_code == 409 and "cannot close the case now" in \
        response.get_json()["detail"]


def test_a_service_refusal_names_the_field(api_as, make_user):
    from tests.factories import refer

    case = refer(make_user("officer"))
    coordinator = api_as("coordinator")
    response = coordinator.post(f"/cases/{case.uuid}/triage", {
        "decision": "decline", "risk_level": "low", "priority": 3})
    assert response.status_code == 422
    assert response.get_json()["errors"] == [{"field": "reason",
                                              "message": "Choose a reason from the list"}]
