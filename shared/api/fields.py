"""Reusable pydantic field types: bounded plain text and closed lists."""

from __future__ import annotations

import unicodedata
from enum import Enum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

MULTILINE_ALLOWED = {"\n", "\r", "\t"}


class Strict(BaseModel):
    """A request body: unknown fields (organisation, status...) are refused, never assigned."""

    model_config = ConfigDict(extra="forbid", strict=True)


class Out(BaseModel):
    """A response body."""

    model_config = ConfigDict(from_attributes=True, validate_by_name=True, validate_by_alias=True)


def _refuse_controls(allowed: set[str]):
    def check(value: str) -> str:
        for character in value:
            if character not in allowed and unicodedata.category(character) in {"Cc", "Cs"}:
                raise ValueError("Use only letters, numbers, spaces and punctuation")
        return value
    return check


def text(max_length: int, multiline: bool = False, required: bool = True,
         pattern: str | None = None):
    """A trimmed string of at most MAX_LENGTH characters without control characters."""
    return Annotated[str, StringConstraints(strip_whitespace=True, max_length=max_length,
                                            min_length=1 if required else 0, pattern=pattern),
                     AfterValidator(_refuse_controls(MULTILINE_ALLOWED if multiline else set()))]


def checked(max_length: int, rule, description: str):
    """Optional plain text of at most MAX_LENGTH that RULE (ValueError on refusal) accepts."""
    return Annotated[text(max_length, required=False),
                     AfterValidator(lambda value: rule(value) if value else value),
                     Field(description=description)]


def closed(name: str, values) -> type[Enum]:
    """A closed list as a string Enum (its JSON schema is an enum)."""
    return Enum(name, {str(v): str(v) for v in values}, type=str)

