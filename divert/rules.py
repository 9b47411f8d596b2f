"""Intake input rules, one copy for the officer's form and the API: lengths and UK formats.

Each check takes the typed text and returns the value to keep, or raises ValueError with the
message to show; the form and the API schema only adapt that to WTForms and pydantic.
"""

from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email

# The longest value each referral field accepts, by the form's field names.
MAX_LENGTHS = {
    "first_name": 100, "last_name": 100, "alias": 100, "address": 300, "postcode": 10,
    "phone": 20, "email": 254, "school_or_occupation": 200, "parent_name": 200,
    "parent_relationship": 100, "parent_phone": 20, "concern": 2000, "interests": 1000,
    "referrer_phone": 20,
}
CONCERN_MAX, INTERESTS_MAX = MAX_LENGTHS["concern"], MAX_LENGTHS["interests"]

UK_POSTCODE = re.compile(r"^(GIR 0AA|[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][ABD-HJLNP-UW-Z]{2})$")
# 0 followed by 9 or 10 digits, or +44 and the same number without its 0.
UK_PHONE = re.compile(r"^(?:0|\+44)[1-9][0-9]{8,9}$")
PHONE_PUNCTUATION = re.compile(r"[\s().-]")
POSTCODE_MESSAGE = "Enter a real postcode, like SE1 7PB"
EMAIL_MESSAGE = "Enter an email address in the correct format, like name@example.org"


def normalise_postcode(value: str) -> str:
    """VALUE in capitals with one space before the last three characters."""
    compact = re.sub(r"\s+", "", value.upper())
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def postcode(value: str) -> str:
    """A UK postcode, normalised (see normalise_postcode)."""
    normalised = normalise_postcode(value)
    if not UK_POSTCODE.match(normalised):
        raise ValueError(POSTCODE_MESSAGE)
    return normalised


def phone(value: str, name: str = "phone number") -> str:
    """A UK phone number (spaces, dashes and brackets allowed), kept as typed."""
    if not UK_PHONE.match(PHONE_PUNCTUATION.sub("", value)):
        raise ValueError(f"Enter {name} in the correct format, like 07700 900 982 or "
                         "020 7946 0000")
    return value


def email(value: str) -> str:
    """A syntactically valid email address, kept as typed; deliverability is not checked."""
    try:
        validate_email(value, check_deliverability=False, test_environment=True)
    except EmailNotValidError:
        raise ValueError(EMAIL_MESSAGE) from None
    return value
