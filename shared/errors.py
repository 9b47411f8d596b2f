"""Error pages with a request id, after rolling back anything half-written."""

from __future__ import annotations

import logging

from flask import Flask, g, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from shared.api import problems as api_problems
from shared.extensions import db

log = logging.getLogger(__name__)

MESSAGES = {
    400: ("There is a problem with your request", "Check what you entered and try again."),
    403: ("You do not have access to this page",
          "Your role does not allow this. Ask your administrator if you think it should."),
    404: ("Page not found", "If you typed the web address, check it is correct."),
    405: ("That action is not allowed here", "Go back and use the buttons on the page."),
    413: ("What you sent is too large", "Send less at a time, or shorten what you entered."),
    429: ("Too many attempts", "Wait a few minutes, then try again."),
    500: ("Sorry, there is a problem with the service", "Try again later."),
}


def register_error_handlers(app: Flask) -> None:
    """Render every HTTP error and unexpected exception as a page."""
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)


def handle_csrf_error(error: CSRFError):
    """A missing or foreign CSRF token: say so plainly."""
    db.session.rollback()
    return _render(400, "Your form has expired or did not come from this service",
                   "Go back, reload the page and try again.")


def handle_http_error(error: HTTPException):
    """Roll back, then render the matching page (a problem+json answer on the API)."""
    db.session.rollback()
    if api_problems.is_api_request():
        return api_problems.from_http_error(error)
    code = error.code or 500
    title, body = MESSAGES.get(code, (error.name, error.description or ""))
    return _render(code, title, body)


def handle_unexpected(error: Exception):
    """Log the failure with its request id; show a generic page, never the details."""
    db.session.rollback()
    log.exception("unhandled error (request %s)", g.get("request_id"))
    return handle_http_error(InternalServerError())


def _render(code: int, title: str, body: str):
    html = render_template("error.html", code=code, title=title, body=body)
    return html, code, {}
