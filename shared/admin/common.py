"""Small helpers the admin views share."""

from __future__ import annotations

from flask import request


def status_of(active: bool) -> str:
    """The status radio value for ACTIVE."""
    return "active" if active else "inactive"


def initial(data: dict) -> dict | None:
    """Pre-fill a form on GET only, so a POST missing a field fails instead of keeping it."""
    return data if request.method == "GET" else None
