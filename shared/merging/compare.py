"""The two records side by side: each field, both values, and whether they differ."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shared.people.models import Person

# (field, label): every identity field and the clear ones a person can tell apart.
FIELDS = (
    ("first_name", "First name"), ("last_name", "Last name"), ("alias", "Also known as"),
    ("date_of_birth", "Date of birth"), ("gender", "Gender"),
    ("ethnicity_group", "Ethnicity"), ("address", "Address"), ("postcode", "Postcode"),
    ("phone", "Phone"), ("email", "Email"),
    ("school_or_occupation", "School, college or work"),
)
LABELS = dict(FIELDS)


@dataclass(frozen=True)
class Row:
    """One field of both records."""

    field: str
    label: str
    earlier: object
    this: object

    @property
    def differs(self) -> bool:
        """Both records hold a value and the values are not the same."""
        return _blank(self.earlier) is False and _blank(self.this) is False \
            and _same(self.earlier) != _same(self.this)

    @property
    def added(self) -> bool:
        """Only this referral's record holds a value: the merge adds it."""
        return _blank(self.earlier) and not _blank(self.this)


def rows(earlier: Person, this: Person) -> list[Row]:
    """Every compared field of EARLIER (kept) and THIS (merged into it)."""
    return [Row(name, label, getattr(earlier, name), getattr(this, name))
            for name, label in FIELDS]


def shown(value) -> str:
    """A value as the page and the correction history show it."""
    if isinstance(value, date):
        return value.strftime("%d %B %Y")
    return "" if value is None else str(value)


def stored(value) -> str | None:
    """A value as the correction history keeps it (dates as ISO)."""
    if isinstance(value, date):
        return value.isoformat()
    return None if _blank(value) else str(value)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _same(value):
    """Compare names and addresses as a person would: case and spacing do not count."""
    return " ".join(value.split()).casefold() if isinstance(value, str) else value
