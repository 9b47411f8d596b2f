"""Fields, filters and validators for the intake form: every value is checked on the server."""

from __future__ import annotations

import re
import unicodedata
import uuid
from datetime import date

from email_validator import EmailNotValidError, validate_email
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovDateInput,
    GovRadioInput,
)
from wtforms import DateField
from wtforms.validators import Length, StopValidation, ValidationError

# Line breaks and tabs belong in a textarea; every other control character is refused.
MULTILINE_ALLOWED = frozenset("\n\r\t")
UK_POSTCODE = re.compile(r"^(GIR 0AA|[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][ABD-HJLNP-UW-Z]{2})$")
# 0 followed by 9 or 10 digits, or +44 and the same number without its 0.
UK_PHONE = re.compile(r"^(?:0|\+44)[1-9][0-9]{8,9}$")
PHONE_PUNCTUATION = re.compile(r"[\s().-]")
# Werkzeug keeps bytes that are not UTF-8 as their %XX escapes (always capitals, always 80-FF).
UNDECODABLE = re.compile(r"%[89A-F][0-9A-F]")


def strip(value):
    """Trim surrounding whitespace from text input."""
    return value.strip() if isinstance(value, str) else value


def _refuse_controls(field, allowed: frozenset[str] = frozenset()) -> None:
    text = field.data or ""
    if UNDECODABLE.search(text) or any(
            character not in allowed and (character == "\ufffd"
                                          or unicodedata.category(character) in {"Cc", "Cs"})
            for character in text):
        raise StopValidation(f"{field.label.text} must contain only letters, numbers, "
                             "spaces and punctuation")


def plain_text(form, field) -> None:
    """Refuse control characters (NUL included) and characters from invalid UTF-8."""
    _refuse_controls(field)


def multiline_text(form, field) -> None:
    """As plain_text, but line breaks and tabs are allowed."""
    _refuse_controls(field, MULTILINE_ALLOWED)


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


class _Fieldset:
    """Keep the legend's text when a template only styles it, and drop an empty hint."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        legend = params.get("fieldset", {}).get("legend")
        if legend is not None:
            legend.setdefault("text", field.label.text)
        if not (params.get("hint") or {}).get("text"):
            params.pop("hint", None)  # an empty hint would still be read out by screen readers
        return params


class Radios(_Fieldset, GovRadioInput):
    """GOV.UK radios in a fieldset whose legend is the field's label."""


class Checkboxes(_Fieldset, GovCheckboxesInput):
    """GOV.UK checkboxes in a fieldset whose legend is the field's label."""


class Checkbox(_Fieldset, GovCheckboxInput):
    """A single GOV.UK checkbox (a BooleanField)."""


class DateInput(_Fieldset, GovDateInput):
    """The GOV.UK date input: day, month and year in a fieldset."""


class GovDateField(DateField):
    """A GOV.UK date input (day, month, year) with the design system's error messages."""

    widget = DateInput()

    def process_formdata(self, valuelist):
        """Parse day, month and year; keep exactly three raw values so the page can re-render."""
        self.data = None
        parts = [str(v).strip() for v in valuelist][:3]
        self.raw_data = parts + [""] * (3 - len(parts))
        if len(valuelist) != 3 and any(valuelist):
            raise ValueError(f"{self.label.text} must be a real date")
        day, month, year = self.raw_data
        if not (day or month or year):
            return
        missing = [name for name, part in (("day", day), ("month", month), ("year", year))
                   if not part]
        if missing:
            raise ValueError(f"{self.label.text} must include a {' and a '.join(missing)}")
        if not all(part.isascii() and part.isdigit() for part in (day, month, year)):
            raise ValueError(f"{self.label.text} must be a real date")
        if len(year) != 4:
            raise ValueError("Year must include 4 numbers")
        try:
            self.data = date(int(year), int(month), int(day))
        except ValueError:
            raise ValueError(f"{self.label.text} must be a real date") from None

