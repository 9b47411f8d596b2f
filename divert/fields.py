"""Fields, filters and validators for the intake form: every value is checked on the server."""

from __future__ import annotations

import uuid

from wtforms.validators import Length, StopValidation, ValidationError

from divert import rules
from shared.forms import Checkbox, Checkboxes, GovDateField, Radios  # noqa: F401  re-exported
from shared.validators import multiline_text, plain_text, strip  # noqa: F401  re-exported


def at_most(max_length: int) -> Length:
    """A length limit whose message names the field and the limit."""
    return _NamedLength(max=max_length)


class _NamedLength(Length):
    def __call__(self, form, field):
        if len(field.data or "") > self.max:
            raise StopValidation(f"{field.label.text} must be {self.max} characters or fewer")


def uk_postcode(form, field) -> None:
    """A UK postcode, normalised to capitals with one space before the last three characters."""
    if not field.data:
        return
    field.data = rules.normalise_postcode(field.data)
    _check(rules.postcode, field.data)


def uk_phone(form, field) -> None:
    """A UK phone number (spaces, dashes and brackets allowed), kept as typed."""
    if field.data:
        _check(rules.phone, field.data, field.label.text.lower())


def email_address(form, field) -> None:
    """A syntactically valid email address; deliverability is not checked."""
    if field.data:
        _check(rules.email, field.data)


def _check(rule, *args) -> None:
    # The rules raise ValueError; WTForms shows only its own ValidationError.
    try:
        rule(*args)
    except ValueError as refused:
        raise ValidationError(str(refused)) from None


def a_uuid(form, field) -> None:
    """The hidden submission id must be a UUID this service generated."""
    try:
        uuid.UUID(field.data or "")
    except ValueError:
        raise StopValidation("This form could not be read. Start a new referral.") from None
