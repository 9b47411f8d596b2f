"""Pages that correct a contact, goal, action or outcome, and reopen a closed case.

Each shows the record's history of corrections (audited as a view of the case); each change
goes through a service that keeps the earlier value sealed (shared/cases/corrections.py).
"""

from __future__ import annotations

import uuid as uuid_module

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from shared.audit import services as audit
from shared.auth.permissions import roles_required
from shared.auth.roles import Role
from shared.cases import amend, contacts, corrections
from shared.cases.contact_forms import CorrectContactForm
from shared.cases.correction_forms import (
    CorrectActionForm,
    CorrectGoalForm,
    CorrectOutcomeForm,
    ReopenForm,
)
from shared.cases.history import present
from shared.cases.page import find_child
from shared.cases.plan_models import Action, Goal
from shared.cases.scoping import get_case_or_404
from shared.cases.services import CaseError
from shared.refusals import show_refusal

bp = Blueprint("corrections", __name__, url_prefix="/cases")
BOTH = (Role.COORDINATOR, Role.PARTNER)


def _page(case_uuid: str, spec: dict):
    """Show, or apply, one correction form; SPEC names the record and how to change it."""
    case = get_case_or_404(current_user, case_uuid)
    record = spec["find"](case)
    form = spec["form"](prefix="correct")
    if not form.is_submitted():
        spec["fill"](form, record)
    elif form.validate_on_submit():
        try:
            spec["apply"](record, form)
        except CaseError as error:
            show_refusal(form, error, fallback="submit")
        else:
            flash(spec["done"], "success")
            return redirect(url_for("cases.show", case_uuid=case_uuid) + spec["anchor"])
        case = get_case_or_404(current_user, case_uuid)
        record = spec["find"](case)
    audit.record("view", "case", case.uuid, detail=f"{spec['type']} history")
    rows = corrections.history(case, spec["type"], spec["uuid"](record))
    return render_template("cases/correct.html", case=case, form=form, title=spec["title"],
                           history=present(spec["type"], rows), anchor=spec["anchor"],
                           action=request.path), 400 if form.is_submitted() else 200


def _contact(case, contact_uuid: str):
    try:
        wanted = uuid_module.UUID(contact_uuid)
    except ValueError:
        abort(404)
    found = next((c for c in case.contacts if c.uuid == wanted), None)
    return found if found is not None else abort(404)


@bp.route("/<case_uuid>/contacts/<contact_uuid>/correct", methods=["GET", "POST"])
@roles_required(*BOTH)
def contact(case_uuid: str, contact_uuid: str):
    """Correct a contact."""
    return _page(case_uuid, {
        "type": "contact", "title": "Correct a contact", "form": CorrectContactForm,
        "find": lambda case: _contact(case, contact_uuid), "uuid": lambda c: c.uuid,
        "fill": lambda form, c: form.fill(contacts.details_of(c)),
        "apply": lambda c, form: contacts.correct_contact(c, current_user, form.details(),
                                                          form.reason.data),
        "done": "Contact corrected", "anchor": "#contacts"})


@bp.route("/<case_uuid>/goals/<goal_uuid>/correct", methods=["GET", "POST"])
@roles_required(*BOTH)
def goal(case_uuid: str, goal_uuid: str):
    """Correct a goal's wording."""
    def fill(form, found):
        form.title.data = found.title
    return _page(case_uuid, {
        "type": "goal", "title": "Correct a goal", "form": CorrectGoalForm,
        "find": lambda case: find_child(case, Goal, goal_uuid), "uuid": lambda g: g.uuid,
        "fill": fill, "done": "Goal corrected", "anchor": "#plan",
        "apply": lambda g, form: amend.correct_goal(g, current_user, form.title.data,
                                                    form.reason.data)})


@bp.route("/<case_uuid>/actions/<action_uuid>/correct", methods=["GET", "POST"])
@roles_required(*BOTH)
def action(case_uuid: str, action_uuid: str):
    """Correct an action's wording, owner or due date."""
    def fill(form, found):
        form.description.data, form.owner.data = found.description, found.owner
        form.due_date.data = found.due_date
    return _page(case_uuid, {
        "type": "action", "title": "Correct an action", "form": CorrectActionForm,
        "find": lambda case: find_child(case, Action, action_uuid), "uuid": lambda a: a.uuid,
        "fill": fill, "done": "Action corrected", "anchor": "#plan",
        "apply": lambda a, form: amend.correct_action(
            a, current_user, form.description.data, form.owner.data, form.due_date.data,
            form.reason.data)})


@bp.route("/<case_uuid>/outcome/correct", methods=["GET", "POST"])
@roles_required(Role.PARTNER)
def outcome(case_uuid: str):
    """Correct the saved outcome."""
    def fill(form, case):
        saved = amend.outcome_of(case)
        form.engaged.data = {True: "yes", False: "no"}.get(saved["engaged"])
        form.needs.data, form.ete_outcome.data = saved["needs"], saved["ete_outcome"] or ""
    return _page(case_uuid, {
        "type": "outcome", "title": "Correct the outcome", "form": CorrectOutcomeForm,
        "find": lambda case: case, "uuid": lambda case: case.uuid, "fill": fill,
        "done": "Outcome corrected", "anchor": "#outcome",
        "apply": lambda case, form: amend.correct_outcome(
            case, current_user, form.engaged.data == "yes", form.needs.data or [],
            form.ete_outcome.data or None, form.reason.data)})


@bp.route("/<case_uuid>/reopen", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def reopen(case_uuid: str):
    """Reopen a closed case, with the reason."""
    return _page(case_uuid, {
        "type": "closure", "title": "Reopen the case", "form": ReopenForm,
        "find": lambda case: case, "uuid": lambda case: case.uuid,
        "fill": lambda form, case: None, "done": "Case reopened", "anchor": "#timeline",
        "apply": lambda case, form: amend.reopen(case, current_user, form.reason.data)})
