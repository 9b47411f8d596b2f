"""Form filters and validators shared by every package's forms."""

from __future__ import annotations

import unicodedata

from wtforms.validators import ValidationError

# Line breaks and tabs are fine in a textarea; every other control character is refused.
MULTILINE_ALLOWED = {"\n", "\r", "\t"}


def strip(value):
    """Trim surrounding whitespace from text input."""
    return value.strip() if isinstance(value, str) else value


def _refuse_controls(field, allowed: set[str]) -> None:
    for character in field.data or "":
        if character in allowed:
            continue
        if character == "\ufffd" or unicodedata.category(character) in {"Cc", "Cs"}:
            raise ValidationError(f"{field.label.text} must contain only letters, numbers, "
                                  "spaces and punctuation")


def plain_text(form, field) -> None:
    """Refuse control characters (NUL included) and characters that arrived as invalid UTF-8."""
    _refuse_controls(field, set())


def multiline_text(form, field) -> None:
    """As plain_text, but line breaks and tabs are allowed."""
    _refuse_controls(field, MULTILINE_ALLOWED)
