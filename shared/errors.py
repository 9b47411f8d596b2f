"""Error pages with a request id, after rolling back anything half-written."""

from __future__ import annotations

import logging

from flask import Flask, g, render_template
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from shared.api import problems as api_problems
from shared.extensions import db, login_manager

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
    503: ("The service is temporarily unavailable",
          "Nothing was saved from this page. Try again in a few minutes."),
}


def register_error_handlers(app: Flask) -> None:
    """Render every HTTP error and unexpected exception as a page."""
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(DBAPIError, handle_database_error)
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


def handle_database_error(error: DBAPIError):
    """The database is unreachable or refuses writes: 503 with the request id, never a 500.

    Disconnects, a stopped server and a read-only SQLite file all arrive as OperationalError
    (or an error that invalidated its connection); anything else, such as an IntegrityError,
    is a bug and stays a 500. The pool's pre-ping replaces dead connections on the next request.
    """
    if not (isinstance(error, OperationalError) or error.connection_invalidated):
        return handle_unexpected(error)
    _invalidate_session()
    log.warning("database unavailable (request %s): %s", g.get("request_id"),
                type(error.orig).__name__ if error.orig is not None else type(error).__name__)
    if api_problems.is_api_request():
        return api_problems.problem(503, MESSAGES[503][0] + ". Try again later.",
                                    headers={"Retry-After": "30"})
    # The page must not reach the database again: render it for an anonymous visitor.
    g._login_user = login_manager.anonymous_user()
    title, body = MESSAGES[503]
    try:
        html, code, headers = _render(503, title, body)
    except Exception:  # a template that needs the database must not hide the 503
        log.exception("error page failed to render (request %s)", g.get("request_id"))
        html, code, headers = _plain_page(503, title, body), 503, {}
    return html, code, {**headers, "Retry-After": "30"}


def _invalidate_session() -> None:
    # Invalidate rather than roll back: the connection is dead, or (SQLite) was opened
    # read-only, and must not go back to the pool to fail the next request too.
    try:
        db.session().invalidate()
    except DBAPIError:
        log.warning("could not invalidate the session (request %s)", g.get("request_id"))


def _plain_page(code: int, title: str, body: str) -> str:
    return (f"<!DOCTYPE html><html lang=\"en\"><title>{escape(title)}</title><h1>"
            f"{escape(title)}</h1><p>{escape(body)}</p><p>If you contact support, quote this "
            f"reference: <strong>{escape(g.get('request_id', ''))}</strong> (error {code}).</p>"
            "</html>")


def _render(code: int, title: str, body: str):
    html = render_template("error.html", code=code, title=title, body=body)
    return html, code, {}
