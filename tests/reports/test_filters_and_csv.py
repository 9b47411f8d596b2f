"""Filters come only from an allow-list; CSV exports are suppressed and formula-safe."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from shared.cases import services
from shared.extensions import db
from shared.reference.models import Organisation
from shared.reports.csv import neutralise, to_csv
from tests.factories import planned_case

REFUSED = [
    "status=closed", "bcu_id=1", "year=2023-24&year=2024-25", "year=2023-25", "year=2023",
    "year=2023-24'--", "year=April", "year=2023-24;DROP TABLE cases", "year=' OR 1=1 --",
    "order=measure", "month=2023-04", "%3Cscript%3E=1",
    # Free ranges, programme and BCU filters would let two views be subtracted (item 9).
    "from=2023-04&to=2024-03", "programme=engage", "bcu=CN",
]


@pytest.mark.parametrize("query", REFUSED)
@pytest.mark.parametrize("path", ["/reports/", "/reports/summary.json", "/reports/funnel.csv"])
def test_filters_outside_the_allow_list_are_refused_with_400_naming_no_column(
        analyst_client, query, path):
    response = analyst_client.get(f"{path}?{query}")
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    if path == "/reports/":  # the page around the message has its own scripts
        body = re.search(r'data-testid="filter-error">([^<]*)<', body).group(1)
    for leaked in ("report_counts", "measure", "bcu_id", "status", "month=", "DROP", "<script",
                   "OR 1=1", "Traceback"):
        assert leaked not in body
    assert "filter" in body.lower()


def test_the_json_refusal_says_what_is_allowed(analyst_client):
    response = analyst_client.get("/reports/summary.json?colour=red")
    assert response.status_code == 400
    assert response.get_json() == {
        "error": "Unknown filter. The only filter is year, a financial year such as 2023-24."}


def test_an_empty_year_from_the_form_means_the_latest_year(analyst_client):
    response = analyst_client.get("/reports/?year=")
    assert response.status_code == 200


def test_an_unknown_table_name_is_not_found(analyst_client):
    assert analyst_client.get("/reports/cases.csv").status_code == 404
    assert analyst_client.get("/reports/people.csv").status_code == 404


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_a_spreadsheet_would_run_gets_a_leading_apostrophe(start):
    assert neutralise(f"{start}HYPERLINK(\"http://x\")") == f"'{start}HYPERLINK(\"http://x\")"


def test_ordinary_cells_and_suppression_labels_are_left_alone():
    assert [neutralise(v) for v in ("Camden", 12, "<5", "[c]", None)] == [
        "Camden", "12", "<5", "[c]", ""]
    assert to_csv(["", "n"], [["=1+1", 3]]) == ",n\r\n'=1+1,3\r\n"


def test_a_partner_named_like_a_formula_is_neutralised_in_the_csv(analyst_client, make_user):
    evil = Organisation(code="EVIL", name="=HYPERLINK(\"http://evil.example\")", kind="partner")
    db.session.add(evil)
    db.session.commit()
    coordinator = make_user("coordinator")
    for _ in range(5):
        case = planned_case(make_user("officer"), coordinator)
        services.hand_off(case, coordinator, db.session.scalar(
            select(Organisation).where(Organisation.code == "EVIL")), "Reason")
    db.session.commit()
    response = analyst_client.get("/reports/partners.csv")
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text


def test_csv_is_suppressed_exactly_like_the_page(analyst_client, make_user):
    officer = make_user("officer")
    from tests.factories import refer
    for _ in range(2):
        refer(officer, commit=False)
    db.session.commit()
    text = analyst_client.get("/reports/boroughs.csv").get_data(as_text=True)
    assert "Camden,<5" in text and "Total,<5" in text and ",2" not in text
