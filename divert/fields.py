"""Fields, filters and validators for the intake form: every value is checked on the server."""

from __future__ import annotations

import re
import uuid

from email_validator import EmailNotValidError, validate_email
from wtforms.validators import Length, StopValidation, ValidationError

from shared.forms import Checkbox, Checkboxes, GovDateField, Radios  # noqa: F401  re-exported
from shared.validators import multiline_text, plain_text, strip  # noqa: F401  re-exported

UK_POSTCODE = re.compile(r"^(GIR 0AA|[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][ABD-HJLNP-UW-Z]{2})$")
# 0 followed by 9 or 10 digits, or +44 and the same number without its 0.
UK_PHONE = re.compile(r"^(?:0|\+44)[1-9][0-9]{8,9}$")
PHONE_PUNCTUATION = re.compile(r"[\s().-]")


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
    compact = re.sub(r"\s+", "", field.data.upper())
    field.data = f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact
    if not UK_POSTCODE.match(field.data):
        raise ValidationError("Enter a real postcode, like SE1 7PB")


def uk_phone(form, field) -> None:
    """A UK phone number (spaces, dashes and brackets allowed), kept as typed."""
    if field.data and not UK_PHONE.match(PHONE_PUNCTUATION.sub("", field.data)):
        raise ValidationError(f"Enter {field.label.text.lower()} in the correct format, "
                              "like 07700 900 982 or 020 7946 0000")


def email_address(form, field) -> None:
    """A syntactically valid email address; deliverability is not checked."""
    if not field.data:
        return
    try:
        validate_email(field.data, check_deliverability=False, test_environment=True)
    except EmailNotValidError:
        raise ValidationError("Enter an email address in the correct format, "
                              "like name@example.org") from None


def a_uuid(form, field) -> None:
    """The hidden submission id must be a UUID this service generated."""
    try:
        uuid.UUID(field.data or "")
    except ValueError:
        raise StopValidation("This form could not be read. Start a new referral.") from None
