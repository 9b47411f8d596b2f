"""The whole page is one release, and views never overlap: no hidden figure can be narrowed
from any other figure the dashboard publishes (issue 14, items 8 and 9)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from werkzeug.datastructures import MultiDict

from shared.extensions import db
from shared.reports import dashboard, statistics
from shared.reports.audit import exposed
from shared.reports.filters import Filters, parse_filters, years
from shared.reports.suppression import Release, Table, protect, render
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
    assert audit_page(parse_filters(MultiDict())) == {}
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
    assert audit_page(parse_filters(MultiDict())) == {}
    gender = {row["label"]: row["cells"] for row in document["tables"]["gender"]["rows"]}
    assert gender["Male"][0] == "<5" and "[c]" in [cells[0] for cells in gender.values()]


def _spread_referrals(make_user) -> None:
    """Referrals over two financial years, in months of 1 to 4 and more, both genders."""
    officer = make_user("officer")
    months = [(2023, 4)] * 6 + [(2023, 5)] * 3 + [(2024, 3)] * 2 + [(2024, 4)] * 5 + \
        [(2024, 6)] + [(2025, 1)] * 4
    for index, (year, month) in enumerate(months):
        case = refer(officer, commit=False, gender="Male" if index % 3 else "Female")
        case.submitted_at = datetime(year, month, 10, 12, tzinfo=UTC)
    db.session.commit()


@pytest.mark.parametrize("overlapping", [
    "from=2024-01&to=2024-03", "from=2024-01&to=2024-02", "year=2023-24&from=2024-03",
    "programme=divert_app", "bcu=CN", "year=2023-24&bcu=CN"])
def test_filters_that_overlap_another_view_are_refused(analyst_client, overlapping):
    assert analyst_client.get(f"/reports/summary.json?{overlapping}").status_code == 400


def test_the_differencing_probe_recovers_no_suppressed_cell(analyst_client, make_user):
    """Every view the filters allow, read together: the attacker's programme over all of them
    (views of different years share no figure, so their relations are within each view)."""
    _spread_referrals(make_user)
    offered = years()
    assert {"2023-24", "2024-25"} <= set(offered)
    combined, hidden = Release(), {}
    for year in offered:
        document = analyst_client.get(f"/reports/summary.json?year={year}").get_json()
        raw, histograms = statistics.tables(Filters(year))
        raw.append(dashboard._timeliness_counts(histograms)[0])
        release, _ = dashboard.page_release(raw)
        protected = protect(release)
        assert document["headline"]["referrals"] == protected.get(
            dashboard.REFERRALS, release.values[dashboard.REFERRALS])
        for key, value in release.values.items():
            combined.add((year, *key), value)
        combined.lines += [([(year, *k) for k in parts], (year, *total))
                           for parts, total in release.lines]
        combined.at_most += [((year, *a), (year, *b)) for a, b in release.at_most]
        hidden.update({(year, *k): label for k, label in protected.items()})
    assert hidden, "the probe needs suppressed cells to attack"
    assert exposed(combined, hidden) == {}


def test_one_busy_month_and_one_quiet_one_keep_the_headline_shown(app):
    """Issue 13's month boundary: 10 referrals in one month, 2 in the next, one programme."""
    months = Table("months", "M", ["A", "B", "C"], [("2026-11", "2026-11"), ("2026-12",
                   "2026-12")], [[10, 0, 0], [2, 0, 0]], row_totals=True, column_totals=True)
    bcus = Table("bcus", "B", ["A", "B", "C"], [("1", "x")], [[12, 0, 0]], row_totals=True,
                 column_totals=True)
    release, keys = dashboard.page_release([months, bcus])
    hidden = protect(release)
    assert dashboard.REFERRALS not in hidden and ("programme", "A") not in hidden
    assert exposed(release, hidden) == {}
    shown = render(months, keys["months"], hidden).rows
    assert shown[1]["cells"][0] == "<5" and shown[-1]["cells"][-1] == 12
