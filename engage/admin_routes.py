"""Coverage, take-up and follow-up reports, and the admin's custody-suite assignments."""

from __future__ import annotations

import uuid

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from engage import coverage, reports
from engage.forms import CoverageForm, CoverageYearForm, SuitesForm
from engage.models import Coverage
from engage.routes import bp
from shared.admin.services import set_suites
from shared.auth.models import User
from shared.auth.permissions import roles_required
from shared.auth.roles import Role
from shared.cases.services import CaseError
from shared.extensions import db
from shared.forms import as_choices
from shared.reference.models import Borough
from shared.reference.services import all_custody_suites
from shared.reference.suites import assigned_suite_ids
from shared.refusals import show_refusal

READERS = (Role.COORDINATOR, Role.ANALYST, Role.ADMIN)


@bp.route("/coverage")
@roles_required(*READERS)
def coverage_page():
    """ENGAGE delivering, planned or absent, per BCU and borough, for every financial year."""
    years = coverage.years()
    return render_template("engage/coverage.html", years=years,
                           tables={y: coverage.by_bcu(y) for y in years},
                           counts={y: coverage.counts(y) for y in years},
                           form=None, year_form=CoverageYearForm(),
                           can_edit=current_user.role == Role.ADMIN)


@bp.route("/coverage/<year>/<borough_uuid>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_coverage(year: str, borough_uuid: str):
    """Change one borough's status for one year."""
    row = _coverage_row_or_404(year, borough_uuid)
    form = CoverageForm(data={"status": row.status})
    if form.validate_on_submit():
        changed = coverage.change_status(row, form.status.data)
        flash(f"{row.borough.name} {year}: " + ("saved" if changed else "nothing changed"),
              "success")
        return redirect(url_for(".coverage_page") + f"#year-{year}")
    return render_template("engage/coverage_edit.html", row=row, form=form), \
        400 if form.is_submitted() else 200


@bp.route("/coverage/years", methods=["POST"])
@roles_required(Role.ADMIN)
def add_coverage_year():
    """Start a new financial year with every borough absent."""
    form = CoverageYearForm()
    if form.validate_on_submit():
        try:
            coverage.add_year(form.year.data)
        except CaseError as error:
            show_refusal(form, error, fallback="year")
        else:
            flash(f"{form.year.data} added", "success")
            return redirect(url_for(".coverage_page"))
    years = coverage.years()
    return render_template("engage/coverage.html", years=years,
                           tables={y: coverage.by_bcu(y) for y in years},
                           counts={y: coverage.counts(y) for y in years},
                           form=form, year_form=form, can_edit=True), 400


def _coverage_row_or_404(year: str, borough_uuid: str) -> Coverage:
    try:
        parsed = uuid.UUID(borough_uuid)
    except ValueError:
        abort(404)
    row = db.session.scalar(select(Coverage).join(Borough).where(
        Coverage.financial_year == year, Borough.uuid == parsed))
    if row is None:
        abort(404)
    return row


@bp.route("/reports")
@roles_required(Role.COORDINATOR, Role.ANALYST)
def reports_page():
    """Offer take-up per suite and month, and the 48-hour follow-up rate per suite and BCU."""
    programmes = reports.report_programmes(current_user)
    return render_template(
        "engage/reports.html", programmes=programmes,
        take_up={p: reports.take_up(p) for p in programmes},
        follow_up={p: reports.follow_up_rates(p) for p in programmes})


@bp.route("/admin/users/<uuid:user_id>/suites", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def user_suites(user_id: uuid.UUID):
    """Choose the custody suites a custody worker works at."""
    user = db.session.scalar(select(User).where(User.uuid == user_id))
    if user is None or user.role != Role.CUSTODY_WORKER:
        abort(404)
    all_suites = all_custody_suites()
    form = SuitesForm(data={"suites": [str(s.uuid) for s in all_suites
                                       if s.id in assigned_suite_ids(user.id)]})
    form.suites.choices = as_choices(
        (str(s.uuid), f"{s.name} ({s.bcu.code})" + ("" if s.active else ", closed"))
        for s in all_suites)
    if form.validate_on_submit():
        chosen = [s for s in all_suites if str(s.uuid) in set(form.suites.data or [])]
        changed = set_suites(user, chosen)
        flash("Custody suites saved" if changed else "Nothing was changed", "success")
        return redirect(url_for("admin.user", user_id=user.uuid))
    return render_template("engage/user_suites.html", user=user, form=form), \
        400 if form.is_submitted() else 200
