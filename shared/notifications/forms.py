"""The email choices form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovSubmitInput
from wtforms import SelectMultipleField, SubmitField


class EmailChoicesForm(FlaskForm):
    """Which kinds of event reach the user by email."""

    email = SelectMultipleField("Email me when", widget=GovCheckboxesInput(),
                                validate_choice=True)
    submit = SubmitField("Save", widget=GovSubmitInput())


class MarkAllReadForm(FlaskForm):
    """The one button that marks the whole inbox read."""

    submit = SubmitField("Mark all as read", widget=GovSubmitInput())
