"""The whole page is one release: no hidden figure can be narrowed using any other figure."""

from __future__ import annotations

from shared.extensions import db
from shared.reports import dashboard, statistics
from shared.reports.audit import exposed
from shared.reports.filters import Filters
from shared.reports.suppression import protect
from tests.factories import refer


def audit_page(filters: Filters) -> dict:
    """The figures of the page for FILTERS a reader can narrow below three values."""
    raw, histograms = statistics.tables(filters)
    raw.append(dashboard._timeliness_counts(histograms)[0])
    release, _ = dashboard.page_release(raw)
    return exposed(release, protect(release))


def _every_total(document: dict) -> set:
    tables = document["tables"]
    return {tables[name]["rows"][-1]["cells"][-1 if name in ("months", "bcus") else 0]
            for name in ("months", "bcus", "boroughs", "partners", "age_band", "gender",
                         "ethnicity")}


def test_the_known_cases_page_passes_the_audit(analyst_client, known_cases):
    assert audit_page(Filters()) == {}
    document = analyst_client.get("/reports/summary.json").get_json()
    assert _every_total(document) == {document["headline"]["referrals"]} == {12}


def test_a_total_is_never_hidden_while_the_headline_shows_it(analyst_client, make_user):
    officer = make_user("officer")
    for _ in range(7):
        refer(officer, commit=False)
    for _ in range(2):
        refer(officer, commit=False, gender="Male")
    db.session.commit()
    document = analyst_client.get("/reports/summary.json").get_json()
    assert _every_total(document) == {document["headline"]["referrals"]}
    assert audit_page(Filters()) == {}
    gender = {row["label"]: row["cells"] for row in document["tables"]["gender"]["rows"]}
    assert gender["Male"][0] == "<5" and "[c]" in [cells[0] for cells in gender.values()]
