"""The /api/v1 blueprint: bearer tokens only (no cookies, so no CSRF), problem+json errors."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Blueprint, Flask, current_app, g, request
from pydantic import ValidationError

from shared.api import problems, tokens
from shared.api.registry import ApiRoutes, Operation
from shared.auth.sessions import on_end_credentials
from shared.cases.services import HandoffAlreadyDecided
from shared.cases.states import TransitionRefused
from shared.extensions import csrf, db, login_manager
from shared.people.services import PersonError
from shared.refusals import ServiceError

OPERATIONS = "api_operations"


def register_api(app: Flask, routes: Iterable[ApiRoutes]) -> Blueprint:
    """Mount ROUTES (the platform's and each programme's) on APP's own API blueprint."""
    routes = list(routes)
    bp = Blueprint("api", __name__, url_prefix="/api/v1")
    # Bearer tokens are not sent by browsers on their own, so cross-site forgery cannot use them.
    csrf.exempt(bp)
    bp.before_request(authenticate)
    for error, handler in ((problems.ApiProblem, api_problem), (ValidationError, invalid),
                           (ServiceError, refused), (PersonError, refused),
                           (TransitionRefused, conflict), (HandoffAlreadyDecided, conflict)):
        bp.register_error_handler(error, handler)
    for declared in routes:
        declared.add_to(bp)
    app.register_blueprint(bp)
    # Every account action that ends a user's sessions revokes their API tokens too.
    on_end_credentials(app, tokens.revoke_all)
    app.extensions[OPERATIONS] = [op for declared in routes for op in declared.operations]
    return bp


def operations(app: Flask | None = None) -> list[Operation]:
    """Every API operation APP (the current app by default) serves, for its document."""
    return (app or current_app).extensions[OPERATIONS]


def authenticate() -> None:
    """Only the Authorization header signs a request in; a session cookie is ignored here."""
    g._login_user = login_manager.anonymous_user()
    scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and raw.strip():
        user = tokens.user_for(raw.strip())
        if user is not None:
            g._login_user = user


def api_problem(error: problems.ApiProblem):
    """A refusal raised by the API layer."""
    db.session.rollback()
    return problems.from_api_problem(error)


def invalid(error: ValidationError):
    """A body that a service or schema refused field by field."""
    db.session.rollback()
    return problems.problem(422, errors=problems.field_errors(error))


def refused(error: ServiceError):
    """A service refused the change: say which field, in the service's own words."""
    db.session.rollback()
    field = getattr(error, "field", None)
    return problems.problem(422, str(error), [{"field": field, "message": str(error)}])


def conflict(error: Exception):
    """The case moved on (or someone answered first): 409 with the service's message."""
    db.session.rollback()
    return problems.problem(409, str(error), [{"field": None, "message": str(error)}])
