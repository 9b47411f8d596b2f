"""Suppressed statistics for analysts: the dashboard's own summary (shared/reports)."""

from __future__ import annotations

from typing import Any

from flask import request
from pydantic import ConfigDict, Field

from shared.api.blueprint import bp
from shared.api.fields import Out, Strict
from shared.api.problems import ApiProblem
from shared.api.registry import operation
from shared.auth.roles import Role
from shared.reports import dashboard
from shared.reports.filters import FilterError, parse_filters

MONTH = r"^[0-9]{4}-(0[1-9]|1[0-2])$"


class StatsQuery(Strict):
    """Filters: a month range, a programme and a BCU code."""

    model_config = ConfigDict(extra="forbid", strict=False, populate_by_name=True)
    month_from: str | None = Field(None, alias="from", pattern=MONTH)
    month_to: str | None = Field(None, alias="to", pattern=MONTH)
    programme: str | None = Field(None, max_length=20)
    bcu: str | None = Field(None, max_length=4)


class StatsSummary(Out):
    """Every figure of the dashboard, small counts suppressed (see shared/reports/dashboard)."""

    filters: dict[str, Any]
    suppression: dict[str, Any]
    headline: dict[str, Any]
    tables: dict[str, Any]
    timeliness: dict[str, Any]
    funding: dict[str, Any]
    engage_follow_up: dict[str, Any]


@operation(bp, "GET", "/stats/summary", "Suppressed statistics (the dashboard's figures)",
           roles=(Role.ANALYST, Role.COORDINATOR), query=StatsQuery, response=StatsSummary,
           tag="stats")
def stats_summary(query: StatsQuery):
    """The same summary as the reports dashboard, for the same filters."""
    try:
        filters = parse_filters(request.args)
    except FilterError as error:
        raise ApiProblem(422, str(error), [{"field": None, "message": str(error)}]) from None
    return StatsSummary.model_validate(dashboard.summary(filters))
