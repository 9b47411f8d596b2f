"""Case pages for coordinators and partners: thin, every change through a service."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from shared.audit import services as audit
from shared.auth.permissions import roles_required
from shared.auth.roles import Role
from shared.cases import choices, contacts, forms, plans, queries, services
from shared.cases import confirm as confirming
from shared.cases.contact_forms import ContactForm
from shared.cases.disclosure import identity_withheld
from shared.cases.page import action_prefix, case_page_context, find_child, status_prefix
from shared.cases.plan_models import Action, Goal
from shared.cases.scoping import get_case_or_404, is_visible
from shared.cases.states import STATUS_LABELS, TransitionRefused
from shared.clock import today
from shared.extensions import db
from shared.forms import as_choices
from shared.refusals import show_refusal

bp = Blueprint("cases", __name__, url_prefix="/cases")
BOTH = (Role.COORDINATOR, Role.PARTNER)


@bp.app_context_processor
def case_labels() -> dict:
    """Labels every case list needs."""
    return {"status_labels": STATUS_LABELS, "priorities": choices.PRIORITIES,
            "today": today(), "label_list": label_list}


def label_list(mapping: dict, values) -> str:
    """Labels of VALUES from MAPPING, comma separated ('' for none)."""
    return ", ".join(mapping.get(v, v) for v in values or [])


@bp.route("/")
@roles_required(Role.COORDINATOR)
def queue():
    """The coordinator's queue: awaiting triage (oldest first), then open cases by priority."""
    args = request.args
    return render_template(
        "cases/queue.html",
        awaiting=queries.triage_queue(current_user, args.get("awaiting_after"),
                                      args.get("awaiting_before")),
        open_cases=queries.open_cases(current_user, args.get("open_after"),
                                      args.get("open_before")))


@bp.route("/<case_uuid>")
@roles_required(*BOTH)
def show(case_uuid: str):
    """The case page; every view is audited."""
    case = get_case_or_404(current_user, case_uuid)
    audit.record("view", "case", case.uuid,
                 detail="identity withheld" if identity_withheld(current_user, case) else None)
    return render_template("cases/case.html", **case_page_context(case))


def _act(case_uuid: str, form_name: str, form_class, change, confirm=None):
    """Validate FORM_CLASS, apply CHANGE(case, form), redirect; re-render with 400 if refused.

    CONFIRM(case, form) returns what a destructive change will do: until the person confirms
    it on its own page, that page is shown and nothing changes.
    """
    case = get_case_or_404(current_user, case_uuid)
    form = form_class(prefix=form_name)
    if form_name == "handoff":
        form.organisation.choices = as_choices(
            (str(o.uuid), o.name) for o in queries.partner_organisations())
    if form.validate_on_submit():
        try:
            confirmation = confirm(case, form) if confirm else None
            if confirmation and not confirming.is_confirmed():
                return confirming.ask(case, request.path, confirmation)
            message = change(case, form)
        except (services.CaseError, TransitionRefused) as error:
            # An error about no particular field is shown against the form's button.
            show_refusal(form, error, fallback="submit")
            return _refused(case_uuid, form_name, form, error)
        flash(message, "success")
        return _after_change(case, form_name)
    return _refused(case_uuid, form_name, form, None)


def _after_change(case, form_name: str):
    """Back to the case, or to the list when the change took the case out of the user's scope."""
    db.session.flush()
    if is_visible(current_user, case):
        return redirect(url_for("cases.show", case_uuid=case.uuid) + f"#{form_name}")
    return redirect(url_for("home.index"))


def _refused(case_uuid: str, form_name: str, form, error):
    case = get_case_or_404(current_user, case_uuid)
    status = 409 if isinstance(error, (TransitionRefused, services.HandoffAlreadyDecided)) else 400
    context = case_page_context(case, **{form_name: form})
    return render_template("cases/case.html", form=form, **context), status


@bp.route("/<case_uuid>/triage", methods=["POST"])
@roles_required(Role.COORDINATOR)
def triage(case_uuid: str):
    """Record the triage decision."""
    def change(case, form):
        services.triage(case, current_user, form.decision.data, form.risk_level.data,
                        form.priority.data, form.reason.data or None, form.note.data or None)
        return "Triage decision recorded"
    return _act(case_uuid, "triage", forms.TriageForm, change,
               confirming.for_triage)


@bp.route("/<case_uuid>/goals", methods=["POST"])
@roles_required(*BOTH)
def add_goal(case_uuid: str):
    """Add a goal to the plan."""
    def change(case, form):
        plans.add_goal(case, current_user, form.title.data)
        return "Goal added"
    return _act(case_uuid, "goal", forms.GoalForm, change)


@bp.route("/<case_uuid>/goals/<goal_uuid>/actions", methods=["POST"])
@roles_required(*BOTH)
def add_action(case_uuid: str, goal_uuid: str):
    """Add an action to a goal."""
    goal = find_child(get_case_or_404(current_user, case_uuid), Goal, goal_uuid)

    def change(case, form):
        plans.add_action(goal, current_user, form.description.data, form.owner.data,
                         form.due_date.data)
        return "Action added"
    return _act(case_uuid, action_prefix(goal), forms.ActionForm, change)


@bp.route("/<case_uuid>/actions/<action_uuid>/status", methods=["POST"])
@roles_required(*BOTH)
def action_status(case_uuid: str, action_uuid: str):
    """Change an action's status."""
    action = find_child(get_case_or_404(current_user, case_uuid), Action, action_uuid)

    def change(case, form):
        plans.set_action_status(action, current_user, form.status.data)
        return "Action updated"
    return _act(case_uuid, status_prefix(action), forms.ActionStatusForm, change)


@bp.route("/<case_uuid>/agree-plan", methods=["POST"])
@roles_required(Role.COORDINATOR)
def agree_plan(case_uuid: str):
    """Agree the action plan."""
    def change(case, form):
        services.agree_plan(case, current_user)
        return "Action plan agreed"
    return _act(case_uuid, "agree", forms.ButtonForm, change)


@bp.route("/<case_uuid>/handoff", methods=["POST"])
@roles_required(Role.COORDINATOR)
def hand_off(case_uuid: str):
    """Hand the case to a partner organisation."""
    def change(case, form):
        organisation = queries.organisation_by_uuid(form.organisation.data)
        services.hand_off(case, current_user, organisation, form.reason.data)
        return f"Handed off to {organisation.name}"
    return _act(case_uuid, "handoff", forms.HandoffForm, change)


@bp.route("/<case_uuid>/handoff/withdraw", methods=["POST"])
@roles_required(Role.COORDINATOR)
def withdraw(case_uuid: str):
    """Withdraw a pending hand-off."""
    def change(case, form):
        services.withdraw_hand_off(case, current_user)
        return "Hand-off withdrawn"
    return _act(case_uuid, "withdraw", forms.ButtonForm, change,
               confirming.for_withdraw)


@bp.route("/<case_uuid>/handoff/decision", methods=["POST"])
@roles_required(Role.PARTNER)
def decide(case_uuid: str):
    """The partner accepts or declines the hand-off."""
    def change(case, form):
        accept = form.decision.data == "accept"
        services.decide_hand_off(case, current_user, accept, form.decline_reason.data or None,
                                 form.note.data or None)
        return "Hand-off accepted" if accept else "Hand-off declined"
    return _act(case_uuid, "decision", forms.DecisionForm, change,
               confirming.for_partner_decision)


@bp.route("/<case_uuid>/contacts", methods=["POST"])
@roles_required(*BOTH)
def log_contact(case_uuid: str):
    """Log a contact with the young person (the coordinator or the partner)."""
    def change(case, form):
        contacts.record_contact(case, current_user, form.details())
        return "Contact logged"
    return _act(case_uuid, "contact", ContactForm, change)


@bp.route("/<case_uuid>/outcome", methods=["POST"])
@roles_required(Role.PARTNER)
def outcome(case_uuid: str):
    """Record the outcome."""
    def change(case, form):
        services.record_outcome(case, current_user, form.engaged.data == "yes",
                                form.needs.data or [], form.ete_outcome.data or None)
        return "Outcome saved"
    return _act(case_uuid, "outcome", forms.OutcomeForm, change)


@bp.route("/<case_uuid>/close", methods=["POST"])
@roles_required(*BOTH)
def close(case_uuid: str):
    """Close the case with a reason."""
    def change(case, form):
        services.close(case, current_user, form.reason.data, form.note.data or None)
        return "Case closed"
    return _act(case_uuid, "close", forms.CloseForm, change,
               confirming.for_close)


@bp.route("/<case_uuid>/close-erased", methods=["POST"])
@roles_required(Role.COORDINATOR)
def close_erased(case_uuid: str):
    """Close an erased young person's case, so it leaves every queue."""
    def change(case, form):
        services.close_erased(case, current_user)
        return "Case closed: the young person's details were erased"
    return _act(case_uuid, "close_erased", forms.ButtonForm, change,
                confirming.for_close_erased)


@bp.route("/<case_uuid>/refer-back", methods=["POST"])
@roles_required(Role.PARTNER)
def refer_back(case_uuid: str):
    """Refer the young person back into triage."""
    def change(case, form):
        services.refer_back(case, current_user, form.note.data or None)
        return "Referred back to the coordinator"
    return _act(case_uuid, "referback", forms.ReferBackForm, change,
               confirming.for_refer_back)
