"""ENGAGE pages: custody workers record encounters, releases and follow-ups and see their
dashboard; coverage, take-up and follow-up reports; the admin's custody-suite assignments."""

from __future__ import annotations

import uuid

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from engage import choices, coverage, reports, services
from engage import follow_up as deadlines
from engage.blueprint import bp
from engage.forms import (
    SERVICE_FIELD_TO_FORM,
    CoverageForm,
    CoverageYearForm,
    EncounterForm,
    FollowUpForm,
    ReleaseForm,
)
from engage.models import Coverage
from shared import seams
from shared.audit import services as audit
from shared.auth.permissions import roles_required
from shared.auth.roles import Role
from shared.cases.scoping import get_case_or_404
from shared.cases.services import CaseError
from shared.cases.states import STATUS_LABELS
from shared.clock import today
from shared.extensions import db
from shared.reference.models import Borough
from shared.refusals import show_refusal

WORKER = Role.CUSTODY_WORKER


@bp.context_processor
def labels() -> dict:
    """The closed lists the custody pages show."""
    return {"engage_choices": choices, "status_labels": STATUS_LABELS,
            "programme_labels": seams.labels(),
            "window_opens": deadlines.WINDOW_OPENS,
            "window_closes": deadlines.WINDOW_CLOSES}


@bp.route("/encounters")
@roles_required(WORKER)
def encounters():
    """The latest encounters at the worker's custody suites."""
    return render_template("engage/encounters.html", suites=services.suites_of(current_user),
                           encounters=services.recent_encounters(current_user))


@bp.route("/encounters/new", methods=["GET", "POST"])
@roles_required(WORKER)
def new_encounter():
    """The encounter form; a valid one is saved (an accepted offer becomes a case)."""
    programme = services.programme_for(current_user)
    form = EncounterForm(services.suites_of(current_user))
    if form.validate_on_submit():
        encounter = _record(form)
        if encounter is not None:
            flash("Encounter saved" + (f": case {encounter.case.reference} is ready for "
                                       "triage" if encounter.case else ""), "success")
            return redirect(url_for(".encounter", encounter_uuid=encounter.uuid))
    return render_template("engage/new_encounter.html", form=form, programme=programme,
                           age_range=seams.programme(programme).ages,
                           ), 400 if form.is_submitted() else 200


def _record(form: EncounterForm):
    try:
        return services.record_encounter(current_user, form.submission_uuid(),
                                         form.encounter_data())
    except CaseError as refused:
        show_refusal(form, refused, SERVICE_FIELD_TO_FORM)
    return None


@bp.route("/encounters/<encounter_uuid>")
@roles_required(WORKER)
def encounter(encounter_uuid: str):
    """One encounter, with its release and follow-up forms."""
    found = services.get_encounter_or_404(current_user, encounter_uuid)
    audit.record("view", "custody_encounter", found.uuid)
    if found.case is not None:
        # The page names the child and shows the parent's or carer's phone.
        audit.record("view", "case", found.case.uuid, detail="custody encounter page")
    return _encounter_page(found, ReleaseForm(), FollowUpForm())


def _encounter_page(found, release_form, follow_up_form, status: int = 200):
    state = deadlines.state_of(found)
    window = deadlines.window(found.released_at) if found.released_at else None
    return render_template("engage/encounter.html", encounter=found, state=state,
                           window=window, release_form=release_form,
                           follow_up_form=follow_up_form,
                           form=release_form if release_form.errors else follow_up_form), status


@bp.route("/encounters/<encounter_uuid>/release", methods=["POST"])
@roles_required(WORKER)
def release(encounter_uuid: str):
    """Record the release time."""
    found = services.get_encounter_or_404(current_user, encounter_uuid)
    form = ReleaseForm()
    if form.validate_on_submit():
        try:
            services.record_release(current_user, found, form.released_at)
        except CaseError as refused:
            show_refusal(form, refused, SERVICE_FIELD_TO_FORM)
        else:
            flash("Release time saved", "success")
            return redirect(url_for(".encounter", encounter_uuid=found.uuid))
    return _encounter_page(found, form, FollowUpForm(), 400)


@bp.route("/encounters/<encounter_uuid>/follow-up", methods=["POST"])
@roles_required(WORKER)
def follow_up(encounter_uuid: str):
    """Record the follow-up meeting."""
    found = services.get_encounter_or_404(current_user, encounter_uuid)
    form = FollowUpForm()
    if form.validate_on_submit():
        try:
            services.record_follow_up(current_user, found, form.meeting_at,
                                      form.held.data == "yes")
        except CaseError as refused:
            show_refusal(form, refused, SERVICE_FIELD_TO_FORM)
        else:
            flash("Follow-up saved", "success")
            return redirect(url_for(".follow_ups"))
    return _encounter_page(found, ReleaseForm(), form, 400)


@bp.route("/follow-ups")
@roles_required(WORKER)
def follow_ups():
    """The worker's dashboard: follow-ups overdue, due today, coming up and met."""
    groups = services.dashboard(current_user)
    for state in services.TO_DO:
        for shown in groups[state]:
            if shown.case is not None:
                # The list names each child still to follow up: audited as a view of them.
                audit.record("view", "case", shown.case.uuid, detail="follow-up list")
    return render_template("engage/follow_ups.html", groups=groups, today=today())


@bp.route("/cases/<case_uuid>")
@roles_required(WORKER)
def case(case_uuid: str):
    """A custody worker's view of a case from their suites: reference and progress only."""
    found = get_case_or_404(current_user, case_uuid)
    audit.record("view", "case", found.uuid)
    return render_template("engage/case.html", case=found)


# --- coverage, reports and custody-suite assignments -------------------------------------------

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
