"""Custody forms: every field is named here, so nothing else in a request is ever read."""

from __future__ import annotations

import re
import uuid
from datetime import datetime

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from sqlalchemy import select
from wtforms import (
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from engage import choices
from shared.clock import ClockError, to_utc
from shared.extensions import db
from shared.forms import GovDateField, as_choices
from shared.people.models import ETHNICITY_GROUPS, GENDERS
from shared.reference.models import Borough, CustodySuite
from shared.validators import plain_text, strip

YES_NO = [("yes", "Yes"), ("no", "No")]
TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
# Werkzeug keeps bytes that are not UTF-8 as their %XX escapes (80-FF), which plain_text misses.
UNDECODABLE = re.compile(r"%[89A-Fa-f][0-9A-Fa-f]")
SERVICE_FIELD_TO_FORM = {"entered_at": "entered_time", "custody_suite": "custody_suite",
                         "released_at": "released_time", "meeting_at": "meeting_time"}


def clean_text(form, field) -> None:
    """Control characters, NUL and invalid UTF-8 are refused with one clear message."""
    plain_text(form, field)
    if UNDECODABLE.search(field.data or ""):
        raise ValidationError(f"{field.label.text} must contain only letters, numbers, "
                              "spaces and punctuation")


def _text(label: str, limit: int, required: str | None = None, hint: str = "") -> StringField:
    first = DataRequired(required) if required else Optional()
    return StringField(label, description=hint, filters=[strip], widget=GovTextInput(),
                       validators=[first, clean_text, Length(
                           max=limit, message=f"{label} must be {limit} characters or fewer")])


def _radios(label: str, options, required: str | None = None) -> RadioField:
    first = InputRequired(required) if required else Optional()
    return RadioField(label, choices=as_choices(options), widget=GovRadioInput(),
                      validators=[first], invalid_choice_message="Choose an option from the list")


def _time(label: str, required: str | None) -> StringField:
    first = DataRequired(required) if required else Optional()
    return StringField(label, description="24-hour clock, London time, for example 23:30",
                       filters=[strip], widget=GovTextInput(), validators=[first, clean_text])


def _moment(form: FlaskForm, date_field: str, time_field: str) -> datetime | None:
    """The UTC moment from a London date and HH:MM; an error goes on the time box."""
    day, field = form[date_field].data, form[time_field]
    if day is None or not field.data:
        return None
    match = TIME.match(field.data)
    if not match:
        field.errors.append(f"{field.label.text} must be a time like 09:05 or 23:30")
        return None
    try:
        return to_utc(day, datetime.strptime(f"{match[1]}:{match[2]}", "%H:%M").time())
    except ClockError as error:
        field.errors.append(str(error))
        return None


class EncounterForm(FlaskForm):
    """A custody encounter: the offer, the custody context and, if accepted, who and family."""

    submission_id = HiddenField()
    custody_suite = SelectField("Custody suite", choices=[], widget=GovSelect(),
                                validators=[DataRequired("Choose the custody suite")],
                                invalid_choice_message="Choose one of your custody suites")
    entered_date = GovDateField("Date they entered custody", id="entered_date-day")
    entered_time = _time("Time they entered custody", "Enter the time they entered custody")
    age = _text("Age", 3, "Enter their age in whole years")
    accepted = _radios("Did they accept the offer?", YES_NO, "Say whether the offer was accepted")
    episode = _radios("Time in custody", choices.EPISODES.items(), "Choose the custody episode")
    offence_category = _radios("Offence category", choices.OFFENCES.items(),
                               "Choose the offence category")
    police_outcome = _radios("Police outcome (if known)",
                             [("", "Not known yet"), *choices.POLICE_OUTCOMES.items()])
    liaison_diversion = _radios("Is the NHS Liaison and Diversion service involved?", YES_NO,
                                "Say whether Liaison and Diversion is involved")
    borough = SelectField("Borough where they live (optional)", choices=[], widget=GovSelect(),
                          validators=[Optional()],
                          invalid_choice_message="Choose a borough from the list")
    # Only when the offer is accepted
    first_name = _text("First name", 100)
    last_name = _text("Last name", 100)
    date_of_birth = GovDateField("Date of birth (optional)", id="date_of_birth-day")
    gender = _radios("Gender (optional)", [(g, g) for g in GENDERS])
    ethnicity_group = _radios("Ethnic group (optional)", [(e, e) for e in ETHNICITY_GROUPS])
    # Only for ENGAGE (under 18)
    appropriate_adult = _radios("Who acted as the appropriate adult?",
                                choices.APPROPRIATE_ADULTS.items())
    appropriate_adult_name = _text("Appropriate adult's name (optional)", 200)
    parent_name = _text("Parent or carer's name", 200)
    parent_relationship = _text("Relationship to the child", 100,
                                hint="For example, mother, grandfather or foster carer")
    parent_phone = _text("Parent or carer's phone number (optional)", 20)
    parent_aware = _radios("Does the parent or carer know about the offer?", YES_NO)
    parent_consent = _radios("Has the parent or carer consented to the follow-up meeting?",
                             YES_NO)
    submit = SubmitField("Save encounter", widget=GovSubmitInput())

    def __init__(self, suites: list[CustodySuite], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._suites = {str(s.uuid): s.id for s in suites}
        self.custody_suite.choices = as_choices(
            [("", "Choose custody suite")] + [(str(s.uuid), s.name) for s in suites])
        boroughs = db.session.scalars(select(Borough).order_by(Borough.name)).all()
        self._boroughs = {str(b.uuid): b.id for b in boroughs}
        self.borough.choices = as_choices([("", "Not known")]
                                          + [(str(b.uuid), b.name) for b in boroughs])
        if not self.is_submitted():
            self.submission_id.data = str(uuid.uuid4())

    def validate(self, extra_validators=None) -> bool:
        """Validate the fields, then the submission id, the age and the custody time."""
        valid = super().validate(extra_validators)
        self.entered_at = None
        if self.entered_date.data is None and not self.entered_date.errors:
            self.entered_date.errors.append("Enter the date they entered custody")
        self.entered_at = _moment(self, "entered_date", "entered_time")
        self.age_years = self._age()
        if self._submission() is None:
            self.submission_id.errors.append("This form has expired. Start a new encounter.")
        return valid and not any(f.errors for f in self)

    def _age(self) -> int | None:
        if self.age.errors or not self.age.data:
            return None
        if not self.age.data.isdigit() or not self.age.data.isascii():
            self.age.errors.append("Age must be a whole number, like 15")
            return None
        return int(self.age.data)

    def _submission(self) -> uuid.UUID | None:
        try:
            return uuid.UUID(self.submission_id.data or "")
        except ValueError:
            return None

    def submission_uuid(self) -> uuid.UUID:
        """The id that makes a repeat of this form find the first encounter."""
        return uuid.UUID(self.submission_id.data)

    def encounter_data(self) -> dict:
        """The validated form as engage.services.record_encounter expects it."""
        yes = {"yes": True, "no": False}
        return {
            "custody_suite_id": self._suites.get(self.custody_suite.data),
            "entered_at": self.entered_at, "age": self.age_years,
            "accepted": self.accepted.data == "yes", "episode": self.episode.data,
            "offence_category": self.offence_category.data,
            "police_outcome": self.police_outcome.data or None,
            "liaison_diversion": self.liaison_diversion.data == "yes",
            "borough_id": self._boroughs.get(self.borough.data),
            "first_name": self.first_name.data, "last_name": self.last_name.data,
            "date_of_birth": self.date_of_birth.data, "gender": self.gender.data or None,
            "ethnicity_group": self.ethnicity_group.data or None,
            "appropriate_adult": self.appropriate_adult.data,
            "appropriate_adult_name": self.appropriate_adult_name.data,
            "parent": {"name": self.parent_name.data,
                       "relationship": self.parent_relationship.data,
                       "phone": self.parent_phone.data,
                       "aware": yes.get(self.parent_aware.data),
                       "consent": yes.get(self.parent_consent.data)},
        }


class ReleaseForm(FlaskForm):
    """When the person was released from custody."""

    released_date = GovDateField("Date of release", id="released_date-day")
    released_time = _time("Time of release", "Enter the time of release")
    submit = SubmitField("Save release time", widget=GovSubmitInput())

    def validate(self, extra_validators=None) -> bool:
        """Both boxes, as one London moment."""
        valid = super().validate(extra_validators)
        if self.released_date.data is None and not self.released_date.errors:
            self.released_date.errors.append("Enter the date of release")
        self.released_at = _moment(self, "released_date", "released_time")
        return valid and self.released_at is not None


class FollowUpForm(FlaskForm):
    """The follow-up meeting: when, and whether it happened."""

    meeting_date = GovDateField("Date of the meeting", id="meeting_date-day")
    meeting_time = _time("Time of the meeting", "Enter the time of the meeting")
    held = _radios("Did the meeting happen?", YES_NO, "Say whether the meeting happened")
    submit = SubmitField("Save follow-up", widget=GovSubmitInput())

    def validate(self, extra_validators=None) -> bool:
        """Both boxes, as one London moment."""
        valid = super().validate(extra_validators)
        if self.meeting_date.data is None and not self.meeting_date.errors:
            self.meeting_date.errors.append("Enter the date of the meeting")
        self.meeting_at = _moment(self, "meeting_date", "meeting_time")
        return valid and self.meeting_at is not None


class CoverageForm(FlaskForm):
    """One borough's ENGAGE status in one financial year (admins only)."""

    status = _radios("Status", choices.COVERAGE_STATUSES.items(), "Choose a status")
    submit = SubmitField("Save", widget=GovSubmitInput())


class CoverageYearForm(FlaskForm):
    """Start a new financial year, every borough absent (admins only)."""

    year = _text("Financial year", 7, "Enter a financial year like 2024-25",
                 hint="For example, 2024-25")
    submit = SubmitField("Add year", widget=GovSubmitInput())
