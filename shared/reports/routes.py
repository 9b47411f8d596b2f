"""VRU statistics for analysts and coordinators: the dashboard, its JSON and CSV of each table.

Every figure comes from dashboard.summary, which suppresses small numbers once for all outputs.
"""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template, request

from shared.auth.permissions import roles_required
from shared.auth.roles import Role
from shared.reports import dashboard
from shared.reports.charts import bar_chart
from shared.reports.csv import csv_response
from shared.reports.filters import FilterError, Filters, parse_filters, years
from shared.seams import seams

bp = Blueprint("reports", __name__, url_prefix="/reports")
VIEWERS = (Role.ANALYST, Role.COORDINATOR)
# (table, column charted, what the chart shows)
CHARTS = (
    ("funnel", 0, "Number of cases reaching each stage, from referral to still engaging."),
    ("months", -1, "Number of referrals received in each month."),
    ("bcus", -1, "Number of referrals from each Basic Command Unit."),
    ("still_engaging", 0, "Number of young people still engaging, for each partner."),
    ("age_band", 0, "Number of referrals in each age band."),
    ("gender", 0, "Number of referrals by gender."),
    ("ethnicity", 0, "Number of referrals by ethnicity group."),
)


@bp.errorhandler(FilterError)
def refused_filter(error: FilterError):
    """A filter outside the allow-list: 400 with a message that quotes nothing sent."""
    message = str(error)
    if request.path.endswith(".json"):
        return jsonify(error=message), 400
    if request.path.endswith(".csv"):
        return message, 400, {"Content-Type": "text/plain; charset=utf-8"}
    return render_template("reports/refused.html", message=message), 400


@bp.route("/")
@roles_required(*VIEWERS)
def index():
    """The statistics dashboard."""
    filters = parse_filters(request.args)
    document = dashboard.summary(filters)
    charts = {name: bar_chart(document["tables"][name], column, f"chart-{name}", description)
              for name, column, description in CHARTS}
    return render_template("reports/dashboard.html", summary=document, charts=charts,
                           filters=filters, options=_with_year(_filter_options(), filters),
                           csv_args=filters.query_args(),
                           dashboard_panels=seams().dashboard_panels)


@bp.route("/summary.json")
@roles_required(*VIEWERS)
def summary_json():
    """The dashboard's figures as JSON (shape in shared/reports/dashboard.py)."""
    return jsonify(dashboard.summary(parse_filters(request.args)))


@bp.route("/<name>.csv")
@roles_required(*VIEWERS)
def table_csv(name: str):
    """One dashboard table as CSV, suppressed like the page."""
    if name not in dashboard.TABLE_NAMES:
        abort(404)
    document = dashboard.summary(parse_filters(request.args))
    header, rows = dashboard.csv_rows(document, name)
    return csv_response(f"{name}.csv", header, rows)


def _filter_options() -> dict:
    return {"years": years()}


def _with_year(options: dict, filters: Filters) -> dict:
    if filters.year not in options["years"]:
        options["years"] = sorted([*options["years"], filters.year], reverse=True)
    return options


def filters_summary(filters: Filters) -> str:
    """The filters in words, for the page's caption."""
    return f"financial year {filters.year} (April {filters.year[:4]} to March " \
           f"{int(filters.year[:4]) + 1})"


@bp.app_template_filter("count")
def format_count(value) -> str:
    """A count for display: thousands separated; '<5' and '[c]' as they are."""
    return f"{value:,}" if isinstance(value, int) else str(value)
