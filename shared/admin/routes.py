"""Admin pages for role admin only: users, organisations and reference data."""

from __future__ import annotations

import uuid

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from shared.admin import services
from shared.admin import suites as _suites  # noqa: F401 (its page joins this blueprint)
from shared.admin.blueprint import bp
from shared.admin.common import initial, status_of
from shared.admin.forms import (
    ActionForm,
    BcuForm,
    BoroughForm,
    ChangeRoleForm,
    CustodySuiteForm,
    InviteUserForm,
    NewOrganisationForm,
    OrganisationForm,
    UserSearchForm,
    as_choices,
)
from shared.auth import services as accounts
from shared.auth.models import User
from shared.auth.permissions import roles_required
from shared.auth.roles import ROLE_LABELS, Role
from shared.extensions import db
from shared.reference import services as reference_data
from shared.reference.models import ORGANISATION_KINDS, Bcu, Borough, CustodySuite, Organisation
from shared.refusals import show_refusal

ORGANISATION_PLACEHOLDER = [("", "Choose an organisation")]


@bp.app_template_filter("role_label")
def role_label(role: str) -> str:
    """The readable name of a role value."""
    return ROLE_LABELS.get(role, role)


@bp.route("/users", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def users() -> ResponseReturnValue:
    """Every account, filtered by role and searched by email through a POST form."""
    form = UserSearchForm()
    if form.is_submitted() and not form.validate():
        return render_template("admin/users.html", form=form, users=[]), 400
    found = services.find_users(form.role.data, form.email.data)
    return render_template("admin/users.html", form=form, users=found,
                           searched=form.is_submitted())


@bp.route("/users/invite", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def invite_user() -> ResponseReturnValue:
    """Create an account without a password and show its invitation link once."""
    form = InviteUserForm()
    form.organisation.choices = as_choices(ORGANISATION_PLACEHOLDER
                                           + services.organisation_choices())
    if form.validate_on_submit():
        try:
            user, token = services.invite_new_user(form.email.data, form.full_name.data,
                                                   form.role.data, form.organisation.data)
        except accounts.AccountError as error:
            show_refusal(form, error)
        else:
            return _show_invitation(user, token, new=True)
    return render_template("admin/user_invite.html", form=form), 400 if form.errors else 200


@bp.route("/users/<uuid:user_id>")
@roles_required(Role.ADMIN)
def user(user_id: uuid.UUID) -> ResponseReturnValue:
    """One account: its details and the actions an admin can take."""
    found = _user_or_404(user_id)
    form = ChangeRoleForm(data={"role": found.role, "organisation": found.organisation.code})
    return _render_user(found, form)


@bp.route("/users/<uuid:user_id>/role", methods=["POST"])
@roles_required(Role.ADMIN)
def change_role(user_id: uuid.UUID) -> ResponseReturnValue:
    """Move the user to another role and organisation (their sessions end)."""
    found = _user_or_404(user_id)
    form = ChangeRoleForm()
    form.organisation.choices = as_choices(_organisation_choices(found))
    if form.validate_on_submit():
        try:
            changed = services.change_role(current_user, found, form.role.data,
                                           form.organisation.data)
        except accounts.AccountError as error:
            show_refusal(form, error)
        else:
            flash("Role and organisation changed. The user has been signed out" if changed
                  else "Nothing was changed", "success" if changed else "info")
            return redirect(url_for("admin.user", user_id=found.uuid))
    return _render_user(found, form), 400


@bp.route("/users/<uuid:user_id>/deactivate", methods=["POST"])
@roles_required(Role.ADMIN)
def deactivate(user_id: uuid.UUID) -> ResponseReturnValue:
    """Deactivate the account and end all its sessions."""
    return _set_active(user_id, False)


@bp.route("/users/<uuid:user_id>/reactivate", methods=["POST"])
@roles_required(Role.ADMIN)
def reactivate(user_id: uuid.UUID) -> ResponseReturnValue:
    """Let a deactivated account sign in again."""
    return _set_active(user_id, True)


@bp.route("/users/<uuid:user_id>/unlock", methods=["POST"])
@roles_required(Role.ADMIN)
def unlock(user_id: uuid.UUID) -> ResponseReturnValue:
    """Lift a lockout after too many failed sign-ins."""
    found = _user_or_404(user_id)
    accounts.unlock(found)
    flash("Account unlocked. The user can sign in again", "success")
    return redirect(url_for("admin.user", user_id=found.uuid))


@bp.route("/users/<uuid:user_id>/reset-authenticator", methods=["POST"])
@roles_required(Role.ADMIN)
def reset_mfa(user_id: uuid.UUID) -> ResponseReturnValue:
    """Forget the user's authenticator app so they set it up again at next sign-in."""
    found = _user_or_404(user_id)
    accounts.reset_mfa(found)
    flash("Authenticator reset. The user will set one up at their next sign-in", "success")
    return redirect(url_for("admin.user", user_id=found.uuid))


@bp.route("/users/<uuid:user_id>/invitation", methods=["POST"])
@roles_required(Role.ADMIN)
def reissue_invitation(user_id: uuid.UUID) -> ResponseReturnValue:
    """Issue a new one-time invitation link (earlier unused links stop working)."""
    found = _user_or_404(user_id)
    try:
        token = services.reissue_invitation(found)
    except accounts.AccountError as error:
        return _render_user(found, _role_form(found), problem=str(error)), 400
    return _show_invitation(found, token, new=False)


def _set_active(user_id: uuid.UUID, active: bool) -> ResponseReturnValue:
    found = _user_or_404(user_id)
    try:
        services.set_active(current_user, found, active)
    except accounts.AccountError as error:
        return _render_user(found, _role_form(found), problem=str(error)), 400
    flash("Account reactivated" if active
          else "Account deactivated. The user has been signed out", "success")
    return redirect(url_for("admin.user", user_id=found.uuid))


def _user_or_404(user_id: uuid.UUID) -> User:
    return db.first_or_404(select(User).where(User.uuid == user_id))


def _role_form(found: User) -> ChangeRoleForm:
    return ChangeRoleForm(formdata=None, data={"role": found.role,
                                               "organisation": found.organisation.code})


def _organisation_choices(found: User) -> list[tuple[str, str]]:
    """Active organisations, plus the user's own even if it has since been deactivated."""
    choices = services.organisation_choices()
    if found.organisation.code not in {code for code, _ in choices}:
        choices.append((found.organisation.code, found.organisation.name))
    return choices


def _render_user(found: User, form: ChangeRoleForm, problem: str | None = None) -> str:
    form.organisation.choices = as_choices(_organisation_choices(found))
    return render_template("admin/user.html", user=found, form=form, action_form=ActionForm(),
                           problem=problem, is_self=found.id == current_user.id)


def _show_invitation(user: User, token: str, new: bool) -> str:
    link = url_for("auth.accept_invitation", token=token, _external=True)
    return render_template("admin/invitation_link.html", user=user, link=link, new=new)


@bp.route("/organisations")
@roles_required(Role.ADMIN)
def organisations() -> ResponseReturnValue:
    """Every organisation, active or not."""
    return render_template("admin/organisations.html", organisations=services.all_organisations(),
                           kinds=ORGANISATION_KINDS)


@bp.route("/organisations/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def add_organisation() -> ResponseReturnValue:
    """Add an organisation with a permanent code."""
    form = NewOrganisationForm(data=initial({"status": "active"}))
    if form.validate_on_submit():
        try:
            services.add_organisation(form.code.data, form.name.data, form.kind.data,
                                      form.status.data == "active")
        except services.OrganisationError as error:
            show_refusal(form, error)
        else:
            flash(f"{form.name.data} added", "success")
            return redirect(url_for("admin.organisations"))
    return render_template("admin/organisation_form.html", form=form, organisation=None), (
        400 if form.errors else 200)


@bp.route("/organisations/<uuid:organisation_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def organisation(organisation_id: uuid.UUID) -> ResponseReturnValue:
    """Change an organisation's name, kind or status (never its code)."""
    found = db.first_or_404(select(Organisation).where(Organisation.uuid == organisation_id))
    form = OrganisationForm(data=initial({"name": found.name, "kind": found.kind,
                                          "status": status_of(found.active)}))
    if form.validate_on_submit():
        try:
            changes = services.change_organisation(found, form.name.data, form.kind.data,
                                                   form.status.data == "active")
        except services.OrganisationError as error:
            show_refusal(form, error)
        else:
            flash(f"{found.name} saved" if changes else "Nothing was changed",
                  "success" if changes else "info")
            return redirect(url_for("admin.organisations"))
    return render_template("admin/organisation_form.html", form=form, organisation=found), (
        400 if form.errors else 200)


@bp.route("/reference")
@roles_required(Role.ADMIN)
def reference() -> ResponseReturnValue:
    """BCUs, boroughs and custody suites, each with a link to change it."""
    return render_template("admin/reference.html", bcus=reference_data.all_bcus(),
                           boroughs=reference_data.all_boroughs(),
                           suites=reference_data.all_custody_suites())


@bp.route("/reference/bcus/<uuid:bcu_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def bcu(bcu_id: uuid.UUID) -> ResponseReturnValue:
    """Rename a BCU (its code is fixed)."""
    found = db.first_or_404(select(Bcu).where(Bcu.uuid == bcu_id))
    form = BcuForm(data=initial({"name": found.name}))
    if form.validate_on_submit():
        try:
            changes = reference_data.rename_bcu(found, form.name.data)
        except reference_data.ReferenceDataError as error:
            show_refusal(form, error)
        else:
            return _saved(changes, f"BCU {found.code}")
    return _form("BCU", f"Change BCU {found.code}", form)


@bp.route("/reference/boroughs/<uuid:borough_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def borough(borough_id: uuid.UUID) -> ResponseReturnValue:
    """Rename a borough or move it to another BCU."""
    found = db.first_or_404(select(Borough).where(Borough.uuid == borough_id))
    form = BoroughForm(data=initial({"name": found.name, "bcu": found.bcu.code}))
    form.bcu.choices = as_choices(reference_data.bcu_choices())
    if form.validate_on_submit():
        try:
            changes = reference_data.change_borough(found, form.name.data, form.bcu.data)
        except reference_data.ReferenceDataError as error:
            show_refusal(form, error)
        else:
            return _saved(changes, found.name)
    return _form("borough", f"Change {found.name}", form)


@bp.route("/reference/custody-suites/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def add_custody_suite() -> ResponseReturnValue:
    """Add a custody suite."""
    form = CustodySuiteForm(data=initial({"status": "active"}))
    form.bcu.choices = as_choices([("", "Choose a BCU"), *reference_data.bcu_choices()])
    if form.validate_on_submit():
        try:
            reference_data.add_custody_suite(form.name.data, form.bcu.data,
                                       form.status.data == "active")
        except reference_data.ReferenceDataError as error:
            show_refusal(form, error)
        else:
            return _saved(["added"], form.name.data)
    return _form("custody suite", "Add a custody suite", form)


@bp.route("/reference/custody-suites/<uuid:suite_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def custody_suite(suite_id: uuid.UUID) -> ResponseReturnValue:
    """Rename a custody suite, move it to another BCU, or activate or deactivate it."""
    found = db.first_or_404(select(CustodySuite).where(CustodySuite.uuid == suite_id))
    form = CustodySuiteForm(data=initial({"name": found.name, "bcu": found.bcu.code,
                                          "status": status_of(found.active)}))
    form.bcu.choices = as_choices(reference_data.bcu_choices())
    if form.validate_on_submit():
        try:
            changes = reference_data.change_custody_suite(found, form.name.data, form.bcu.data,
                                                    form.status.data == "active")
        except reference_data.ReferenceDataError as error:
            show_refusal(form, error)
        else:
            return _saved(changes, found.name)
    return _form("custody suite", f"Change {found.name}", form)


def _saved(changes: list[str], what: str) -> ResponseReturnValue:
    flash(f"{what} saved" if changes else "Nothing was changed",
          "success" if changes else "info")
    return redirect(url_for("admin.reference"))


def _form(kind: str, heading: str, form: FlaskForm) -> ResponseReturnValue:
    return render_template("admin/reference_form.html", kind=kind, heading=heading, form=form), (
        400 if form.errors else 200)
