"""The DPO's forms: person search, requests, rectification, erasure, rules and audit search."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from shared.audit.services import ACTIONS
from shared.forms import GovDateField, as_choices
from shared.people.ages import AGE_BANDS
from shared.privacy.models import SAR_STATUSES
from shared.privacy.rectify import FIELD_LABELS
from shared.validators import multiline_text, plain_text, strip

NAME_LIMIT = 100


def _name(label: str, required: bool = True) -> StringField:
    first = InputRequired(f"Enter the {label.lower()}") if required else Optional()
    return StringField(label, widget=GovTextInput(), filters=[strip], validators=[
        first, plain_text, Length(max=NAME_LIMIT, message=f"{label} must be "
                                  f"{NAME_LIMIT} characters or fewer")])


class PersonSearchForm(FlaskForm):
    """A last name with a date of birth or an age band (first name optional), or a reference."""

    first_name = _name("First name (optional)", required=False)
    last_name = _name("Last name", required=False)
    date_of_birth = GovDateField("Date of birth", validators=[Optional()])
    age_band = SelectField("Or, if the date of birth is not known, age band when referred",
                           widget=GovSelect(), validators=[Optional()],
                           choices=as_choices([("", "Not known"),
                                               *((b, b.replace("-", " to ")) for b in AGE_BANDS)]))
    reference = StringField("Or a case reference", widget=GovTextInput(), filters=[strip],
                            validators=[Optional(), plain_text, Length(
                                max=20, message="A case reference is at most 20 characters")])
    submit = SubmitField("Search", widget=GovSubmitInput())

    def validate(self, extra_validators=None) -> bool:
        """One of the three ways to search must be complete."""
        valid = super().validate(extra_validators)
        if valid and not self.reference.data and not (
                self.last_name.data and (self.date_of_birth.data or self.age_band.data)):
            self.last_name.errors.append("Enter a last name with a date of birth or an age "
                                         "band, or enter a case reference")
            return False
        return valid


class OpenRequestForm(FlaskForm):
    """Open a subject access request for the person found."""

    person = StringField(validators=[InputRequired(), Length(max=36)])
    received_on = GovDateField("Date the request was received", validators=[
        InputRequired("Enter the date the request was received")])
    submit = SubmitField("Open subject access request", widget=GovSubmitInput())


class RequestStatusForm(FlaskForm):
    """Answer or withdraw a request."""

    status = SelectField("Status", widget=GovSelect(), choices=as_choices(SAR_STATUSES.items()),
                         validators=[InputRequired("Choose a status")])
    submit = SubmitField("Save status", widget=GovSubmitInput())


class RectifyForm(FlaskForm):
    """Correct one identity field, saying why."""

    field = SelectField("Field to correct", widget=GovSelect(),
                        choices=as_choices(FIELD_LABELS.items()),
                        validators=[InputRequired("Choose a field")])
    new_value = _name("Correct value", required=False)
    new_date = GovDateField("Correct date (date of birth only)", validators=[Optional()])
    reason = TextAreaField("Why it is being corrected", widget=GovCharacterCount(),
                           filters=[strip], validators=[
                               InputRequired("Say why the field is being corrected"),
                               multiline_text, Length(max=500)])
    submit = SubmitField("Correct the record", widget=GovSubmitInput())


class EraseForm(FlaskForm):
    """Why, on whose request, and the second confirmation before erasure (DPA 2018 s.62)."""

    request_reference = StringField(
        "The request's reference (optional)", widget=GovTextInput(), filters=[strip],
        validators=[Optional(), plain_text, Length(max=60, message="Use 60 characters or fewer")])
    reason = TextAreaField("Why this person is being erased", widget=GovCharacterCount(),
                           filters=[strip], validators=[
                               InputRequired("Say why this person is being erased"),
                               multiline_text, Length(max=500)])

    confirmation = StringField("Type ERASE, or one of the referral references, to confirm",
                               widget=GovTextInput(), filters=[strip], validators=[
                                   InputRequired("Type ERASE or a referral reference"),
                                   plain_text, Length(max=20)])
    submit = SubmitField("Erase this person", widget=GovSubmitInput())


class WithholdForm(FlaskForm):
    """One item to withhold from a subject access copy, and why."""

    item = SelectField("Item to withhold", widget=GovSelect(), choices=[],
                       validators=[InputRequired("Choose the item to withhold")])
    reason = TextAreaField("Why it is withheld", widget=GovCharacterCount(), filters=[strip],
                           validators=[InputRequired("Say why this item is withheld"),
                                       multiline_text, Length(max=500)])
    submit = SubmitField("Withhold this item", widget=GovSubmitInput())


class RuleForm(FlaskForm):
    """How long one retention rule keeps data."""

    keep_months = IntegerField("Months to keep", widget=GovTextInput(), validators=[
        InputRequired("Enter a number of months"),
        NumberRange(1, 240, "Months must be between 1 and 240")])
    until_age = IntegerField("Keep at least until this age (optional)", widget=GovTextInput(),
                             validators=[Optional(), NumberRange(10, 30, "Age must be "
                                                                 "between 10 and 30")])
    active = BooleanField("Rule is in force", widget=GovCheckboxInput())
    submit = SubmitField("Save rule", widget=GovSubmitInput())


class AuditSearchForm(FlaskForm):
    """Audit search: a person, a user, an organisation, an action, a date range; all optional."""

    first_name = _name("First name", required=False)
    last_name = _name("Last name", required=False)
    date_of_birth = GovDateField("Date of birth", validators=[Optional()])
    user_email = StringField("User's email address", widget=GovTextInput(), filters=[strip],
                             validators=[Optional(), plain_text, Length(max=254)])
    organisation = SelectField("Organisation", widget=GovSelect(), validators=[Optional()])
    action = SelectField("Action", widget=GovSelect(), validators=[Optional()], choices=as_choices(
        [("", "Any action"), *((a, a.replace("_", " ")) for a in sorted(ACTIONS))]))
    date_from = GovDateField("From", validators=[Optional()])
    date_to = GovDateField("To", validators=[Optional()])
    page = IntegerField(validators=[Optional(), NumberRange(1, 100_000)])
    submit = SubmitField("Search the audit log", widget=GovSubmitInput())

    def validate(self, extra_validators=None) -> bool:
        """Also: a person needs all three of name and date of birth; dates in order."""
        if not super().validate(extra_validators):
            return False
        person = [self.first_name.data, self.last_name.data, self.date_of_birth.data]
        if any(person) and not all(person):
            self.last_name.errors.append("To search by person, enter first name, last name "
                                         "and date of birth")
            return False
        if self.date_from.data and self.date_to.data and self.date_from.data > self.date_to.data:
            self.date_to.errors.append("The end date must be on or after the start date")
            return False
        return True
