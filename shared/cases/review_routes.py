"""The outcomes-over-time page: the change so far, and the form for the next measurement."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput
from wtforms import RadioField, SelectField, SubmitField
from wtforms.validators import InputRequired

from shared.audit import services as audit
from shared.auth.permissions import roles_required
from shared.auth.roles import Role
from shared.cases import contacts, reviews
from shared.cases.forms import _pairs
from shared.cases.scoping import get_case_or_404
from shared.cases.services import CaseError
from shared.forms import GovDateField, PageForm, Radios, as_choices
from shared.refusals import show_refusal

bp = Blueprint("outcomes", __name__, url_prefix="/cases")
RATINGS = as_choices([("", "Not rated"), *((str(n), str(n)) for n in reviews.SCALE)])


def review_form(case, **kwargs) -> PageForm:
    """The measurement form, with one 0-10 rating per goal of CASE's plan."""
    class ReviewForm(PageForm):
        stage = RadioField("When is this?", widget=Radios(), choices=_pairs(reviews.STAGES),
                           validators=[InputRequired("Choose when this is")])
        reviewed_on = GovDateField("Date", validators=[InputRequired("Enter the date")])

    for goal in case.goals:
        setattr(ReviewForm, f"goal_{goal.uuid.hex}", SelectField(
            f"Goal: {goal.title}", widget=GovSelect(), choices=RATINGS,
            description="0: not at all met, 10: fully met, as the young person rates it"))
    ReviewForm.ete_status = SelectField(
        "Education, training or employment", widget=GovSelect(),
        choices=_pairs(reviews.ETE_STATUSES, "Not recorded"))
    ReviewForm.trust_police = SelectField(
        "How much do you trust the police?", widget=GovSelect(), choices=RATINGS,
        description="The young person's answer: 0 not at all, 10 completely")
    ReviewForm.submit = SubmitField("Save outcomes", widget=GovSubmitInput())
    return ReviewForm(prefix="review", **kwargs)


@bp.route("/<case_uuid>/outcomes", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR, Role.PARTNER)
def outcomes(case_uuid: str):
    """Outcomes at acceptance, at each review and at exit; the change between them."""
    case = get_case_or_404(current_user, case_uuid)
    form = review_form(case)
    if form.validate_on_submit():
        try:
            reviews.record_review(case, current_user, form.stage.data, form.reviewed_on.data,
                                  _goal_scores(case, form), form.ete_status.data or None,
                                  _number(form.trust_police.data))
        except CaseError as error:
            show_refusal(form, error, fallback="submit")
            case = get_case_or_404(current_user, case_uuid)
        else:
            flash("Outcomes saved", "success")
            return redirect(url_for(".outcomes", case_uuid=case_uuid))
    audit.record("view", "case", case.uuid, detail="outcomes over time")
    history, measures = reviews.change(case)
    return render_template("cases/outcomes.html", case=case, form=form, history=history,
                           measures=measures, stages=reviews.STAGES,
                           can_record=contacts.may_record(case, current_user)), \
        400 if form.is_submitted() else 200


def _goal_scores(case, form) -> dict[str, int]:
    scores = {}
    for goal in case.goals:
        value = _number(form[f"goal_{goal.uuid.hex}"].data)
        if value is not None:
            scores[str(goal.uuid)] = value
    return scores


def _number(value: str | None) -> int | None:
    return int(value) if value not in (None, "") else None
