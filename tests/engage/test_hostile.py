"""Hostile input against the encounter form (security.md): a clear 4xx and nothing stored."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from engage.models import CustodyEncounter
from shared.extensions import db
from tests.engage.conftest import NEW, counts, form_data

SQL = "Robert'); DROP TABLE custody_encounters; -- \" OR 1=1"
TEXT_LIMITS = {"first_name": 100, "last_name": 100, "parent_name": 200,
               "parent_relationship": 100, "appropriate_adult_name": 200, "parent_phone": 20}


def _refused(client, data, message: str | None = None, status: int = 400) -> str:
    response = client.post(NEW, data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == status, page[:300]
    if message:
        assert message in page
    assert counts() == (0, 0, 0)
    return page


def test_a_missing_or_foreign_csrf_token_is_refused(app, client, worker):
    assert client.post(NEW, data=form_data(), csrf=False).status_code == 400
    foreign = app.test_client().csrf_token()
    _refused(client, form_data(csrf_token=foreign))


def test_extra_programme_status_and_organisation_fields_are_ignored(client, worker):
    data = form_data(programme="divert_custody", status="closed", organisation="AITC",
                     case_id="1", recorded_by_id="1")
    assert client.post(NEW, data=data).status_code == 302
    encounter = db.session.scalars(select(CustodyEncounter)).one()
    assert encounter.programme == "engage" and encounter.case.status == "submitted"
    assert encounter.recorded_by_id == worker.id


@pytest.mark.parametrize("name", ["custody_suite", "age", "accepted", "episode",
                                  "offence_category", "police_outcome", "liaison_diversion",
                                  "borough", "gender", "appropriate_adult", "parent_aware",
                                  "parent_consent", "entered_time"])
def test_sql_metacharacters_in_a_checked_field_are_refused(client, worker, name):
    _refused(client, form_data(**{name: "x' OR '1'='1"}))


def test_sql_metacharacters_in_names_are_stored_literally(client, worker):
    assert client.post(NEW, data=form_data(first_name=SQL, parent_name=SQL)).status_code == 302
    encounter = db.session.scalars(select(CustodyEncounter)).one()
    assert encounter.case.person.first_name == SQL
    assert encounter.case.parent_carer["name"] == SQL


@pytest.mark.parametrize("value", ["<script>alert(1)</script>", "{{7*7}}"])
def test_markup_and_template_syntax_are_escaped_on_the_refused_form(client, worker, value):
    page = _refused(client, form_data(first_name=value, age="18"), "the age given is 18")
    assert "<script>alert(1)" not in page and ">49<" not in page


def test_spreadsheet_formulas_in_names_are_stored_as_typed(client, worker):
    formula = "=HYPERLINK(\"http://x.example\",\"a\")"
    assert client.post(NEW, data=form_data(first_name=formula)).status_code == 302
    assert db.session.scalars(select(CustodyEncounter)).one().case.person.first_name == formula


@pytest.mark.parametrize("name", list(TEXT_LIMITS))
def test_an_over_long_field_is_refused_with_its_limit(client, worker, name):
    _refused(client, form_data(**{name: "7" * (TEXT_LIMITS[name] + 1)}),
             f"{TEXT_LIMITS[name]} characters or fewer")


def test_a_future_custody_time_is_refused(client, worker):
    _refused(client, form_data(entered_date=["1", "1", "2099"]), "cannot be in the future")


@pytest.mark.parametrize("parts", [["31", "2", "2026"], ["x", "1", "2026"], ["1", "2"]])
def test_an_impossible_date_is_refused(client, worker, parts):
    _refused(client, form_data(entered_date=parts), "Date they entered custody must be a")


# The last is 15 in Arabic-Indic digits: str.isdigit() says yes, int() would accept it.
@pytest.mark.parametrize("age", ["9", "18", "-1", "1e3", "15.5", "\u0661\u0665"])
def test_an_age_outside_the_band_or_not_a_whole_number_is_refused(client, worker, age):
    _refused(client, form_data(age=age))


@pytest.mark.parametrize("name", ["first_name", "last_name", "parent_name", "entered_time"])
def test_a_nul_byte_is_refused(client, worker, name):
    _refused(client, form_data(**{name: "Zo\x00ë"}), "must contain only letters")


def test_invalid_utf8_is_refused(client, worker):
    fields = {**form_data(), "csrf_token": client.csrf_token()}
    pairs = [(k, i) for k, v in fields.items() for i in (v if isinstance(v, list) else [v])]
    body = urlencode([(k, b"Zo\xff\xfe" if k == "first_name" else v) for k, v in pairs])
    response = client.post(NEW, data=body, csrf=False,
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and counts() == (0, 0, 0)


def test_a_ten_megabyte_body_is_refused(client, worker):
    response = client.post(NEW, data=form_data(first_name="x" * (10 * 1024 * 1024)))
    assert response.status_code == 413 and counts() == (0, 0, 0)
