"""The OpenAPI 3.1 document, generated from the operation registry and the pydantic models."""

from __future__ import annotations

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from shared.api.blueprint import operations
from shared.api.problems import PROBLEM_TYPE
from shared.api.registry import Operation
from shared.api.schemas import Problem

PREFIX = "/api/v1"
REF = "#/components/schemas/{model}"
ERROR_TEXT = {
    400: "The body is not JSON, or a header is malformed", 401: "No valid bearer token",
    403: "Your role does not allow this", 404: "Not found, or not yours to see",
    409: "The case has moved on, or someone answered first",
    413: "The body is larger than the service accepts",
    415: "The body is not application/json", 422: "Some fields are not acceptable",
    429: "Too many attempts from this address",
}


def document(title: str) -> dict:
    """The whole OpenAPI document."""
    refs, defs = _schemas()
    paths: dict[str, dict] = {}
    for op in operations():
        paths.setdefault(PREFIX + op.path, {})[op.method.lower()] = _operation(op, refs)
    return {
        "openapi": "3.1.0",
        "info": {"title": f"{title} API", "version": "1.0.0",
                 "description": "Bearer tokens from POST /api/v1/tokens. Every POST honours "
                                "an Idempotency-Key header for 24 hours."},
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": defs,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


def _schemas() -> tuple[dict, dict]:
    models: set[tuple[type[BaseModel], str]] = {(Problem, "serialization")}
    for op in operations():
        if op.body:
            models.add((op.body, "validation"))
        if op.response:
            models.add((op.response, "serialization"))
    ordered = sorted(models, key=lambda item: (item[0].__name__, item[1]))
    refs, top = models_json_schema(ordered, ref_template=REF)
    return refs, top.get("$defs", {})


def _operation(op: Operation, refs: dict) -> dict:
    entry: dict = {"summary": op.summary, "operationId": _operation_id(op), "tags": [op.tag],
                   "parameters": _parameters(op), "responses": _responses(op, refs)}
    entry["security"] = [] if op.roles is None else [{"bearer": []}]
    if op.roles is not None:
        entry["description"] = "Roles: " + ", ".join(sorted(r.value for r in op.roles))
    if op.body is not None:
        entry["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": refs[(op.body, "validation")]}}}
    return entry


def _operation_id(op: Operation) -> str:
    words = [w for w in op.path.replace("{", "").replace("}", "").split("/") if w]
    return "_".join([op.method.lower(), *[w.replace("-", "_") for w in words]])


def _parameters(op: Operation) -> list[dict]:
    params = [{"name": name, "in": "path", "required": True,
               "schema": {"type": "string", "format": "uuid"}} for name in op.path_params]
    if op.method == "POST" and op.roles is not None:
        params.append({"name": "Idempotency-Key", "in": "header", "required": False,
                       "description": "Retry safely: the same key returns the first answer",
                       "schema": {"type": "string", "minLength": 1, "maxLength": 255,
                                  "pattern": "^[\\x21-\\x7e]+$"}})
    if op.query is not None:
        schema = op.query.model_json_schema(ref_template=REF)
        for name, prop in schema["properties"].items():
            prop = {k: v for k, v in prop.items() if k != "title"}
            params.append({"name": name, "in": "query", "required": False, "schema": prop})
    return params


def _responses(op: Operation, refs: dict) -> dict:
    ok: dict = {"description": op.summary}
    if op.response is not None:
        ok["content"] = {"application/json": {"schema": refs[(op.response, "serialization")]}}
    responses = {str(op.status): ok}
    problem = {PROBLEM_TYPE: {"schema": refs[(Problem, "serialization")]}}
    for code in _error_codes(op):
        responses[str(code)] = {"description": ERROR_TEXT[code], "content": problem}
    return responses


def _error_codes(op: Operation) -> list[int]:
    codes = set(op.extra_errors)
    if op.roles is not None:
        codes |= {401, 403}
    if op.path_params:
        codes.add(404)
    if op.body is not None:
        codes |= {400, 413, 415, 422}
    if op.query is not None:
        codes.add(422)
    if op.method == "POST" and op.roles is not None:
        codes |= {400, 409, 422}
    if op.conflicts:
        codes.add(409)
    if op.rate_limited:
        codes.add(429)
    return sorted(codes)
