"""Raw (unsuppressed) tables from the rollup for one set of filters; never leaves the package.

Two grouped queries over `report_counts` answer the whole dashboard, whatever the number of
cases: referrals by month, programme and BCU, and every other measure by value.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select

from shared.extensions import db
from shared.people.ages import AGE_BANDS
from shared.people.models import ETHNICITY_GROUPS, GENDERS
from shared.reference.models import Bcu, Borough, Organisation
from shared.reports.filters import Filters
from shared.reports.models import ReportCount
from shared.reports.rollup import ALL_BCUS, ALL_PROGRAMMES
from shared.reports.suppression import Table
from shared.seams import labels

STAGE_LABELS = {
    "referred": "Referred", "accepted": "Accepted at triage", "handed_off": "Handed to a partner",
    "partner_accepted": "Accepted by the partner", "engaged": "Engaged (outcome recorded)",
    "still_engaging": "Still engaging now",
}
NOT_RECORDED = "Not recorded"
EQUALITY = {"age_band": ("Age band at referral", AGE_BANDS),
            "gender": ("Gender", GENDERS), "ethnicity": ("Ethnicity group (ONS 5+1)",
                                                         ETHNICITY_GROUPS)}


def _months(query, filters: Filters):
    if filters.month_from:
        query = query.where(ReportCount.month >= filters.month_from)
    if filters.month_to:
        query = query.where(ReportCount.month <= filters.month_to)
    return query


def load(filters: Filters) -> tuple[list, dict[str, dict[str, int]]]:
    """(referrals by month/programme/BCU, {measure: {value: count}}) within FILTERS."""
    count = ReportCount
    # Base cells (one programme, one BCU) for the month and BCU tables...
    referred = db.session.execute(_months(
        select(count.month, count.programme, count.bcu_id, func.sum(count.n))
        .where(count.programme.in_([filters.programme] if filters.programme else list(labels())),
               # IN lists on both leading index columns: seeks, never a scan of every BCU.
               count.bcu_id.in_(_bcu_ids() if filters.bcu_id is None else [filters.bcu_id]),
               count.measure == "stage", count.value == "referred")
        .group_by(count.month, count.programme, count.bcu_id), filters)).all()
    # ...and the pre-summed level matching the filters for everything else.
    level = (count.programme == (filters.programme or ALL_PROGRAMMES),
             count.bcu_id == (ALL_BCUS if filters.bcu_id is None else filters.bcu_id))
    measures: dict[str, dict[str, int]] = defaultdict(dict)
    for measure, value, n in db.session.execute(_months(
            select(count.measure, count.value, func.sum(count.n)).where(*level)
            .group_by(count.measure, count.value), filters)):
        if n:
            measures[measure][value] = int(n)
    return referred, measures


def _bcu_ids() -> list[int]:
    return [0, *db.session.scalars(select(Bcu.id))]


def tables(filters: Filters) -> tuple[list[Table], dict[str, dict[str, int]]]:
    """Every dashboard table, unsuppressed, and the day histograms for the medians."""
    referred, measures = load(filters)
    programmes = [filters.programme] if filters.programme else list(labels())
    result = [_by_month(referred, programmes, filters), _by_bcu(referred, programmes, filters),
              _by_borough(measures, filters), _by_partner(measures), _funnel(measures),
              _still_engaging(measures)]
    result += [_equality(measures, name) for name in EQUALITY]
    histograms = {name: measures.get(name, {}) for name in ("triage_days", "contact_days")}
    return result, histograms


def median_days(histogram: dict[str, int]) -> tuple[int, float | None]:
    """(cases, median whole days) from a {days: count} histogram."""
    pairs = sorted((int(days), n) for days, n in histogram.items())
    total = sum(n for _, n in pairs)
    if not total:
        return 0, None
    middle = [(total - 1) // 2, total // 2]
    values, seen = [], 0
    for days, n in pairs:
        values += [days for position in middle if seen <= position < seen + n]
        seen += n
    return total, sum(values) / 2


def _programme_columns(programmes: list[str]) -> list[str]:
    return [labels()[p] for p in programmes]


def _by_month(referred, programmes: list[str], filters: Filters) -> Table:
    cells: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for month, programme, _, n in referred:
        cells[month][programme] += int(n)
    # Every month of the period, so a month without referrals reads 0 rather than vanishing.
    months = _month_span(sorted({*cells, filters.month_from, filters.month_to} - {None}))
    values = [[cells[m][p] for p in programmes] for m in months]
    return Table("months", "Referrals by month", _programme_columns(programmes),
                 [(m, m) for m in months], values, row_totals=len(programmes) > 1,
                 column_totals=True, note="Month the referral was received.")


def _month_span(months: list[str]) -> list[str]:
    if not months:
        return []
    year, month = map(int, months[0].split("-"))
    span, last = [], months[-1]
    while f"{year:04d}-{month:02d}" <= last:
        span.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return span


def _by_bcu(referred, programmes: list[str], filters: Filters) -> Table:
    cells: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for _, programme, bcu_id, n in referred:
        cells[bcu_id][programme] += int(n)
    bcus = [(b.id, f"{b.code} {b.name}") for b in db.session.scalars(select(Bcu).order_by(Bcu.code))
            if filters.bcu_id in (None, b.id)]
    if cells.get(0):
        bcus.append((0, NOT_RECORDED))
    return Table("bcus", "Referrals by BCU", _programme_columns(programmes),
                 [(str(i), label) for i, label in bcus],
                 [[cells[i][p] for p in programmes] for i, _ in bcus],
                 row_totals=len(programmes) > 1, column_totals=True,
                 note="Basic Command Unit where the young person was met.")


def _by_borough(measures, filters: Filters) -> Table:
    counts = measures.get("borough", {})
    query = select(Borough.id, Borough.name).order_by(Borough.name)
    if filters.bcu_id is not None:
        query = query.where(Borough.bcu_id == filters.bcu_id)
    rows = [(str(i), name) for i, name in db.session.execute(query)]
    if counts.get("0"):
        rows.append(("0", NOT_RECORDED))
    return Table("boroughs", "Referrals by borough", ["Referrals"], rows,
                 [[counts.get(key, 0)] for key, _ in rows], column_totals=True)


def borough_bcus() -> dict[str, str]:
    """{borough row key: BCU row key}: the boroughs of a BCU add up to it, as readers know."""
    return {str(b): str(c) for b, c in db.session.execute(select(Borough.id, Borough.bcu_id))}


def _partners(keys) -> list[tuple[str, str]]:
    names = dict(db.session.execute(select(Organisation.id, Organisation.name)).all())
    ids = sorted((int(k) for k in keys if k != "0" and int(k) in names),
                 key=lambda i: names[i])
    return [(str(i), names[i]) for i in ids]


def _by_partner(measures) -> Table:
    counts = measures.get("partner", {})
    rows = [*_partners(counts), ("0", "Not handed to a partner")]
    return Table("partners", "Referrals by partner", ["Referrals"], rows,
                 [[counts.get(key, 0)] for key, _ in rows], column_totals=True,
                 note="The partner the case was most recently handed to.")


def _funnel(measures) -> Table:
    counts = measures.get("stage", {})
    return Table("funnel", "From referral to engagement", ["Cases"],
                 list(STAGE_LABELS.items()), [[counts.get(s, 0)] for s in STAGE_LABELS],
                 note="Each stage counts the cases that reached it; the stages do not add up.")


def _still_engaging(measures) -> Table:
    counts = measures.get("still_engaging", {})
    rows = _partners(counts) + ([("0", NOT_RECORDED)] if counts.get("0") else [])
    return Table("still_engaging", "Still engaging, by partner", ["Young people"], rows,
                 [[counts.get(key, 0)] for key, _ in rows], column_totals=True)


def _equality(measures, name: str) -> Table:
    title, groups = EQUALITY[name]
    referred, engaged = measures.get(name, {}), measures.get(f"{name}_engaged", {})
    rows = [(g, g) for g in groups] + [("none", NOT_RECORDED)]
    return Table(name, title, ["Referred", "Engaged"], rows,
                 [[referred.get(k, 0), engaged.get(k, 0)] for k, _ in rows],
                 column_totals=True, note="Engaged: the partner recorded that they engaged.")
