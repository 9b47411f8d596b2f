"""Form filters and validators shared by every package's forms."""

from __future__ import annotations

import re
import unicodedata

from wtforms.validators import StopValidation

# Line breaks and tabs are fine in a textarea; every other control character is refused.
MULTILINE_ALLOWED = frozenset("\n\r\t")
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
