"""The officer's referral form: every field is named here, so nothing else in a request is read."""

from __future__ import annotations

import uuid

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from sqlalchemy import select
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Optional, StopValidation

from divert.fields import (
    Checkbox,
    Checkboxes,
    GovDateField,
    Radios,
    a_uuid,
    at_most,
    email_address,
    multiline_text,
    plain_text,
    strip,
    uk_phone,
    uk_postcode,
)
from divert.rules import CONCERN_MAX, INTERESTS_MAX, MAX_LENGTHS  # noqa: F401  re-exported
from divert.services import check_age
from divert.services import is_child as under_18
from shared.cases import choices
from shared.cases.services import CaseError
from shared.extensions import db
from shared.people.models import ETHNICITY_GROUPS, GENDERS
from shared.reference.models import Bcu, Borough

YES_NO = [("yes", "Yes"), ("no", "No")]
PARENT_REQUIRED = {"parent_name": "Enter the parent or carer's name",
                   "parent_relationship": "Enter their relationship to the young person",
                   "parent_aware": "Select yes if the parent or carer knows about this referral"}
# The service names the model's columns; the form names what the officer chose.
SERVICE_FIELD_TO_FORM = {"borough_id": "borough", "bcu_id": "bcu"}


def _text(label: str, name: str, required: str | None = None, *, hint: str = "",
          checks=(), multiline: bool = False, widget=None):
    first = [DataRequired(required)] if required else [Optional()]
    content = multiline_text if multiline else plain_text
    field = TextAreaField if multiline else StringField
    return field(label, description=hint, filters=[strip],
                 widget=widget or (GovTextArea() if multiline else GovTextInput()),
                 validators=[*first, content, at_most(MAX_LENGTHS[name]), *checks])


def _radios(label: str, options, required: str | None = None, hint: str = "") -> RadioField:
    first = InputRequired(required) if required else Optional()
    return RadioField(label, choices=[SelectChoice(*option) for option in options],
                      description=hint, widget=Radios(), validators=[first],
                      invalid_choice_message="Choose an option from the list")


def _checkboxes(label: str, options: dict, hint: str) -> SelectMultipleField:
    return SelectMultipleField(label, choices=[SelectChoice(*o) for o in options.items()],
                               description=hint, widget=Checkboxes(),
                               invalid_choice_message="Choose options from the list")


def _select(label: str, required: str) -> SelectField:
    # Choices are the reference rows' UUIDs, filled in per request: never integer ids.
    return SelectField(label, choices=[], widget=GovSelect(), validators=[DataRequired(required)],
                       invalid_choice_message=f"Choose a {label.lower()} from the list")


def date_of_birth_in_band(form, field) -> None:
    """A real date of birth, in the past, making the young person 14 to 25 today."""
    if field.errors:
        raise StopValidation()
    if field.data is None:
        raise StopValidation("Enter the young person's date of birth")
    try:
        check_age(field.data)
    except CaseError as refused:
        raise StopValidation(str(refused)) from None


class ReferralForm(FlaskForm):
    """A DIVERT referral from an officer's phone, with the young person present and consenting."""

    submission_id = HiddenField(validators=[a_uuid])
    # The young person
    first_name = _text("First name", "first_name", "Enter the young person's first name")
    last_name = _text("Last name", "last_name", "Enter the young person's last name")
    alias = _text("Other names or nickname (optional)", "alias")
    date_of_birth = GovDateField("Date of birth", id="date_of_birth-day",
                                 description="For example, 27 3 2008",
                                 validators=[date_of_birth_in_band])
    gender = _radios("Gender (optional)", ((g, g) for g in GENDERS))
    ethnicity_group = _radios("Ethnic group (optional)", ((e, e) for e in ETHNICITY_GROUPS))
    address = _text("Address (optional)", "address", multiline=True)
    postcode = _text("Postcode (optional)", "postcode", checks=[uk_postcode])
    phone = _text("Phone number (optional)", "phone", checks=[uk_phone])
    email = _text("Email address (optional)", "email", checks=[email_address])
    school_or_occupation = _text("School, college or occupation (optional)", "school_or_occupation")
    borough = _select("Borough", "Choose the borough where the young person lives")
    # Parent or carer: needed only when the young person is under 18
    parent_name = _text("Parent or carer's name", "parent_name")
    parent_relationship = _text("Relationship to the young person", "parent_relationship",
                                hint="For example, mother, grandfather or foster carer")
    parent_phone = _text("Parent or carer's phone number (optional)", "parent_phone",
                         checks=[uk_phone])
    parent_aware = _radios("Does the parent or carer know about this referral?", YES_NO)
    # The concern
    at_risk_as = _radios("Is the young person at risk as a victim, a perpetrator or both?",
                         choices.AT_RISK_AS.items(), "Select whether they are at risk as a "
                         "victim, a perpetrator or both")
    exploitation_concern = _radios("Are you concerned about exploitation or grooming?", YES_NO,
                                   "Select yes if you are concerned about exploitation or "
                                   "grooming")
    concern = _text("What are you worried about?", "concern",
                    "Enter what you are worried about", multiline=True,
                    widget=GovCharacterCount())
    vulnerabilities = _checkboxes("Vulnerabilities (optional)", choices.VULNERABILITIES,
                                  "Select all that apply")
    exploitation_indicators = _checkboxes("Signs of exploitation (optional)",
                                          choices.EXPLOITATION_INDICATORS,
                                          "Select all that apply")
    interests = _text("Hobbies and interests (optional)", "interests", multiline=True,
                      hint="The young person can tell you: sport, music, arts, anything",
                      widget=GovCharacterCount())
    # The referrer
    strand = _radios("Your strand", choices.STRANDS.items(), "Select your strand")
    bcu = _select("BCU", "Choose your BCU")
    referrer_phone = _text("Your phone number (optional)", "referrer_phone", checks=[uk_phone],
                           hint="So the DIVERT team can call you about this referral")
    # The wording shows as the checkbox's hint (see the template), so it sits beside the box.
    consent = BooleanField("The young person agrees to be referred", widget=Checkbox(),
                           validators=[
                               DataRequired("Confirm the young person agrees to be referred")])
    submit = SubmitField("Send referral", widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._borough_ids = self._load_choices(self.borough, Borough, "Choose borough",
                                               lambda row: row.name)
        self._bcu_ids = self._load_choices(self.bcu, Bcu, "Choose BCU",
                                           lambda row: f"{row.name} ({row.code})")
        if not self.is_submitted():
            self.submission_id.data = str(uuid.uuid4())

    @staticmethod
    def _load_choices(field: SelectField, model, placeholder: str, label) -> dict[str, int]:
        rows = db.session.scalars(select(model).order_by(model.name)).all()
        field.choices = [SelectChoice("", placeholder)] + [
            SelectChoice(str(row.uuid), label(row)) for row in rows]
        return {str(row.uuid): row.id for row in rows}

    def validate(self, extra_validators=None) -> bool:
        """Validate every field, then ask for the parent or carer when the person is under 18."""
        valid = super().validate(extra_validators)
        if self.date_of_birth.data and not self.date_of_birth.errors and self.is_child():
            for name, message in PARENT_REQUIRED.items():
                field = self[name]
                if not field.data and not field.errors:
                    field.errors.append(message)
                    valid = False
        return valid

    def is_child(self) -> bool:
        """True when the date of birth makes the young person under 18 today."""
        return under_18(self.date_of_birth.data)

    def submission_uuid(self) -> uuid.UUID:
        """The submission id that makes a repeat of this form return the first receipt."""
        return uuid.UUID(self.submission_id.data)

    def referral_data(self) -> dict:
        """The validated form as the dict divert.services.submit_referral expects."""
        text = ("first_name", "last_name", "alias", "address", "postcode", "phone", "email",
                "school_or_occupation", "concern", "interests", "referrer_phone")
        data = {name: self[name].data or None for name in text}
        data.update(
            date_of_birth=self.date_of_birth.data, gender=self.gender.data,
            ethnicity_group=self.ethnicity_group.data,
            borough_id=self._borough_ids[self.borough.data],
            bcu_id=self._bcu_ids[self.bcu.data], strand=self.strand.data,
            at_risk_as=self.at_risk_as.data,
            exploitation_concern=self.exploitation_concern.data == "yes",
            vulnerabilities=list(self.vulnerabilities.data or []),
            exploitation_indicators=list(self.exploitation_indicators.data or []),
            consent=bool(self.consent.data), parent_carer=self._parent_carer(),
        )
        return data

    def _parent_carer(self) -> dict:
        # The service keeps this only for an under-18 (divert.services.parent_carer_for).
        return {"name": self.parent_name.data, "relationship": self.parent_relationship.data,
                "phone": self.parent_phone.data or None,
                "aware_of_referral": self.parent_aware.data == "yes"}
