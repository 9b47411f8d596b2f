"""One way to refuse: a service raises ServiceError(message, field); a page shows it on its form.

A service that refuses may already have flushed part of the change (a person before the case),
so showing the refusal first rolls the request's transaction back: nothing half-written stays.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_wtf import FlaskForm

from shared.extensions import db


class ServiceError(ValueError):
    """A refused change, with a message fit to show the person and the field at fault."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def show_refusal(form: FlaskForm, error: Exception, fields: Mapping[str, str] | None = None,
                 fallback: str | None = None) -> None:
    """Roll back, then show ERROR on the form field it names.

    FIELDS maps a service's field name to the form's; an error naming no field of the form goes
    on FALLBACK, or on the form's first field.
    """
    db.session.rollback()
    name = getattr(error, "field", None)
    name = (fields or {}).get(name, name)
    target = form._fields.get(name) if name else None
    if target is None and fallback is not None:
        target = form[fallback]
    if target is None:
        target = next(f for f in form if f.name != "csrf_token")
    target.errors = [*target.errors, str(error)]
    form._errors = None  # WTForms caches the error dict; it must include this one
