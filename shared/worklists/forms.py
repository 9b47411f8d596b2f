"""The search form and the assignment form."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import Length, Optional

from shared.forms import GovDateField, PageForm


class SearchForm(PageForm):
    """Find a case by reference, surname (and first name) or date of birth."""

    class Meta:
        csrf = False

    reference = StringField("Case reference", widget=GovTextInput(),
                            validators=[Optional(), Length(max=20)],
                            description="For example, DV-7K2P-Q9")
    surname = StringField("Surname", widget=GovTextInput(),
                          validators=[Optional(), Length(max=100)],
                          description="At least the first 3 letters")
    first_name = StringField("First name", widget=GovTextInput(),
                             validators=[Optional(), Length(max=100)])
    date_of_birth = GovDateField("Date of birth", validators=[Optional()],
                                 description="For example, 27 3 2010")
    submit = SubmitField("Search", widget=GovSubmitInput())


class AssignForm(PageForm):
    """Name a colleague (or nobody) as the worker on the selected cases."""

    assignee = SelectField("Assign to", widget=GovSelect(), validate_choice=False)
    submit = SubmitField("Assign", widget=GovSubmitInput())
