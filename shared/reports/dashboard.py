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
      "engage_follow_up": {"available": true, "table": TABLE (per BCU: held within 48 hours,
                           not held within 48 hours, still inside 48 hours),
                           "rates": [str|null, ...] (per row; null where it would reveal a
                           hidden count), "note": str}
    }

A Count is an integer, "<5" (a count from 0 to 4 hidden) or "[c]" (a count of 5 or more hidden
so that a "<5" cannot be worked out from the totals). NAME is one of TABLE_NAMES; a table's
last row (key "total") holds column totals where the columns add up. A median is given only
when at least 5 cases are behind it; medians are of whole days.
"""

from __future__ import annotations

from engage.reports import follow_up_rates
from shared.reports import statistics
from shared.reports.filters import Filters
from shared.reports.funding import funding
from shared.reports.suppression import SECONDARY_LABEL, SMALL, SMALL_LABEL, Table, suppress

TABLE_NAMES = ("months", "bcus", "boroughs", "partners", "funnel", "still_engaging",
               "age_band", "gender", "ethnicity", "timeliness")
TIMELINESS = {"triage": ("triage_days", "Days from referral to triage"),
              "first_contact": ("contact_days", "Days from referral to first contact")}
EXPLANATION = ("Counts from 1 to 4 are shown as <5. Where a hidden count could be worked out "
               "from the totals, another count in the same row or column is hidden too and "
               "shown as [c].")
ENGAGE_FOLLOW_UP = ("ENGAGE children released from custody and met by their youth worker "
                    "within 48 hours, per BCU, over all time (the date and BCU filters above "
                    "do not apply). Per-suite figures are on the Custody reports page.")


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
        "engage_follow_up": _engage_follow_up(),
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


def _engage_follow_up() -> dict:
    """The 48-hour follow-up rate per BCU, suppressed by the ENGAGE report itself."""
    report = follow_up_rates("engage")["bcu"]
    return {"available": True, "table": report.table.as_dict(), "rates": report.rates,
            "note": ENGAGE_FOLLOW_UP}
