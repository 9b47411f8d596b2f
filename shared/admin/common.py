"""Small helpers the admin views share."""

from __future__ import annotations

from flask import request
from flask_wtf import FlaskForm


def attach_error(form: FlaskForm, error: ValueError) -> None:
    """Show a service's refusal against the field it names (or the form's first field)."""
    name = getattr(error, "field", None)
    field = getattr(form, name, None) if name else None
    if field is None:
        field = next(f for f in form if f.name != "csrf_token")
    field.errors = [*field.errors, str(error)]


def status_of(active: bool) -> str:
    """The status radio value for ACTIVE."""
    return "active" if active else "inactive"


def initial(data: dict) -> dict | None:
    """Pre-fill a form on GET only, so a POST missing a field fails instead of keeping it."""
    return data if request.method == "GET" else None
