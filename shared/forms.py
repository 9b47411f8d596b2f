"""Form base classes and fields shared by every package."""

from __future__ import annotations

from datetime import date, datetime

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovDateInput
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


class GovDateField(DateField):
    """A GOV.UK day / month / year date with a message a person understands."""

    def __init__(self, label: str, **kwargs):
        kwargs.setdefault("widget", GovDateInput())
        super().__init__(label, format="%d %m %Y", **kwargs)

    def process_formdata(self, valuelist):
        """Read the three boxes; an impossible date gets a clear error."""
        if len(valuelist) != 3:
            # The GOV.UK widget can only redisplay exactly three boxes.
            self.raw_data, self.data = None, None
            if valuelist:
                raise ValueError(f"{self.label.text} must be a day, month and year")
            return
        if not any(part.strip() for part in valuelist):
            self.data = None
            return
        try:
            day, month, year = (int(part) for part in valuelist)
            self.data = date(year, month, day)
        except (TypeError, ValueError):
            self.data = None
            raise ValueError(f"{self.label.text} must be a real date, like 27 3 2026") from None

    def _value(self):
        if isinstance(self.data, (date, datetime)):
            return self.data.strftime("%d %m %Y")
        return " ".join(self.raw_data) if self.raw_data else ""
