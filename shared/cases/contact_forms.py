"""The contact form: log one, or correct one with a reason."""

from __future__ import annotations

import re
from datetime import time

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import RadioField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from shared.cases import choices
from shared.cases.contacts import MAX_MINUTES, MAX_PLACE, ContactDetails
from shared.cases.correction_forms import reason_field
from shared.cases.forms import _note, _pairs
from shared.forms import GovDateField, PageForm, Radios
from shared.validators import plain_text, strip

TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _time_ok(form, field) -> None:
    if field.data and not TIME.match(field.data):
        raise ValidationError("Enter the time like 09:05 or 17:30")


def _minutes_ok(form, field) -> None:
    if field.data and not (field.data.isdigit() and 1 <= int(field.data) <= MAX_MINUTES):
        raise ValidationError(f"Enter the duration in whole minutes, 1 to {MAX_MINUTES}")


class ContactForm(PageForm):
    """A contact with the young person, by whichever worker had it."""

    contact_date = GovDateField("Date of contact", validators=[InputRequired("Enter the date")])
    contact_time = StringField("Time (optional)", widget=GovTextInput(), filters=[strip],
                               description="24-hour clock, London time, for example 16:30",
                               validators=[Optional(), _time_ok])
    duration = StringField("How long, in minutes (optional)", widget=GovTextInput(),
                           filters=[strip], validators=[Optional(), _minutes_ok])
    method = RadioField("How", widget=Radios(), choices=_pairs(choices.CONTACT_METHODS),
                        validators=[InputRequired("Choose how the contact was made")])
    place = StringField("Where (optional)", widget=GovTextInput(), filters=[strip],
                        validators=[Optional(), plain_text, Length(max=MAX_PLACE, message=(
                            f"Keep the place to {MAX_PLACE} characters or fewer"))])
    attendance = RadioField("Did it happen?", widget=Radios(),
                            choices=_pairs(choices.CONTACT_ATTENDANCE),
                            validators=[InputRequired("Say whether they attended")])
    notes = _note("Notes (optional)")
    submit = SubmitField("Log contact", widget=GovSubmitInput())

    def details(self) -> ContactDetails:
        """The validated values, for shared.cases.contacts."""
        at = None
        if self.contact_time.data:
            hours, minutes = TIME.match(self.contact_time.data).groups()
            at = time(int(hours), int(minutes))
        return ContactDetails(
            on=self.contact_date.data, at=at,
            duration_minutes=int(self.duration.data) if self.duration.data else None,
            method=self.method.data, place=self.place.data or None,
            attendance=self.attendance.data, notes=self.notes.data or None)

    def fill(self, details: ContactDetails) -> None:
        """Show DETAILS in the form (to correct them)."""
        self.contact_date.data = details.on
        self.contact_time.data = details.at.strftime("%H:%M") if details.at else ""
        self.duration.data = str(details.duration_minutes or "")
        self.method.data, self.attendance.data = details.method, details.attendance
        self.place.data, self.notes.data = details.place or "", details.notes or ""


class CorrectContactForm(ContactForm):
    """A contact corrected, with the reason."""

    reason = reason_field()
    submit = SubmitField("Save correction", widget=GovSubmitInput())
