"""Errors as application/problem+json (RFC 9457) with messages a person understands."""

from __future__ import annotations

import json

from flask import Response, g, request
from pydantic import ValidationError
from werkzeug.exceptions import HTTPException

PROBLEM_TYPE = "application/problem+json"
API_PREFIX = "/api/"

TITLES = {
    400: ("Bad request", "The request could not be read. Send a JSON object."),
    401: ("Not signed in", "Send a valid bearer token in the Authorization header. "
                           "Tokens expire after an hour and can be revoked."),
    403: ("Not allowed", "Your role does not allow this."),
    404: ("Not found", "There is nothing here, or you do not have access to it."),
    405: ("Method not allowed", "This address does not accept that method."),
    409: ("Conflict", "The request conflicts with the current state of the resource."),
    413: ("Request too large", "The request body is larger than the service accepts."),
    415: ("Unsupported content type", "Send the body as application/json."),
    422: ("Invalid request", "Some fields are missing or not acceptable."),
    429: ("Too many requests", "Wait a few minutes, then try again."),
    500: ("Server error", "Something went wrong on our side. Try again later."),
}


class ApiProblem(Exception):
    """Raise to answer with a problem document."""

    def __init__(self, status: int, detail: str | None = None,
                 errors: list[dict] | None = None, headers: dict | None = None):
        super().__init__(detail or TITLES.get(status, ("", ""))[1])
        self.status, self.detail, self.errors = status, detail, errors or []
        self.headers = headers or {}


def is_api_request() -> bool:
    """Whether the current request is for the JSON API."""
    return request.path.startswith(API_PREFIX)


def problem(status: int, detail: str | None = None, errors: list[dict] | None = None,
            headers: dict | None = None) -> Response:
    """A problem+json response."""
    title, default_detail = TITLES.get(status, ("Error", ""))
    body = {"type": "about:blank",
            "title": title, "status": status, "detail": detail or default_detail,
            "errors": errors or [], "request_id": g.get("request_id", "")}
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def from_api_problem(error: ApiProblem) -> Response:
    """The response for a raised ApiProblem."""
    return problem(error.status, error.detail, error.errors, error.headers)


def from_http_error(error: HTTPException) -> Response:
    """The problem document for a werkzeug HTTP error (404, 405, 413, 429 ...)."""
    code = error.code or 500
    headers = {}
    if code == 405 and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods)
    if code == 429:
        headers["Retry-After"] = str(_retry_after(error))
    return problem(code, headers=headers)


def _retry_after(error: HTTPException) -> int:
    # Flask-Limiter knows when the window frees up; otherwise say a minute.
    limit = getattr(error, "limit", None)
    try:
        return max(1, int(limit.limit.get_expiry())) if limit else 60
    except (AttributeError, TypeError, ValueError):
        return 60


def field_errors(error: ValidationError) -> list[dict]:
    """Pydantic errors as [{field, message}] with dotted paths and plain messages."""
    return [{"field": ".".join(str(part) for part in item["loc"]) or None,
             "message": plain_message(item)} for item in error.errors()]


def plain_message(item: dict) -> str:
    """A message a person understands for one pydantic error."""
    kind, ctx = item["type"], item.get("ctx") or {}
    messages = {
        "missing": "This field is required",
        "extra_forbidden": "This field is not accepted",
        "string_too_long": f"Keep it to {ctx.get('max_length')} characters or fewer",
        "string_too_short": "Enter a value",
        "string_pattern_mismatch": "This is not in the expected form",
        "too_long": f"Send at most {ctx.get('max_length')} items",
        "literal_error": f"Choose one of: {ctx.get('expected')}",
        "enum": f"Choose one of: {ctx.get('expected')}",
        "date_from_datetime_parsing": "Enter a real date as YYYY-MM-DD",
        "date_parsing": "Enter a real date as YYYY-MM-DD",
        "date_type": "Enter a real date as YYYY-MM-DD",
        "datetime_parsing": "Enter a date and time like 2026-11-26T21:30:00Z",
        "datetime_from_date_parsing": "Enter a date and time like 2026-11-26T21:30:00Z",
        "datetime_type": "Enter a date and time like 2026-11-26T21:30:00Z",
        "timezone_aware": "Give the time with its offset, like 2026-11-26T21:30:00Z",
        "uuid_parsing": "Enter an identifier in UUID form",
        "uuid_type": "Enter an identifier in UUID form",
        "bool_type": "Enter true or false",
        "bool_parsing": "Enter true or false",
        "string_type": "Enter text",
        "int_type": "Enter a whole number",
        "int_parsing": "Enter a whole number",
        "less_than_equal": f"Enter a number no more than {ctx.get('le')}",
        "greater_than_equal": f"Enter a number no less than {ctx.get('ge')}",
        "list_type": "Send a list",
        "model_type": "Send a JSON object",
        "model_attributes_type": "Send a JSON object",
        "dict_type": "Send a JSON object",
        "value_error": str(ctx.get("error", "This value is not accepted")),
    }
    return messages.get(kind, "This value is not accepted")
