"""How Flask-Login turns the session cookie back into a user."""

from flask import flash, redirect, request, url_for

from shared.auth.sessions import load_session_user
from shared.extensions import login_manager

login_manager.login_view = "auth.login"
login_manager.login_message = "Sign in to continue"
login_manager.login_message_category = "info"
# Our own server-side sessions do the job Flask-Login's "strong" protection would.
login_manager.session_protection = None


@login_manager.user_loader
def load_user(token: str):
    """Flask-Login's hook: the cookie holds a session token, never a user id."""
    return load_session_user(token)


@login_manager.unauthorized_handler
def unauthorized():
    """Send a signed-out visitor to sign in, remembering only a local path."""
    flash(login_manager.login_message, "info")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
