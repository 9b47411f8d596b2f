"""Admin: list, search and invite users; deactivate, unlock, change role, reset MFA."""

from __future__ import annotations

import uuid

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select

from shared.admin import services
from shared.admin.blueprint import bp
from shared.admin.forms import (
    ActionForm,
    ChangeRoleForm,
    InviteUserForm,
    UserSearchForm,
    as_choices,
)
from shared.auth import services as accounts
from shared.auth.models import User
from shared.auth.permissions import roles_required
from shared.auth.roles import ROLE_LABELS, Role
from shared.extensions import db
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
