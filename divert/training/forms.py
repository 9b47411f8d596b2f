"""Forms for the training pages and the public feedback form; each names every field it reads."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, FileSize
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from sqlalchemy import select
from wtforms import IntegerField, RadioField, SelectField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from divert.training.survey import COMMENT_MAX, MAX_ATTENDEES
from shared.cases.choices import STRANDS
from shared.extensions import db
from shared.forms import GovDateField, as_choices
from shared.reference.models import Bcu
from shared.validators import multiline_text, strip

UPLOAD_MAX_BYTES = 512 * 1024
RATING_CHOICES = as_choices([(5, "5 - very good"), (4, "4"), (3, "3"), (2, "2"),
                             (1, "1 - very poor")])


class ImportForm(FlaskForm):
    """A roster or staff-numbers CSV."""

    file = FileField("Upload a CSV file", widget=GovFileInput(), validators=[
        FileRequired("Select a CSV file"),
        FileSize(UPLOAD_MAX_BYTES, message="The file must be smaller than 512 KB")])
    submit = SubmitField("Import", widget=GovSubmitInput())


class SessionForm(FlaskForm):
    """A training session about to collect feedback."""

    held_on = GovDateField("Date of the session",
                           validators=[InputRequired("Enter the date of the session")])
    bcu = SelectField("BCU", widget=GovSelect(), validators=[InputRequired("Choose a BCU")],
                      invalid_choice_message="Choose a BCU from the list")
    strand = SelectField("Strand", widget=GovSelect(),
                         choices=as_choices([("", "Choose a strand"), *STRANDS.items()]),
                         validators=[InputRequired("Choose a strand")],
                         invalid_choice_message="Choose a strand from the list")
    attendees = IntegerField("Number of attendees", widget=GovTextInput(), validators=[
        InputRequired("Enter the number of attendees"),
        NumberRange(1, MAX_ATTENDEES, f"Enter a number from 1 to {MAX_ATTENDEES}")])
    submit = SubmitField("Create the feedback link", widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        codes = db.session.execute(select(Bcu.code, Bcu.name).order_by(Bcu.code)).all()
        self.bcu.choices = as_choices([("", "Choose a BCU"),
                                       *((code, f"{code} {name}") for code, name in codes)])



class FeedbackForm(FlaskForm):
    """The public, anonymous feedback form (CSRF on: the page carries its own token)."""

    training_rating = RadioField(
        "How would you rate the training?", widget=GovRadioInput(), coerce=int,
        choices=RATING_CHOICES, validators=[InputRequired("Choose a rating for the training")],
        invalid_choice_message="Choose a rating from 1 to 5")
    app_rating = RadioField(
        "How would you rate the DIVERT App?", widget=GovRadioInput(), coerce=int,
        choices=RATING_CHOICES, validators=[InputRequired("Choose a rating for the DIVERT App")],
        invalid_choice_message="Choose a rating from 1 to 5")
    comment = TextAreaField(
        "Any comments (optional)", widget=GovCharacterCount(), filters=[strip],
        validators=[Optional(), multiline_text, Length(
            max=COMMENT_MAX, message=f"Comment must be {COMMENT_MAX} characters or fewer")])
    submit = SubmitField("Send feedback", widget=GovSubmitInput())
