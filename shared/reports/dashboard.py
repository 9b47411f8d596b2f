"""The dashboard's figures, suppressed once; the page, the charts, CSV and JSON all use this.

`summary(filters)` returns the document served at GET /reports/summary.json:

    {
      "filters": {"from": "2023-04"|null, "to": "2024-03"|null,
                  "programme": "divert_app"|"divert_custody"|"engage"|null, "bcu": "CN"|null},
      "suppression": {"threshold": 5, "small": "<5", "secondary": "[c]", "explanation": str},
      "headline": {"referrals": Count, "still_engaging": Count,
                   "median_days_to_triage": number|null,
                   "median_days_to_first_contact": number|null},
      "tables": {NAME: {"title": str, "columns": [str, ...], "note": str,
                        "rows": [{"key": str, "label": str, "cells": [Count, ...]}, ...]}},
      "timeliness": {"triage"|"first_contact": {"label": str, "cases": Count,
                                                 "median_days": number|null}},
      "funding": {"source": str, "year": "2023-24", "total_gbp": 2888000,
                  "programmes": [{"name": str, "amount_gbp": int}, ...]},
      PANEL: {...}
    }

A Count is an integer, "<5" (a count from 0 to 4 hidden) or "[c]" (a count of 5 or more hidden
so that a "<5" cannot be worked out from the totals). NAME is one of TABLE_NAMES; a table's
last row (key "total") holds column totals where the columns add up. A median is given only
when at least 5 cases are behind it; medians are of whole days. Each PANEL is a programme's
dashboard panel (shared.seams.DashboardPanel), suppressed by the programme's own report
(ENGAGE: "engage_follow_up", see engage/reports.py).
"""

from __future__ import annotations

from shared.reports import statistics
from shared.reports.filters import Filters
from shared.reports.funding import funding
from shared.reports.suppression import SECONDARY_LABEL, SMALL, SMALL_LABEL, Table, suppress
from shared.seams import seams

TABLE_NAMES = ("months", "bcus", "boroughs", "partners", "funnel", "still_engaging",
               "age_band", "gender", "ethnicity", "timeliness")
TIMELINESS = {"triage": ("triage_days", "Days from referral to triage"),
              "first_contact": ("contact_days", "Days from referral to first contact")}
EXPLANATION = ("Counts from 1 to 4 are shown as <5. Where a hidden count could be worked out "
               "from the totals, another count in the same row or column is hidden too and "
               "shown as [c].")


def summary(filters: Filters) -> dict:
    """Every figure of the dashboard for FILTERS, suppressed."""
    raw, histograms = statistics.tables(filters)
    tables = {t.name: suppress(t).as_dict() for t in raw}
    timeliness, medians = _timeliness(histograms)
    tables["timeliness"] = timeliness
    funnel = {row["key"]: row["cells"][0] for row in tables["funnel"]["rows"]}
    return {
        "filters": filters.as_dict(),
        "suppression": {"threshold": SMALL + 1, "small": SMALL_LABEL,
                        "secondary": SECONDARY_LABEL, "explanation": EXPLANATION},
        "headline": {"referrals": funnel["referred"], "still_engaging": funnel["still_engaging"],
                     "median_days_to_triage": medians["triage"],
                     "median_days_to_first_contact": medians["first_contact"]},
        "tables": tables,
        "timeliness": {key: {"label": TIMELINESS[key][1], "cases": row["cells"][0],
                             "median_days": medians[key]}
                       for key, row in zip(TIMELINESS, timeliness["rows"], strict=True)},
        "funding": funding(),
        **{panel.name: panel.build() for panel in seams().dashboard_panels},
    }


def _timeliness(histograms: dict) -> tuple[dict, dict]:
    counts, medians = [], {}
    for key, (measure, _) in TIMELINESS.items():
        cases, median = statistics.median_days(histograms[measure])
        counts.append([cases])
        # A median of fewer than 5 cases could be one young person's own figure.
        medians[key] = median if cases > SMALL else None
    table = suppress(Table("timeliness", "Time to triage and first contact", ["Cases"],
                           [(k, label) for k, (_, label) in TIMELINESS.items()], counts))
    result = table.as_dict()
    result["columns"].append("Median (days)")
    for row, key in zip(result["rows"], TIMELINESS, strict=True):
        row["cells"].append(medians[key] if medians[key] is not None else "not shown")
    return result, medians


def csv_rows(document: dict, name: str) -> tuple[list[str], list[list]]:
    """(header, rows) of one suppressed table of a summary document, for CSV export."""
    table = document["tables"][name]
    return ["", *table["columns"]], [[row["label"], *row["cells"]] for row in table["rows"]]
