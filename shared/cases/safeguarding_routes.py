"""Safeguarding pages: raise a concern on a case, record the statutory referral, resolve it."""

from __future__ import annotations

import uuid as uuid_module
from datetime import time

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from wtforms import RadioField, SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, Length

from shared.audit import services as audit
from shared.auth.permissions import roles_required
from shared.auth.roles import Role
from shared.cases import safeguarding
from shared.cases.contact_forms import TIME, _time_ok
from shared.cases.forms import _note, _pairs
from shared.cases.scoping import get_case_or_404
from shared.cases.services import CaseError
from shared.clock import ClockError, to_utc
from shared.forms import GovDateField, PageForm, Radios
from shared.refusals import show_refusal
from shared.validators import plain_text, strip

bp = Blueprint("safeguarding", __name__, url_prefix="/cases")
BOTH = (Role.COORDINATOR, Role.PARTNER)


class ConcernForm(PageForm):
    """A new safeguarding concern."""

    category = SelectField("What kind of concern", widget=GovSelect(),
                           choices=_pairs(safeguarding.CATEGORIES, "Choose one"),
                           validators=[InputRequired("Choose the kind of concern")])
    urgency = RadioField("How urgent", widget=Radios(), choices=_pairs(safeguarding.URGENCIES),
                         validators=[InputRequired("Choose how urgent it is")])
    description = _note("What is the concern?", "Say what the concern is")
    submit = SubmitField("Raise the concern", widget=GovSubmitInput())


class ReferralForm(PageForm):
    """The statutory referral made."""

    agency = RadioField("Referred to", widget=Radios(), choices=_pairs(safeguarding.AGENCIES),
                        validators=[InputRequired("Choose who the referral went to")])
    reference = StringField("Their reference", widget=GovTextInput(), filters=[strip],
                            validators=[InputRequired("Enter their reference"), plain_text,
                                        Length(max=100)])
    referred_on = GovDateField("Date of the referral",
                               validators=[InputRequired("Enter the date")])
    referred_time = StringField("Time of the referral", widget=GovTextInput(), filters=[strip],
                                description="24-hour clock, London time, for example 14:05",
                                validators=[InputRequired("Enter the time"), _time_ok])
    submit = SubmitField("Save the referral", widget=GovSubmitInput())


class ResolveForm(PageForm):
    """The outcome, which resolves the concern."""

    outcome = _note("Outcome", "Say what the outcome is")
    submit = SubmitField("Resolve the concern",
                         widget=GovSubmitInput({"classes": "govuk-button--secondary"}))


@bp.route("/<case_uuid>/safeguarding", methods=["GET", "POST"])
@roles_required(*BOTH)
def concerns(case_uuid: str):
    """The case's concerns, and the form to raise one."""
    case = get_case_or_404(current_user, case_uuid)
    form = ConcernForm(prefix="concern")
    if form.validate_on_submit():
        try:
            concern = safeguarding.raise_concern(case, current_user, form.category.data,
                                                 form.urgency.data, form.description.data)
        except CaseError as error:
            show_refusal(form, error, fallback="submit")
            case = get_case_or_404(current_user, case_uuid)
        else:
            flash("Concern raised: the coordinators have been alerted", "success")
            return redirect(url_for(".concern", case_uuid=case_uuid, concern_uuid=concern.uuid))
    audit.record("view", "case", case.uuid, detail="safeguarding")
    return render_template("cases/safeguarding.html", case=case, form=form,
                           can_raise=safeguarding.may_raise(case, current_user),
                           labels=safeguarding), 400 if form.is_submitted() else 200


@bp.route("/<case_uuid>/safeguarding/<concern_uuid>", methods=["GET"])
@roles_required(*BOTH)
def concern(case_uuid: str, concern_uuid: str):
    """One concern, with its referral and resolution forms."""
    case = get_case_or_404(current_user, case_uuid)
    return _concern_page(case, _find(case, concern_uuid), ReferralForm(prefix="referral"),
                         ResolveForm(prefix="resolve"))


@bp.route("/<case_uuid>/safeguarding/<concern_uuid>/referral", methods=["POST"])
@roles_required(*BOTH)
def referral(case_uuid: str, concern_uuid: str):
    """Record the statutory referral."""
    case = get_case_or_404(current_user, case_uuid)
    found = _find(case, concern_uuid)
    form = ReferralForm(prefix="referral")
    if form.validate_on_submit():
        try:
            hours, minutes = TIME.match(form.referred_time.data).groups()
            at = _moment(form.referred_on.data, time(int(hours), int(minutes)))
            safeguarding.record_referral(found, current_user, form.agency.data,
                                         form.reference.data, at)
        except CaseError as error:
            show_refusal(form, error, {"referred": "referred_time"}, fallback="submit")
        else:
            flash("Referral saved", "success")
            return redirect(url_for(".concern", case_uuid=case_uuid, concern_uuid=concern_uuid))
    case = get_case_or_404(current_user, case_uuid)
    return _concern_page(case, _find(case, concern_uuid), form, ResolveForm(prefix="resolve"),
                         400)


@bp.route("/<case_uuid>/safeguarding/<concern_uuid>/resolve", methods=["POST"])
@roles_required(*BOTH)
def resolve(case_uuid: str, concern_uuid: str):
    """Resolve the concern with its outcome."""
    case = get_case_or_404(current_user, case_uuid)
    found = _find(case, concern_uuid)
    form = ResolveForm(prefix="resolve")
    if form.validate_on_submit():
        try:
            safeguarding.resolve(found, current_user, form.outcome.data)
        except CaseError as error:
            show_refusal(form, error, fallback="submit")
        else:
            flash("Concern resolved", "success")
            return redirect(url_for(".concerns", case_uuid=case_uuid))
    case = get_case_or_404(current_user, case_uuid)
    return _concern_page(case, _find(case, concern_uuid), ReferralForm(prefix="referral"),
                         form, 400)


def _concern_page(case, found, referral_form, resolve_form, status: int = 200):
    audit.record("view", "safeguarding_concern", found.uuid)
    form = referral_form if referral_form.errors else resolve_form
    return render_template("cases/concern.html", case=case, concern=found, form=form,
                           referral_form=referral_form, resolve_form=resolve_form,
                           can_act=safeguarding.may_raise(case, current_user),
                           labels=safeguarding), status


def _moment(day, at):
    try:
        return to_utc(day, at)
    except ClockError as error:
        raise CaseError(str(error), "referred") from None


def _find(case, concern_uuid: str):
    try:
        wanted = uuid_module.UUID(concern_uuid)
    except ValueError:
        abort(404)
    found = next((c for c in case.safeguarding_concerns if c.uuid == wanted), None)
    return found if found is not None else abort(404)



