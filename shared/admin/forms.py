"""Admin forms: every field is named here, so nothing else in a request is ever read."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Regexp, ValidationError

from shared.auth.roles import role_choices
from shared.forms import as_choices
from shared.reference.models import ORGANISATION_KINDS
from shared.validators import plain_text
from shared.validators import strip as _strip

STATUS_CHOICES = as_choices([("active", "Active"), ("inactive", "Inactive")])


def _upper(value):
    return value.upper() if isinstance(value, str) else value


def email_address(form, field) -> None:
    """A syntactically valid address; deliverability is not checked."""
    try:
        validate_email(field.data or "", check_deliverability=False, test_environment=True)
    except EmailNotValidError:
        raise ValidationError("Enter an email address in the correct format, "
                              "like name@example.org") from None


def _name_field(label: str, required: str, max_length: int) -> StringField:
    return StringField(label, widget=GovTextInput(), filters=[_strip], validators=[
        DataRequired(required), plain_text,
        Length(max=max_length, message=f"{label} must be {max_length} characters or fewer"),
    ])


def _status_field(label: str) -> RadioField:
    return RadioField(label, choices=STATUS_CHOICES, widget=GovRadioInput(),
                      invalid_choice_message="Choose active or inactive")


# Declared before the forms that use them so the error summary follows the page order.
_INVITE_EMAIL = StringField("Email address", widget=GovTextInput(), filters=[_strip], validators=[
    DataRequired("Enter an email address"), plain_text,
    Length(max=254, message="Email address must be 254 characters or fewer"), email_address,
])
_INVITE_NAME = _name_field("Full name", "Enter the person's full name", 120)
_ORGANISATION_CODE = StringField("Code", widget=GovTextInput(), filters=[_strip, _upper],
                                 validators=[
    DataRequired("Enter a code"),
    Regexp(r"^[A-Z0-9]{2,16}\Z", message="Code must be 2 to 16 letters or numbers, like AITC"),
])


class UserSearchForm(FlaskForm):
    """Filter the user list by role and search by email (sent by POST, never in the URL)."""

    role = SelectField("Role", choices=as_choices([("", "All roles"), *role_choices()]),
                       widget=GovSelect(), invalid_choice_message="Choose a role from the list")
    email = StringField("Email address contains", widget=GovTextInput(), filters=[_strip],
                        validators=[plain_text, Length(max=254, message="Email address must be "
                                                       "254 characters or fewer")])
    submit = SubmitField("Search", widget=GovSubmitInput())


class RoleFields(FlaskForm):
    """A role and an organisation that suits it (choices set by the route)."""

    role = RadioField("Role", choices=as_choices(role_choices()), widget=GovRadioInput(),
                      invalid_choice_message="Choose a role from the list")
    organisation = SelectField("Organisation", choices=[], widget=GovSelect(),
                               invalid_choice_message="Choose an organisation from the list",
                               validators=[DataRequired("Choose an organisation")])


class InviteUserForm(RoleFields):
    """A new account: it gets a one-time invitation link instead of a password."""

    email = _INVITE_EMAIL
    full_name = _INVITE_NAME
    submit = SubmitField("Create account and invitation link", widget=GovSubmitInput())


class ChangeRoleForm(RoleFields):
    """Move a user to another role or organisation."""

    submit = SubmitField("Change role and organisation", widget=GovSubmitInput())


class ActionForm(FlaskForm):
    """A single button: carries the CSRF token and nothing else."""


class OrganisationForm(FlaskForm):
    """Change an organisation: its code is fixed once created."""

    name = _name_field("Name", "Enter the organisation's name", 120)
    kind = RadioField("Kind of organisation", choices=as_choices(ORGANISATION_KINDS.items()),
                      widget=GovRadioInput(),
                      invalid_choice_message="Choose a kind of organisation from the list")
    status = _status_field("Status")
    submit = SubmitField("Save organisation", widget=GovSubmitInput())


class NewOrganisationForm(OrganisationForm):
    """Add an organisation, with its permanent short code."""

    code = _ORGANISATION_CODE


class BcuForm(FlaskForm):
    """Rename a BCU."""

    name = _name_field("Name", "Enter the BCU's name", 80)
    submit = SubmitField("Save BCU", widget=GovSubmitInput())


class BoroughForm(FlaskForm):
    """Rename a borough or move it to another BCU (choices set by the route)."""

    name = _name_field("Name", "Enter the borough's name", 80)
    bcu = SelectField("BCU", choices=[], widget=GovSelect(),
                      invalid_choice_message="Choose a BCU from the list")
    submit = SubmitField("Save borough", widget=GovSubmitInput())


class CustodySuiteForm(FlaskForm):
    """Add or change a custody suite (BCU choices set by the route)."""

    name = _name_field("Name", "Enter the custody suite's name", 80)
    bcu = SelectField("BCU", choices=[], widget=GovSelect(),
                      invalid_choice_message="Choose a BCU from the list")
    status = _status_field("Status")
    submit = SubmitField("Save custody suite", widget=GovSubmitInput())


class SuitesForm(FlaskForm):
    """The custody suites a custody worker works at (admins only)."""

    suites = SelectMultipleField("Custody suites", choices=[], widget=GovCheckboxesInput(),
                                 invalid_choice_message="Choose suites from the list")
    submit = SubmitField("Save custody suites", widget=GovSubmitInput())
