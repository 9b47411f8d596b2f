"""The page that corrects a custody encounter (its facts and release time), with its history."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from engage import choices, corrections, services
from engage.blueprint import bp
from engage.correction_forms import CorrectEncounterForm
from engage.forms import SERVICE_FIELD_TO_FORM
from shared.audit import services as audit
from shared.auth.permissions import roles_required
from shared.auth.roles import Role
from shared.cases import corrections as history
from shared.cases.history import present
from shared.cases.services import CaseError
from shared.clock import LONDON
from shared.refusals import show_refusal

CODES = {"episode": choices.EPISODES, "offence_category": choices.OFFENCES,
         "police_outcome": choices.POLICE_OUTCOMES}


@bp.route("/encounters/<encounter_uuid>/correct", methods=["GET", "POST"])
@roles_required(Role.CUSTODY_WORKER)
def correct_encounter(encounter_uuid: str):
    """Correct the custody facts or the release time, giving the reason."""
    found = services.get_encounter_or_404(current_user, encounter_uuid)
    form = CorrectEncounterForm(data=None if _submitted() else _current(found))
    if form.validate_on_submit():
        try:
            corrections.correct_encounter(current_user, found, form.changes(), form.reason.data)
        except CaseError as refused:
            show_refusal(form, refused, SERVICE_FIELD_TO_FORM, fallback="reason")
            found = services.get_encounter_or_404(current_user, encounter_uuid)
        else:
            flash("Encounter corrected", "success")
            return redirect(url_for(".encounter", encounter_uuid=found.uuid))
    audit.record("view", "custody_encounter", found.uuid, detail="history")
    rows = history.history(found.case, "encounter", found.uuid) if found.case else []
    return render_template("engage/correct_encounter.html", encounter=found, form=form,
                           history=present("encounter", rows, CODES)), \
        400 if form.is_submitted() else 200


def _submitted() -> bool:
    return request.method == "POST"


def _current(found) -> dict:
    released = found.released_at.astimezone(LONDON) if found.released_at else None
    return {"episode": found.episode, "offence_category": found.offence_category,
            "police_outcome": found.police_outcome or "",
            "liaison_diversion": "yes" if found.liaison_diversion else "no",
            "released_date": released.date() if released else None,
            "released_time": released.strftime("%H:%M") if released else ""}
