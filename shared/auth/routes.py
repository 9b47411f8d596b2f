"""Sign-in, the second factor, sign-out, password change and invitations."""

from __future__ import annotations

import time
import uuid

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from shared.auth import mfa, services, throttle
from shared.auth.forms import ChangePasswordForm, CodeForm, ConfirmForm, LoginForm, NewPasswordForm
from shared.auth.models import User
from shared.auth.redirects import next_or_home
from shared.extensions import db
from shared.refusals import show_refusal
from shared.web import public

bp = Blueprint("auth", __name__)

GENERIC_FAILURE = ("Enter a correct email address and password. "
                   "If it keeps failing, ask your administrator.")
PENDING_LIFETIME_SECONDS = 300


@bp.route("/login", methods=["GET", "POST"])
@public
@throttle.by_address
@throttle.by_account
def login():
    """First factor: email and password, one generic message for every failure."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 400 if form.errors else 200
    user = services.check_password_login(form.email.data, form.password.data)
    if user is None:
        return render_template("auth/login.html", form=form, failure=GENERIC_FAILURE), 401
    next_path = request.args.get("next")
    if user.needs_mfa:
        _begin_pending(user, next_path)
        return redirect(url_for("auth.mfa_code" if user.mfa_enrolled else "auth.mfa_setup"))
    return _finish_login(user, next_path)


@bp.route("/login/code", methods=["GET", "POST"])
@public
@throttle.by_address
def mfa_code():
    """Second factor for an enrolled user; a code works only once."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    user, form = _pending_user(), CodeForm()
    if user is None or not user.mfa_enrolled:
        return _restart_login()
    if form.validate_on_submit():
        if services.check_mfa_code(user, form.code.data):
            return _finish_login(user, session.get("pending_next"))
        form.code.errors.append("The code is not right, or has been used already. "
                                "Wait for a new code and try again")
    return render_template("auth/mfa_code.html", form=form), 400 if form.errors else 200


@bp.route("/login/authenticator", methods=["GET", "POST"])
@public
@throttle.by_address
def mfa_setup():
    """Enrol an authenticator app with a QR code, confirmed by its first code."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    user, form = _pending_user(), CodeForm()
    if user is None or user.mfa_enrolled:
        return _restart_login()
    secret = mfa.decode_pending(session.get("pending_secret", "")) or mfa.new_secret()
    session["pending_secret"] = mfa.encode_pending(secret)
    if form.validate_on_submit():
        if services.enrol_mfa(user, secret, form.code.data):
            return _finish_login(user, session.get("pending_next"))
        form.code.errors.append("The code is not right. Check the app shows DIVERT and ENGAGE "
                                "and enter its current code")
    return render_template("auth/mfa_setup.html", form=form, secret=secret,
                           qr=mfa.provisioning_qr_svg(secret, user.email)), (
        400 if form.errors else 200)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """End the session for good (POST with a CSRF token, so no one can sign you out by link)."""
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("home.index"))
    services.logout(current_user)
    logout_user()
    session.clear()
    flash("You have signed out", "success")
    response = redirect(url_for("auth.login"))
    # Whatever a programme's app kept in this browser (drafts, an outbox, its key, a service
    # worker and its cache) goes with the session: docs/privacy.md, "On the officer's phone".
    response.headers["Clear-Site-Data"] = '"storage"'
    return response


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change your password after re-entering the current one; other sessions end."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data,
                                     form.new_password.data)
        except services.AccountError as error:
            show_refusal(form, error)
        else:
            flash("Your password has been changed. You have been signed out everywhere else.",
                  "success")
            return redirect(url_for("home.index"))
    return render_template("auth/change_password.html", form=form), 400 if form.errors else 200


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@public
def accept_invitation(token: str):
    """Set a first password from an invitation link."""
    invitation = services.find_invitation(token)
    if invitation is None:
        return render_template("auth/invitation_invalid.html"), 404
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            services.accept_invitation(invitation, form.new_password.data)
        except services.AccountError as error:
            show_refusal(form, error, fallback="new_password")
        else:
            flash("Your password is set. Sign in to continue.", "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/invitation.html", form=form, user=invitation.user), (
        400 if form.errors else 200)


def _begin_pending(user: User, next_path: str | None) -> None:
    session.clear()
    session["pending_user"] = str(user.uuid)
    session["pending_since"] = time.time()
    session["pending_next"] = next_path


def _pending_user() -> User | None:
    since = session.get("pending_since", 0)
    if time.time() - since > PENDING_LIFETIME_SECONDS:
        return None
    return db.session.scalar(
        select(User).where(User.uuid == _uuid(session.get("pending_user")), User.active,
                           User.locked_at.is_(None))
    )


def _uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _restart_login():
    session.clear()
    flash("Sign in again to continue", "info")
    return redirect(url_for("auth.login"))


def _finish_login(user: User, next_path: str | None):
    # A brand-new cookie and server-side session at every sign-in defeats session fixation.
    session.clear()
    services.complete_login(user)
    login_user(user)
    return redirect(next_or_home(next_path))
