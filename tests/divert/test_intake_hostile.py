"""Hostile input against the intake form (security.md): a clear 4xx and nothing stored."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from sqlalchemy import select, text

from shared.cases.models import Case
from shared.extensions import db
from tests.divert.conftest import NEW, counts, form_data
from tests.factories import years_ago

FREE_TEXT = ["first_name", "last_name", "alias", "address", "school_or_occupation",
             "parent_name", "parent_relationship", "concern", "interests"]
LIMITS = {"first_name": 100, "last_name": 100, "alias": 100, "address": 300, "postcode": 10,
          "phone": 20, "email": 254, "school_or_occupation": 200, "parent_name": 200,
          "parent_relationship": 100, "parent_phone": 20, "concern": 2000, "interests": 1000,
          "referrer_phone": 20}
SQL = "Robert'); DROP TABLE cases; -- \" OR 1=1 /* ; SELECT * FROM people"


def _dob(born) -> list[str]:
    return [str(born.day), str(born.month), str(born.year)]


def _refused(client, data, message: str | None = None, status: int = 400) -> str:
    response = client.post(NEW, data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == status, page[:300]
    if message:
        assert message in page
    assert counts() == (0, 0)
    return page


def _stored(client, data) -> Case:
    response = client.post(NEW, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return db.session.scalars(select(Case)).one()


def test_a_missing_csrf_token_is_refused(client, officer):
    response = client.post(NEW, data=form_data(), csrf=False)
    assert response.status_code == 400 and counts() == (0, 0)
    assert "did not come from this service" in response.get_data(as_text=True)


def test_a_foreign_csrf_token_is_refused(app, client, officer):
    foreign = app.test_client().csrf_token()
    _refused(client, form_data(csrf_token=foreign), "did not come from this service")


def test_extra_organisation_status_and_programme_fields_are_ignored(client, officer):
    case = _stored(client, form_data(organisation="AITC", status="closed", programme="engage",
                                     route="self", referrer_id="1", partner_organisation_id="1"))
    assert (case.status, case.programme, case.route) == ("submitted", "divert_app", "officer_app")
    assert case.partner_organisation_id is None and case.referrer_id == officer.id


def test_sql_metacharacters_in_every_free_text_field_are_stored_literally(client, officer):
    case = _stored(client, form_data(**{name: SQL for name in FREE_TEXT}))
    person = case.person
    for value in (person.first_name, person.last_name, person.alias, person.address,
                  person.school_or_occupation, case.concern, case.interests,
                  case.parent_carer["name"], case.parent_carer["relationship"]):
        assert value == SQL
    assert db.session.scalar(text("SELECT count(*) FROM cases")) == 1


@pytest.mark.parametrize("name", ["postcode", "phone", "email", "parent_phone",
                                  "referrer_phone", "gender", "ethnicity_group", "at_risk_as",
                                  "exploitation_concern", "strand", "borough", "bcu",
                                  "vulnerabilities", "exploitation_indicators", "parent_aware"])
def test_sql_metacharacters_in_a_checked_field_are_refused(client, officer, name):
    _refused(client, form_data(**{name: "x' OR '1'='1"}))


@pytest.mark.parametrize("value", ["<script>alert(1)</script>", "{{7*7}}"])
def test_markup_and_template_syntax_are_stored_but_never_rendered(client, officer, value):
    # With an error elsewhere, the form comes back showing what was typed: escaped, not run.
    page = _refused(client, form_data(first_name=value, concern=value, consent=""))
    assert "<script>alert(1)" not in page and ">49<" not in page
    assert value.replace("<", "&lt;").replace(">", "&gt;") in page

    case = _stored(client, form_data(first_name=value, last_name=value, concern=value))
    assert case.person.first_name == value and case.concern == value
    for url in (f"/divert/receipts/{case.uuid}", "/divert/receipts"):
        receipt_page = client.get(url).get_data(as_text=True)
        assert "alert(1)" not in receipt_page and "{{7*7}}" not in receipt_page
        assert "Zoë" not in receipt_page and "O&#39;Brien" not in receipt_page  # no names at all


def test_spreadsheet_formulas_in_names_are_stored_as_typed(client, officer):
    formulas = {"first_name": "=HYPERLINK(\"http://x.example\",\"a\")", "last_name": "+1-2",
                "alias": "@SUM(A1:A9)", "parent_name": "-3+4"}
    case = _stored(client, form_data(**formulas))
    assert (case.person.first_name, case.person.last_name, case.person.alias) == (
        formulas["first_name"], formulas["last_name"], formulas["alias"])
    assert case.parent_carer["name"] == "-3+4"  # CSV neutralisation belongs to reports


@pytest.mark.parametrize("name", list(LIMITS))
def test_an_over_long_field_is_refused_with_its_limit(client, officer, name):
    _refused(client, form_data(**{name: "7" * (LIMITS[name] + 1)}),
             f"{LIMITS[name]} characters or fewer")


def test_a_future_date_of_birth_is_refused(client, officer):
    _refused(client, form_data(date_of_birth=_dob(years_ago(-1))), "must be in the past")


@pytest.mark.parametrize(("parts", "message"), [
    (["31", "2", "2010"], "Date of birth must be a real date"),
    (["1", "13", "2010"], "Date of birth must be a real date"),
    (["x", "2", "2010"], "Date of birth must be a real date"),
    (["1", "2", "10"], "Year must include 4 numbers"),
    (["", "2", "2010"], "Date of birth must include a day"),
    (["", "", ""], "Enter the young person&#39;s date of birth"),
    (["1", "2"], "Date of birth must be a real date"),
    (["1", "2", "2010", "4"], "Date of birth must be a real date"),
])
def test_an_impossible_or_incomplete_date_of_birth_is_refused(client, officer, parts, message):
    page = _refused(client, form_data(date_of_birth=parts), message)
    assert 'href="#date_of_birth-day"' in page  # the error summary links to the day box


@pytest.mark.parametrize(("age", "born"), [(13, years_ago(14) + timedelta(days=1)),
                                           (26, years_ago(26))])
def test_an_age_outside_fourteen_to_twenty_five_is_refused_naming_the_age(client, officer,
                                                                          age, born):
    _refused(client, form_data(date_of_birth=_dob(born)), f"this date of birth makes them {age}")


def test_a_missing_date_of_birth_field_does_not_break_the_page(client, officer):
    data = form_data()
    del data["date_of_birth"]
    _refused(client, data, "Enter the young person&#39;s date of birth")


@pytest.mark.parametrize("name", [*FREE_TEXT, "postcode", "phone", "email"])
def test_a_nul_byte_is_refused_with_a_clear_message(client, officer, name):
    _refused(client, form_data(**{name: "Zo\x00ë"}),
             "must contain only letters, numbers, spaces and punctuation")


def test_invalid_utf8_is_refused(client, officer):
    fields = {**form_data(), "csrf_token": client.csrf_token()}
    pairs = [(key, item) for key, value in fields.items()
             for item in (value if isinstance(value, list) else [value])]
    body = urlencode([(k, b"Zo\xff\xfe" if k == "first_name" else v) for k, v in pairs])
    response = client.post(NEW, data=body, csrf=False,
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and counts() == (0, 0)
    assert "First name must contain only letters" in response.get_data(as_text=True)


@pytest.mark.parametrize("name", ["borough", "bcu"])
@pytest.mark.parametrize("value", ["00000000-0000-4000-8000-000000000000", "1", "not-a-uuid"])
def test_a_borough_or_bcu_that_is_not_in_the_list_is_refused(client, officer, name, value):
    _refused(client, form_data(**{name: value}), "from the list")


def test_a_bad_submission_id_is_refused(client, officer):
    _refused(client, form_data(submission_id="1 OR 1=1"), "Start a new referral")


def test_a_ten_megabyte_body_is_refused_as_too_large(client, officer):
    page = _refused(client, form_data(concern="x" * (10 * 1024 * 1024)), status=413)
    assert "too large" in page


def test_the_stored_rows_hold_no_plaintext_identity(client, officer):
    name, surname, worry = "Quentabelle", "Marchbanks-Oduya", "Carrying a blade to school"
    _stored(client, form_data(first_name=name, last_name=surname, concern=worry,
                              address="77 Wandle Road", phone="07700 900555"))
    needles = [s.encode() for s in (name, surname, worry, "Wandle", "07700 900555",
                                    "Mary O'Brien")]
    for table in ("people", "cases"):
        for row in db.session.execute(text(f"SELECT * FROM {table}")):
            for value in row:
                raw = bytes(value) if isinstance(value, bytes | memoryview) else str(value).encode()
                assert not any(needle in raw for needle in needles), f"plaintext in {table}"
