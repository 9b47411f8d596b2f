"""The forms on a case page; each is prefixed so several can share the page."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import (
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional

from shared.cases import choices
from shared.cases.plan_models import ACTION_OWNERS, ACTION_STATUSES
from shared.forms import WARNING, Button, GovDateField, PageForm, as_choices
from shared.validators import multiline_text, plain_text, strip

NOTE_LIMIT = 2000


def _pairs(mapping: dict, blank: str | None = None) -> list:
    pairs = [(str(k), v) for k, v in mapping.items()]
    return as_choices([("", blank), *pairs] if blank else pairs)


def _note(label: str, required: str | None = None) -> TextAreaField:
    first = InputRequired(required) if required else Optional()
    return TextAreaField(label, widget=GovCharacterCount(), filters=[strip], validators=[
        first, multiline_text,
        Length(max=NOTE_LIMIT, message=f"{label} must be {NOTE_LIMIT} characters or fewer")])


class TriageForm(PageForm):
    """The coordinator's decision on a new referral."""

    decision = RadioField("Decision", widget=GovRadioInput(), choices=as_choices([
        ("accept", "Accept"), ("decline", "Decline"), ("no_further_action", "No further action")]),
        validators=[InputRequired("Choose a decision")])
    reason = SelectField("Reason (if declined or no further action)", widget=GovSelect(),
                         choices=_pairs({**choices.DECLINE_REASONS, **choices.NFA_REASONS},
                                        "Not needed"), validators=[Optional()])
    risk_level = RadioField("Risk level", widget=GovRadioInput(),
                            choices=_pairs(choices.RISK_LEVELS),
                            validators=[InputRequired("Choose a risk level")])
    priority = RadioField("Priority", widget=GovRadioInput(), coerce=int,
                          choices=as_choices(choices.PRIORITIES.items()),
                          validators=[InputRequired("Choose a priority")])
    note = _note("Note (optional)")
    submit = SubmitField("Record decision", widget=GovSubmitInput())


class GoalForm(PageForm):
    """A new goal."""

    title = StringField("New goal", widget=GovTextInput(), filters=[strip], validators=[
        InputRequired("Describe the goal"), plain_text,
        Length(max=500, message="Goal must be 500 characters or fewer")])
    submit = SubmitField("Add goal", widget=GovSubmitInput())


class ActionForm(PageForm):
    """A new action under a goal."""

    description = StringField("Action", widget=GovTextInput(), filters=[strip], validators=[
        InputRequired("Describe the action"), plain_text,
        Length(max=500, message="Action must be 500 characters or fewer")])
    owner = SelectField("Who owns it", widget=GovSelect(), choices=_pairs(ACTION_OWNERS),
                        invalid_choice_message="Choose who owns the action")
    due_date = GovDateField("Due date", validators=[InputRequired("Enter a due date")])
    submit = SubmitField("Add action", widget=GovSubmitInput())


class ActionStatusForm(PageForm):
    """Change an action's status."""

    status = SelectField("Status", widget=GovSelect(), choices=_pairs(ACTION_STATUSES),
                         invalid_choice_message="Choose a status from the list")
    submit = SubmitField("Update", widget=GovSubmitInput())


class HandoffForm(PageForm):
    """Hand the case to a partner."""

    organisation = SelectField("Partner organisation", widget=GovSelect(), choices=[],
                               validate_choice=False,
                               validators=[InputRequired("Choose a partner organisation")])
    reason = _note("Why this partner", "Say why you are handing the case to this partner")
    submit = SubmitField("Hand off", widget=GovSubmitInput())


class DecisionForm(PageForm):
    """The partner's answer to a hand-off."""

    decision = RadioField("Your organisation's answer", widget=GovRadioInput(), choices=as_choices([
        ("accept", "Accept the hand-off"), ("decline", "Decline the hand-off")]),
        validators=[InputRequired("Choose accept or decline")])
    decline_reason = SelectField("Reason for declining", widget=GovSelect(),
                                 choices=_pairs(choices.HANDOFF_DECLINE_REASONS, "Not needed"),
                                 validators=[Optional()])
    note = _note("Note (optional)")
    submit = SubmitField("Send answer", widget=GovSubmitInput())


class OutcomeForm(PageForm):
    """Engagement and outcomes."""

    engaged = RadioField("Is the young person engaging?", widget=GovRadioInput(),
                         choices=as_choices([("yes", "Yes"), ("no", "No")]),
                         validators=[InputRequired("Say whether they are engaging")])
    needs = SelectMultipleField("Needs addressed", widget=GovCheckboxesInput(),
                                choices=_pairs(choices.NEEDS))
    ete_outcome = SelectField("Education, training or employment", widget=GovSelect(),
                              choices=_pairs(choices.ETE_OUTCOMES, "Not recorded"),
                              validators=[Optional()])
    submit = SubmitField("Save outcome", widget=GovSubmitInput())


class CloseForm(PageForm):
    """Close the case."""

    reason = SelectField("Reason for closing", widget=GovSelect(),
                         choices=_pairs(choices.CLOSURE_REASONS, "Choose a reason"),
                         invalid_choice_message="Choose a reason from the list")
    note = _note("Note (optional)")
    submit = SubmitField("Close case", widget=Button(WARNING))


class ReferBackForm(PageForm):
    """Refer the young person back into triage."""

    note = _note("Why (optional)")
    submit = SubmitField("Refer back to the coordinator",
                         widget=Button(WARNING))


class ButtonForm(PageForm):
    """A single button (agree the plan, withdraw a hand-off)."""

    submit = SubmitField("Confirm", widget=GovSubmitInput())
