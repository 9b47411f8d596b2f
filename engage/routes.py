"""Custody worker pages: record encounters, releases and follow-ups; see the dashboard."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from engage import choices, services
from engage import follow_up as deadlines
from engage.forms import SERVICE_FIELD_TO_FORM, EncounterForm, FollowUpForm, ReleaseForm
from shared.audit import services as audit
from shared.auth.permissions import roles_required
from shared.auth.roles import Role
from shared.cases.scoping import get_case_or_404
from shared.cases.services import CaseError
from shared.cases.states import STATUS_LABELS
from shared.clock import today
from shared.refusals import show_refusal

bp = Blueprint("engage", __name__, url_prefix="/engage")
WORKER = Role.CUSTODY_WORKER


@bp.context_processor
def labels() -> dict:
    """The closed lists the custody pages show."""
    return {"engage_choices": choices, "status_labels": STATUS_LABELS,
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
                           age_range=choices.AGE_RANGES[programme],
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
    return _encounter_page(found, ReleaseForm(), FollowUpForm())


def _encounter_page(found, release_form, follow_up_form, status: int = 200):
    held = found.follow_up_at if found.follow_up_held else None
    state = deadlines.follow_up_state(found.released_at, held)
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
    return render_template("engage/follow_ups.html", groups=services.dashboard(current_user),
                           today=today())


@bp.route("/cases/<case_uuid>")
@roles_required(WORKER)
def case(case_uuid: str):
    """A custody worker's view of a case from their suites: reference and progress only."""
    found = get_case_or_404(current_user, case_uuid)
    audit.record("view", "case", found.uuid)
    return render_template("engage/case.html", case=found)


from engage import admin_routes  # noqa: E402, F401  the coverage, report and admin pages
