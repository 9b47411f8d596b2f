"""The form that corrects a custody encounter's facts and release time, with the reason."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField

from engage import choices
from engage.forms import YES_NO, _moment, _radios, _time
from shared.cases.correction_forms import reason_field
from shared.forms import GovDateField


class CorrectEncounterForm(FlaskForm):
    """The custody facts and the release time, corrected."""

    episode = _radios("Time in custody", choices.EPISODES.items(), "Choose the custody episode")
    offence_category = _radios("Offence category", choices.OFFENCES.items(),
                               "Choose the offence category")
    police_outcome = _radios("Police outcome (if known)",
                             [("", "Not known yet"), *choices.POLICE_OUTCOMES.items()])
    liaison_diversion = _radios("Is the NHS Liaison and Diversion service involved?", YES_NO,
                                "Say whether Liaison and Diversion is involved")
    released_date = GovDateField("Date of release (leave empty if not released)",
                                 id="released_date-day")
    released_time = _time("Time of release", None)
    reason = reason_field()
    submit = SubmitField("Save correction", widget=GovSubmitInput())

    def validate(self, extra_validators=None) -> bool:
        """The release, if given, as one London moment."""
        valid = super().validate(extra_validators)
        self.released_at = None
        if self.released_date.data is not None or self.released_time.data:
            if self.released_date.data is None and not self.released_date.errors:
                self.released_date.errors.append("Enter the date of release")
            if not self.released_time.data:
                self.released_time.errors.append("Enter the time of release")
            self.released_at = _moment(self, "released_date", "released_time")
            return valid and self.released_at is not None
        return valid

    def changes(self) -> dict:
        """The values for engage.corrections."""
        return {"episode": self.episode.data, "offence_category": self.offence_category.data,
                "police_outcome": self.police_outcome.data or None,
                "liaison_diversion": self.liaison_diversion.data == "yes",
                "released_at": self.released_at}
