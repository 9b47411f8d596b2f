"""Form base classes and fields shared by every package."""

from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovDateInput,
    GovRadioInput,
    GovSubmitInput,
)
from wtforms import DateField
from wtforms.fields.choices import SelectChoice


def as_choices(pairs) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


class PageForm(FlaskForm):
    """One of several forms on a page: prefixed, with the CSRF check left to CSRFProtect.

    CSRFProtect already refuses every POST without a valid token (security.md item 9); the
    page carries one token for all its forms, as `csrf_token`.
    """

    class Meta:
        csrf = False


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


class Button(GovSubmitInput):
    """A GOV.UK button with its style classes fixed on the form, e.g. 'govuk-button--warning'.

    GovSubmitInput's own first argument is the input's type, so a params dict passed to it
    was rendered as type="{...}" and the style never applied.
    """

    def __init__(self, classes: str = ""):
        super().__init__()
        self.classes = classes

    def map_gov_params(self, field, **kwargs):
        """Add the fixed classes unless the template sets its own."""
        params = super().map_gov_params(field, **kwargs)
        if self.classes:
            params.setdefault("classes", self.classes)
        return params


WARNING = "govuk-button--warning"


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

