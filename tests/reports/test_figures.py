"""The figures from a known set of cases, built through the services, are right everywhere."""

from __future__ import annotations

import re

from sqlalchemy import select

from shared.extensions import db
from shared.reports import rollup
from shared.reports.models import ReportCount
from tests.factories import refer
from tests.reports.conftest import KNOWN


def _rows(document: dict, table: str) -> dict:
    return {row["label"]: row["cells"] for row in document["tables"][table]["rows"]}


def test_the_funnel_counts_every_stage_of_the_known_cases(analyst_client, known_cases):
    document = analyst_client.get("/reports/summary.json").get_json()
    funnel = {row["key"]: row["cells"][0] for row in document["tables"]["funnel"]["rows"]}
    assert funnel == {stage: KNOWN[stage] for stage in rollup.STAGES}
    assert document["headline"]["referrals"] == 12
    assert document["headline"]["still_engaging"] == 5


def test_breakdowns_by_borough_partner_gender_and_bcu_match_the_cases(analyst_client,
                                                                        known_cases):
    document = analyst_client.get("/reports/summary.json").get_json()
    boroughs = _rows(document, "boroughs")
    assert boroughs["Camden"] == [6] and boroughs["Islington"] == [6]
    assert boroughs["Total"] == [12] and boroughs["Enfield"] == [0]
    partners = _rows(document, "partners")
    assert partners["Arsenal in the Community"] == [6]
    assert partners["Not handed to a partner"] == [6]
    gender = _rows(document, "gender")
    assert gender["Female"] == [6, 5] and gender["Male"] == [6, 0]
    assert gender["Total"] == [12, 5]
    assert _rows(document, "ethnicity")["Mixed"] == [6, 5]
    assert _rows(document, "bcus")["CN Central North"][-1] == 12
    assert _rows(document, "still_engaging") == {"Arsenal in the Community": [5], "Total": [5]}
    months = document["tables"]["months"]["rows"]
    assert months[-1]["label"] == "Total" and months[-1]["cells"][0] == 12


def test_medians_of_days_to_triage_and_first_contact_are_right(analyst_client, known_cases):
    document = analyst_client.get("/reports/summary.json").get_json()
    assert document["headline"]["median_days_to_triage"] == KNOWN["triage_days"]
    assert document["headline"]["median_days_to_first_contact"] == KNOWN["contact_days"]
    assert document["timeliness"]["triage"]["cases"] == 10  # 8 accepted and 2 declined


def test_small_counts_show_as_fewer_than_five_and_medians_are_withheld(analyst_client,
                                                                       make_user):
    officer = make_user("officer")
    for _ in range(3):
        refer(officer, commit=False)
    db.session.commit()
    document = analyst_client.get("/reports/summary.json").get_json()
    assert document["headline"]["referrals"] == "<5"
    assert _rows(document, "boroughs")["Camden"] == ["<5"]
    assert document["headline"]["median_days_to_triage"] is None
    every_cell = [cell for table in document["tables"].values() for row in table["rows"]
                  for cell in row["cells"]]
    assert 3 not in every_cell and "<5" in every_cell


def test_the_year_filter_shows_one_whole_financial_year(analyst_client, known_cases):
    from shared.reports.filters import financial_year

    year = financial_year(known_cases[0].submitted_at.date())
    here = analyst_client.get(f"/reports/summary.json?year={year}").get_json()
    assert here["headline"]["referrals"] == 12
    assert here["filters"]["year"] == year and len(here["tables"]["months"]["rows"]) == 13
    start = int(year[:4]) - 1
    before = analyst_client.get(f"/reports/summary.json?year={start}-{start % 100 + 1:02d}")
    assert before.get_json()["headline"]["referrals"] == 0
    assert analyst_client.get("/reports/summary.json").get_json()["filters"]["year"] == year


def test_the_rollup_kept_by_the_services_equals_a_rebuild_from_scratch(known_cases):
    def snapshot():
        return sorted((c.month, c.programme, c.bcu_id, c.measure, c.value, c.n)
                      for c in db.session.scalars(select(ReportCount)) if c.n)

    kept = snapshot()
    assert rollup.rebuild(db.session) == 12
    db.session.commit()
    assert kept == snapshot()


def test_the_page_shows_exactly_the_figures_of_the_json(analyst_client, known_cases):
    document = analyst_client.get("/reports/summary.json").get_json()
    page = analyst_client.get("/reports/").get_data(as_text=True)
    for name, table in document["tables"].items():
        block = re.search(rf'data-testid="table-{name}".*?</table>', page, re.S).group(0)
        cells = re.findall(r'<td class="govuk-table__cell govuk-table__cell--numeric"'
                           r' data-key="[^"]*">([^<]*)</td>', block)
        expected = [f"{c:,}" if isinstance(c, int) else str(c)
                    for row in table["rows"] for c in row["cells"]]
        assert cells == [e.replace("&lt;", "<") for e in expected] or \
            [c.replace("&lt;", "<") for c in cells] == expected, name
    assert "£2,888,000" in page and "£138,000" in page


def test_the_funding_of_pcd_1295_is_given_beside_the_statistics(analyst_client):
    funding = analyst_client.get("/reports/summary.json").get_json()["funding"]
    assert funding["total_gbp"] == 2_888_000
    assert {p["name"]: p["amount_gbp"] for p in funding["programmes"]} == {
        "Borough Capacity Building": 1_500_000, "DIVERT App": 138_000,
        "ENGAGE under-18 custody roll-out": 250_000, "Parenting Developments": 1_000_000}


def test_statistics_never_decrypt_anything(analyst_client, known_cases, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the statistics decrypted a field")

    monkeypatch.setattr("shared.crypto.envelope.open_sealed", refuse)
    for url in ("/reports/", "/reports/summary.json", "/reports/gender.csv",
                "/reports/summary.json?year=2020-21"):
        assert analyst_client.get(url).status_code == 200, url
    db.session.expunge_all()
    assert rollup.rebuild(db.session) == 12
