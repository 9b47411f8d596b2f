"""Case lists, search, assignment and the team's caseload: thin, every change through a service."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from shared.auth.permissions import roles_required
from shared.auth.roles import Role
from shared.cases.scoping import get_case_or_404
from shared.extensions import db
from shared.forms import as_choices
from shared.worklists import assignment, filters, lists, rows, search, team
from shared.worklists.forms import AssignForm, SearchForm
from shared.worklists.options import filter_options

bp = Blueprint("worklists", __name__, url_prefix="/caseload")
BOTH = (Role.COORDINATOR, Role.PARTNER)
TITLES = {"cases": "Open cases", "mine": "My cases", "unassigned": "Unassigned cases",
          "closed": "Closed cases"}
PRESETS = {"mine": {"assigned": "me"}, "unassigned": {"assigned": "unassigned"}}


@bp.route("/")
@roles_required(*BOTH)
def cases():
    """Every open case in scope, filtered and sorted as asked."""
    return _list("cases")


@bp.route("/mine")
@roles_required(*BOTH)
def mine():
    """The open cases the user is named on."""
    return _list("mine")


@bp.route("/unassigned")
@roles_required(*BOTH)
def unassigned():
    """Open cases nobody in the user's team is named on."""
    return _list("unassigned")


@bp.route("/closed")
@roles_required(*BOTH)
def closed():
    """Closed, declined and no-further-action cases."""
    return _list("closed")


def _list(name: str):
    args = {**request.args.to_dict(), **PRESETS.get(name, {})}
    try:
        wanted = filters.parse(args, view="closed" if name == "closed" else "open")
    except filters.FilterRefused as error:
        return render_template("worklists/refused.html", message=str(error)), 400
    # The filter form opens when the person asked for something (not for the view's preset).
    wanted.query = {k: v for k, v in request.args.items() if v and k not in ("list_after",
                                                                           "list_before")}
    page = lists.case_list(current_user, wanted, request.args.get("list_after"),
                           request.args.get("list_before"))
    shown = rows.rows_of(list(page), name)
    return render_template("worklists/list.html", name=name, title=TITLES[name], page=page,
                           rows=shown, filters=wanted, options=filter_options(current_user),
                           assign_form=_assign_form(), sorts=filters.SORTS,
                           assigned_choices=filters.ASSIGNED)


def _assign_form(**kwargs) -> AssignForm:
    form = AssignForm(prefix="assign", **kwargs)
    form.assignee.choices = as_choices([("", "Nobody (unassign)")] + [
        (str(u.uuid), u.full_name) for u in assignment.colleagues(current_user)])
    return form


@bp.route("/assign", methods=["POST"])
@roles_required(*BOTH)
def assign_many():
    """Assign (or unassign) every selected case at once; all or nothing."""
    form = _assign_form()
    back = _safe_back(request.form.get("back"))
    if not form.validate_on_submit():
        abort(400)
    try:
        assignee = assignment.colleague_by_uuid(current_user, form.assignee.data)
        count = assignment.assign_many(current_user, request.form.getlist("cases"), assignee)
    except assignment.AssignmentRefused as error:
        db.session.rollback()
        return render_template("worklists/refused.html", message=str(error), back=back), 400
    who = assignee.full_name if assignee else "nobody"
    flash(f"{count} case{'s' if count != 1 else ''} assigned to {who}", "success")
    return redirect(back)


@bp.route("/<case_uuid>/assign", methods=["GET", "POST"])
@roles_required(*BOTH)
def assign_one(case_uuid: str):
    """Assign one case to a colleague, from its own page."""
    case = get_case_or_404(current_user, case_uuid)
    current = case.worker if current_user.role == Role.PARTNER else case.coordinator
    form = _assign_form(assignee=str(current.uuid) if current else "")
    if form.validate_on_submit():
        try:
            assignment.assign(case, current_user,
                              assignment.colleague_by_uuid(current_user, form.assignee.data))
        except assignment.AssignmentRefused as error:
            db.session.rollback()
            case = get_case_or_404(current_user, case_uuid)
            form.assignee.errors = [str(error)]
            return render_template("worklists/assign.html", case=case, form=form), 400
        flash("Assignment saved", "success")
        return redirect(url_for("cases.show", case_uuid=case.uuid))
    return render_template("worklists/assign.html", case=case, form=form)


@bp.route("/search")
@roles_required(*BOTH)
def find():
    """Search the cases in scope by reference, surname (and first name) or date of birth."""
    form = SearchForm(formdata=request.args if request.args else None)
    result, status = None, 200
    if request.args and form.validate():
        try:
            result = search.search(current_user, form.reference.data, form.surname.data,
                                   form.first_name.data, form.date_of_birth.data)
        except search.SearchRefused as error:
            getattr(form, error.field or "surname").errors = [str(error)]
            status = 400
    elif request.args:
        status = 400
    shown = rows.rows_of(result.cases, "search") if result else []
    return render_template("worklists/search.html", form=form, result=result,
                           rows=shown), status


@bp.route("/team")
@roles_required(*BOTH)
def team_view():
    """Every colleague's open cases, overdue actions and actions due today or tomorrow."""
    return render_template("worklists/team.html", loads=team.team_caseload(current_user),
                           label=team.WorkerLoad.label)


def _safe_back(value: str | None) -> str:
    # Only back to one of this blueprint's own lists, never an address from outside.
    if value and value.startswith("/caseload") and "//" not in value:
        return value
    return url_for("worklists.cases")


@bp.app_context_processor
def list_helpers() -> dict:
    """What the list templates need to build their selects."""
    return {"build_items": build_items}


def build_items(pairs, value) -> list[dict]:
    """GOV.UK select items from (value, label) pairs, VALUE selected."""
    chosen = "" if value is None else str(value)
    return [{"value": str(v), "text": t, "selected": str(v) == chosen} for v, t in pairs]
