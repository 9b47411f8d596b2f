"""Forms that correct a goal, an action or the outcome, and that reopen a closed case."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import StringField, SubmitField
from wtforms.validators import InputRequired, Length

from shared.cases.corrections import MAX_REASON
from shared.cases.forms import ActionForm, GoalForm, OutcomeForm, _note
from shared.forms import PageForm
from shared.validators import plain_text, strip


def reason_field(label: str = "Why are you correcting it?",
                 required: str = "Say why you are making this correction") -> StringField:
    """Why a record is being changed (kept, sealed, in its history)."""
    return StringField(label, widget=GovTextInput(), filters=[strip], validators=[
        InputRequired(required), plain_text,
        Length(max=MAX_REASON, message=f"Keep the reason to {MAX_REASON} characters or fewer")])


class CorrectGoalForm(GoalForm):
    """A goal's wording, corrected."""

    reason = reason_field()
    submit = SubmitField("Save correction", widget=GovSubmitInput())


class CorrectActionForm(ActionForm):
    """An action's wording, owner or due date, corrected."""

    reason = reason_field()
    submit = SubmitField("Save correction", widget=GovSubmitInput())


class CorrectOutcomeForm(OutcomeForm):
    """The saved outcome, corrected."""

    reason = reason_field()
    submit = SubmitField("Save correction", widget=GovSubmitInput())


class ReopenForm(PageForm):
    """Reopen a closed case, with the reason."""

    reason = _note("Why are you reopening the case?", "Say why you are reopening the case")
    submit = SubmitField("Reopen the case", widget=GovSubmitInput())
