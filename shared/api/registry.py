"""Declaring an API operation once: route, roles, schemas, idempotency and the OpenAPI entry.

Each package collects its operations in an ApiRoutes (the platform's in shared/api/routes.py, a
programme's in its api.py); create_app mounts every one on the app's API blueprint, so the
OpenAPI document lists exactly the routes that app serves.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps

from flask import Blueprint, Response, current_app, jsonify, request
from flask_login import current_user
from pydantic import BaseModel, ValidationError

from shared.api import idempotency
from shared.api.problems import ApiProblem, field_errors
from shared.audit.services import record_surviving
from shared.auth.roles import Role
from shared.web import public

JSON_TYPES = ("application/json",)
PATH_PARAM = re.compile(r"\{(\w+)\}")


@dataclass
class Operation:
    """One method on one path, as the OpenAPI document describes it."""

    method: str
    path: str
    summary: str
    roles: frozenset[Role] | None  # None: no sign-in needed
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    response: type[BaseModel] | None = None
    status: int = 200
    conflicts: bool = False
    tag: str = "cases"
    rate_limited: bool = False
    extra_errors: tuple[int, ...] = field(default_factory=tuple)

    @property
    def path_params(self) -> list[str]:
        """The names of the path's parameters (all UUIDs)."""
        return PATH_PARAM.findall(self.path)


class ApiRoutes:
    """The API operations (and plain routes) one package declares, not yet on any blueprint."""

    def __init__(self) -> None:
        self.operations: list[Operation] = []
        self._rules: list[tuple[str, str, Callable, list[str]]] = []

    def operation(self, method: str, path: str, summary: str, roles=(), **options):
        """Declare VIEW(body=..., query=..., **path_params) under PATH and in the document.

        ROLES=None means no sign-in; an empty tuple means any signed-in role.
        """
        allowed = None if roles is None else frozenset(Role(r) for r in (roles or Role))
        op = Operation(method, path, summary, allowed, **options)
        self.operations.append(op)
        rule = PATH_PARAM.sub(r"<uuid:\1>", path)

        def decorator(view):
            @wraps(view)
            def wrapped(**path_params):
                return _run(op, view, path_params)

            wrapped.operation = op
            self._rules.append((rule, f"{view.__name__}_{method.lower()}", public(wrapped),
                                [method]))
            return view

        return decorator

    def route(self, rule: str, methods: tuple[str, ...] = ("GET",)):
        """Declare a plain view under RULE (not an operation of the document)."""
        def decorator(view):
            self._rules.append((rule, view.__name__, view, list(methods)))
            return view

        return decorator

    def add_to(self, bp: Blueprint) -> None:
        """Put every declared view on BP."""
        for rule, endpoint, view, methods in self._rules:
            bp.add_url_rule(rule, endpoint, view, methods=methods)


def _run(op: Operation, view, path_params: dict) -> Response:
    _check_access(op)
    raw = _read_body(op)
    kwargs = dict(path_params)
    if op.body is not None:
        kwargs["body"] = _validate_body(op.body, raw)
    if op.query is not None:
        kwargs["query"] = _validate_query(op.query)
    key = idempotency.request_key() if op.method == "POST" and op.roles is not None else None
    if key is not None:
        replay = idempotency.begin(current_user, key, idempotency.fingerprint(raw))
        if replay is not None:
            return replay
    result = view(**kwargs)
    if isinstance(result, Response):
        return result  # a refusal that must still commit (e.g. a counted sign-in failure)
    status, payload = _serialise(op, result)
    if key is not None and 200 <= status < 300:
        idempotency.finish(current_user, key, status, payload)
    if payload is None:
        return Response(status=status)
    response = jsonify(payload)
    response.status_code = status
    return response


def _check_access(op: Operation) -> None:
    if op.roles is None:
        return
    if not current_user.is_authenticated:
        raise ApiProblem(401, headers={"WWW-Authenticate": 'Bearer realm="api"'})
    if Role(current_user.role) not in op.roles:
        record_surviving("access_denied", "api", outcome="forbidden",
                         detail=(request.endpoint or "")[:200])
        raise ApiProblem(403, "Your role does not allow this.")


def _read_body(op: Operation) -> bytes:
    if op.method not in ("POST", "PUT", "PATCH"):
        return b""
    if not request.content_length:
        return b""  # an empty body stands for {}: required fields are then named in a 422
    if request.mimetype not in JSON_TYPES:
        raise ApiProblem(415, "Send the body as JSON with the header "
                              "Content-Type: application/json.")
    # Werkzeug refuses a body over MAX_CONTENT_LENGTH here with 413.
    return request.get_data(cache=True)


def _validate_body(model: type[BaseModel], raw: bytes) -> BaseModel:
    try:
        return model.model_validate_json(raw or b"{}")
    except ValidationError as error:
        if any(item["type"] == "json_invalid" for item in error.errors()):
            raise ApiProblem(400, "The body is not valid JSON (or not valid UTF-8).") from None
        raise ApiProblem(422, errors=field_errors(error)) from None


def _validate_query(model: type[BaseModel]) -> BaseModel:
    try:
        return model.model_validate(request.args.to_dict())
    except ValidationError as error:
        raise ApiProblem(422, errors=field_errors(error)) from None


def _serialise(op: Operation, result) -> tuple[int, dict | None]:
    status = op.status
    if isinstance(result, tuple):
        result, status = result
    if result is None:
        return status, None
    if not isinstance(result, BaseModel):
        result = op.response.model_validate(result)
    return status, result.model_dump(mode="json")


def max_body() -> int:
    """The largest body the app accepts (MAX_CONTENT_LENGTH)."""
    return current_app.config["MAX_CONTENT_LENGTH"]
