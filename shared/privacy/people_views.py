"""Finding a person (POST only: no names in URLs), their page, rectification and erasure."""

from __future__ import annotations

import uuid

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from shared.audit import services as audit
from shared.auth.permissions import roles_required
from shared.auth.reauth import reauth_required
from shared.auth.roles import Role
from shared.cases.models import Case
from shared.cases.scoping import scoped_cases
from shared.extensions import db
from shared.people.models import Person
from shared.privacy import erasure, rectify, requests
from shared.privacy.blueprint import bp
from shared.privacy.forms import EraseForm, OpenRequestForm, PersonSearchForm, RectifyForm
from shared.refusals import show_refusal


@bp.route("/people", methods=["GET", "POST"])
@roles_required(Role.DPO)
def find_person() -> ResponseReturnValue:
    """Search by first name, last name and date of birth (blind indexes, never a scan)."""
    form = PersonSearchForm()
    if not form.validate_on_submit():
        return render_template("privacy/find_person.html", form=form, found=None), (
            400 if form.errors else 200)
    found = requests.find_people(form.first_name.data, form.last_name.data,
                                 form.date_of_birth.data)
    return render_template("privacy/find_person.html", form=form,
                           found=[(p, requests.cases_of(p)) for p in found])


def _person_or_404(person_uuid: str) -> Person:
    person = requests.person_by_uuid(_uuid(person_uuid))
    if person is None:
        abort(404)
    return person


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        abort(404)


@bp.route("/people/<person_uuid>")
@roles_required(Role.DPO)
def person(person_uuid: str) -> ResponseReturnValue:
    """The person's identity, referrals and corrections, with what the DPO can do next."""
    found = _person_or_404(person_uuid)
    audit.record("view", "person", found.uuid)
    return render_template("privacy/person.html", person=found, cases=requests.cases_of(found),
                           history=rectify.history(found), open_form=OpenRequestForm())


@bp.route("/people/<person_uuid>/rectify", methods=["GET", "POST"])
@roles_required(Role.DPO, Role.COORDINATOR)
def rectify_person(person_uuid: str) -> ResponseReturnValue:
    """Correct one identity field with a reason; the old value is kept, sealed."""
    found = _person_or_404(person_uuid)
    if Role(current_user.role) is Role.COORDINATOR and db.session.scalar(
            scoped_cases(current_user).where(Case.person_id == found.id).limit(1)) is None:
        abort(404)
    form = RectifyForm()
    if form.validate_on_submit():
        value = form.new_date.data if form.field.data == "date_of_birth" else (
            form.new_value.data or None)
        try:
            rectify.rectify(found, current_user, form.field.data, value, form.reason.data)
        except requests.PrivacyError as error:
            show_refusal(form, error, fallback="new_value")
        else:
            flash(f"{rectify.FIELD_LABELS[form.field.data]} corrected; the old value is kept "
                  "in the history", "success")
            return redirect(url_for("privacy.rectify_person", person_uuid=found.uuid))
    return render_template("privacy/rectify.html", person=found, form=form,
                           history=rectify.history(found), labels=rectify.FIELD_LABELS), (
        400 if form.errors else 200)


@bp.route("/people/<person_uuid>/erase", methods=["GET", "POST"])
@roles_required(Role.DPO)
@reauth_required
def erase_person(person_uuid: str) -> ResponseReturnValue:
    """Erase after a second confirmation: the person's data key is destroyed."""
    found = _person_or_404(person_uuid)
    cases = requests.cases_of(found)
    form = EraseForm()
    if form.validate_on_submit():
        if erasure.confirmation_matches(found, form.confirmation.data):
            erasure.erase(found)
            flash("The person's data has been erased. Their referrals remain in the statistics "
                  "without anything that identifies them.", "success")
            return redirect(url_for("home.index"))
        form.confirmation.errors.append("Type ERASE, or one of the referral references exactly")
    return render_template("privacy/erase.html", person=found, cases=cases, form=form), (
        400 if form.errors else 200)

