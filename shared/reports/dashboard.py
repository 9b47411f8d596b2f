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

A Count is an integer, "<5" (a count from 1 to 4 hidden) or "[c]" (a count, 0 or more, hidden
so that no "<5" can be worked out from the other figures). Every figure of the document is
suppressed together (`page_release`): a total shown in several tables and the headline is one
figure, shown or hidden the same everywhere. NAME is one of TABLE_NAMES; a table's
last row (key "total") holds column totals where the columns add up. A median is given only
when at least 5 cases are behind it; medians are of whole days. Each PANEL is a programme's
dashboard panel (shared.seams.DashboardPanel), suppressed by the programme's own report
(ENGAGE: "engage_follow_up", see engage/reports.py).
"""

from __future__ import annotations

from shared.reports import statistics
from shared.reports.filters import Filters
from shared.reports.funding import funding
from shared.reports.suppression import (
    SECONDARY_LABEL,
    SMALL,
    SMALL_LABEL,
    Release,
    Table,
    protect,
    render,
)
from shared.seams import seams

TABLE_NAMES = ("months", "bcus", "boroughs", "partners", "funnel", "still_engaging",
               "age_band", "gender", "ethnicity", "timeliness")
TIMELINESS = {"triage": ("triage_days", "Days from referral to triage"),
              "first_contact": ("contact_days", "Days from referral to first contact")}
EXPLANATION = ("Counts from 1 to 4 are shown as <5. Where a hidden count could be narrowed "
               "down from the other figures on the page, another count is hidden too and "
               "shown as [c] (a count of 0 or more).")


def summary(filters: Filters) -> dict:
    """Every figure of the dashboard for FILTERS, suppressed together as one release."""
    raw, histograms = statistics.tables(filters)
    counts, medians = _timeliness_counts(histograms)
    raw.append(counts)
    release, keys = page_release(raw)
    hidden = protect(release)
    tables = {t.name: render(t, keys[t.name], hidden).as_dict() for t in raw}
    timeliness = _with_medians(tables["timeliness"], medians)

    def headline(key):
        return hidden.get(key, release.values[key])

    return {
        "filters": filters.as_dict(),
        "suppression": {"threshold": SMALL + 1, "small": SMALL_LABEL,
                        "secondary": SECONDARY_LABEL, "explanation": EXPLANATION},
        "headline": {"referrals": headline(REFERRALS),
                     "still_engaging": headline(STILL_ENGAGING),
                     "median_days_to_triage": medians["triage"],
                     "median_days_to_first_contact": medians["first_contact"]},
        "tables": tables,
        "timeliness": {key: {"label": TIMELINESS[key][1], "cases": row["cells"][0],
                             "median_days": medians[key]}
                       for key, row in zip(TIMELINESS, timeliness["rows"], strict=True)},
        "funding": funding(),
        **{panel.name: panel.build() for panel in seams().dashboard_panels},
    }


REFERRALS, ENGAGED, STILL_ENGAGING = ("referrals",), ("engaged",), ("still_engaging",)
FUNNEL_KEYS = {"referred": REFERRALS, "engaged": ENGAGED, "still_engaging": STILL_ENGAGING}


def page_release(raw: list[Table]) -> tuple[Release, dict[str, dict]]:
    """The page's figures as one release: a figure shown in several tables is one figure, and
    the relations a reader knows between tables are part of it (see suppression.py)."""
    release, keys = Release(), {}
    for table in raw:
        shared = _shared_cells(table)
        keys[table.name] = release.add_table(table, shared)
        release.prominent.update(shared.values())
    _boroughs_add_up(release, {t.name: t for t in raw}, keys)
    for table in raw:
        cell = keys[table.name]
        if table.name in statistics.EQUALITY:  # engaged never more than referred
            release.at_most += [(cell[(r, 1)], cell[(r, 0)]) for r in range(len(table.rows))]
        elif table.name in ("funnel", "timeliness"):  # no stage holds more than were referred
            release.at_most += [(cell[(r, 0)], REFERRALS) for r in range(len(table.rows))
                                if cell[(r, 0)] != REFERRALS]
    return release, keys


def _boroughs_add_up(release: Release, tables: dict, keys: dict) -> None:
    # A reader who knows which boroughs make each BCU can add them up; where they do add up
    # to the BCU's row (every referral with a borough has its BCU), that is one more line.
    bcus, boroughs = tables.get("bcus"), tables.get("boroughs")
    if bcus is None or boroughs is None:
        return
    parent = statistics.borough_bcus()
    last = len(bcus.grid()[0]) - 1
    for r, (bcu_key, _) in enumerate(bcus.rows):
        parts = [keys["boroughs"][(i, 0)] for i, (key, _) in enumerate(boroughs.rows)
                 if parent.get(key) == bcu_key]
        total = keys["bcus"][(r, last)]
        if parts and sum(release.values[k] for k in parts) == release.values[total]:
            release.lines.append((parts, total))


def _shared_cells(table: Table) -> dict:
    """Cells of TABLE that are figures shown elsewhere too, named by what they count."""
    grid, n = table.grid(), len(table.rows)
    if not grid:
        return {}
    if table.name == "funnel":
        return {(r, 0): FUNNEL_KEYS[key] for r, (key, _) in enumerate(table.rows)
                if key in FUNNEL_KEYS}
    shared = {}
    if table.name in ("months", "bcus"):
        width = len(table.columns)
        shared = {(n, c): ("programme", table.columns[c]) for c in range(width)}
        if table.row_totals or width == 1:
            shared[(n, len(grid[0]) - 1)] = REFERRALS
    elif table.name in ("boroughs", "partners"):
        shared = {(n, 0): REFERRALS}
    elif table.name == "still_engaging":
        shared = {(n, 0): STILL_ENGAGING}
    elif table.name in statistics.EQUALITY:
        shared = {(n, 0): REFERRALS, (n, 1): ENGAGED}
    return shared


def _timeliness_counts(histograms: dict) -> tuple[Table, dict]:
    counts, medians = [], {}
    for key, (measure, _) in TIMELINESS.items():
        cases, median = statistics.median_days(histograms[measure])
        counts.append([cases])
        # A median of fewer than 5 cases could be one young person's own figure.
        medians[key] = median if cases > SMALL else None
    return Table("timeliness", "Time to triage and first contact", ["Cases"],
                 [(k, label) for k, (_, label) in TIMELINESS.items()], counts), medians


def _with_medians(result: dict, medians: dict) -> dict:
    result["columns"].append("Median (days)")
    for row, key in zip(result["rows"], TIMELINESS, strict=True):
        row["cells"].append(medians[key] if medians[key] is not None else "not shown")
    return result


def csv_rows(document: dict, name: str) -> tuple[list[str], list[list]]:
    """(header, rows) of one suppressed table of a summary document, for CSV export."""
    table = document["tables"][name]
    return ["", *table["columns"]], [[row["label"], *row["cells"]] for row in table["rows"]]
