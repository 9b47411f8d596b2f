"""Re-authentication before sensitive acts: password (and TOTP) again, valid five minutes."""

from __future__ import annotations

import time
from functools import wraps

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Optional

from shared.audit import services as audit
from shared.auth import services
from shared.auth.passwords import MAX_LENGTH, verify_password
from shared.auth.redirects import is_safe_local_path, next_or_home
from shared.extensions import limiter

bp = Blueprint("reauth", __name__)
REAUTH_SECONDS = 300
REFUSED = "Your password or code is not right, or the code has been used already"


class ConfirmIdentityForm(FlaskForm):
    """Password, and a fresh authenticator code for roles that use one."""

    password = PasswordField("Password", widget=GovPasswordInput(), validators=[
        InputRequired("Enter your password"), Length(max=MAX_LENGTH)])
    code = StringField("Code from your authenticator app", widget=GovTextInput(),
                       validators=[Optional(), Length(max=10)])
    submit = SubmitField("Confirm", widget=GovSubmitInput())


def _session_binding() -> str | None:
    # Tied to the server-side session, so a stamp never outlives the sign-in that earned it.
    row = getattr(current_user, "current_session", None)
    return row.token_hash if row is not None else None


def is_recently_confirmed() -> bool:
    """Whether the signed-in user confirmed their identity in the last five minutes."""
    binding = _session_binding()
    if binding is None or session.get("reauth_for") != binding:
        return False
    return 0 <= time.time() - session.get("reauth_at", 0) <= REAUTH_SECONDS


def confirm_identity(password: str, code: str | None) -> bool:
    """Check the password and, where the role needs it, a TOTP code that was never used."""
    if not verify_password(current_user.password_hash, password or ""):
        services.register_failure(current_user)
        return False
    if current_user.needs_mfa and not services.check_mfa_code(current_user, code or ""):
        return False
    session["reauth_at"], session["reauth_for"] = time.time(), _session_binding()
    audit.record("reauthenticated", "user", current_user.uuid)
    return True


def reauth_required(view):
    """Send the user to confirm their identity first unless they did so in the last 5 minutes."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not is_recently_confirmed():
            return redirect(url_for("reauth.confirm", next=request.path))
        return view(*args, **kwargs)

    return wrapped


@bp.route("/account/confirm", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def confirm():
    """Ask for the password (and a fresh code) again, then go back where the user was going."""
    next_path = request.args.get("next")
    form = ConfirmIdentityForm()
    if form.validate_on_submit():
        if confirm_identity(form.password.data, form.code.data):
            return redirect(next_or_home(next_path))
        form.password.errors.append(REFUSED)
        if not current_user.is_active:
            return redirect(url_for("auth.login"))
    return render_template("auth/confirm.html", form=form, needs_code=current_user.needs_mfa,
                           next_path=next_path if is_safe_local_path(next_path) else None), (
        400 if form.errors else 200)
