"""Per-request plumbing: request ids, CSP nonces, sign-in by default, headers, the commit point."""

from __future__ import annotations

import secrets

from flask import Flask, current_app, g, request
from flask_login import current_user

from shared.audit.services import write_survivors
from shared.extensions import db, login_manager

STATIC_MAX_AGE = 3600


def public(view):
    """Mark a view as reachable without signing in (every other view needs a session)."""
    view.is_public = True
    return view


def register_request_hooks(app: Flask) -> None:
    """Install the before/after request hooks."""
    app.before_request(start_request)
    app.before_request(require_sign_in)
    app.after_request(commit_request)
    app.after_request(set_security_headers)
    app.context_processor(template_globals)


def is_static(endpoint: str | None) -> bool:
    """Whether ENDPOINT serves static files: the app's, or a programme blueprint's own."""
    return endpoint is not None and (endpoint == "static" or endpoint.endswith(".static"))


def start_request() -> None:
    """Give the request an id (shown on error pages) and a CSP nonce."""
    g.request_id = secrets.token_hex(8)
    g.csp_nonce = secrets.token_urlsafe(16)


def require_sign_in():
    """Refuse every non-public endpoint to a visitor who has not signed in."""
    view = current_app.view_functions.get(request.endpoint)
    if view is None or is_static(request.endpoint) or getattr(view, "is_public", False):
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


def commit_request(response):
    """The one commit point: survivors of any rollback are written, then everything commits."""
    write_survivors()
    db.session.commit()
    return response


def set_security_headers(response):
    """CSP with a nonce and the other headers from security.md item 12."""
    nonce = g.get("csp_nonce", "")
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; "
        f"script-src 'self' 'nonce-{nonce}'; "
        "style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if current_app.config.get("HSTS"):
        response.headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    if is_static(request.endpoint):
        response.headers["Cache-Control"] = f"public, max-age={STATIC_MAX_AGE}"
    else:
        # Pages can show personal data, so no page is ever stored by a browser or proxy.
        response.headers["Cache-Control"] = "no-store"
    if g.get("request_id"):
        response.headers["X-Request-ID"] = g.request_id
    return response


def template_globals() -> dict:
    """Values every template can use."""
    return {
        "csp_nonce": g.get("csp_nonce", ""),
        "request_id": g.get("request_id", ""),
        "service_name": current_app.config["SERVICE_NAME"],
    }
