"""Privacy pages for the data protection officer (rectification for coordinators too): finding
a person, their page, rectification and erasure; subject access requests; the retention
schedule and the audit log."""

from __future__ import annotations

import uuid
from datetime import timedelta

from flask import Response, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select

from shared.audit import services as audit
from shared.auth.permissions import roles_required
from shared.auth.reauth import reauth_required
from shared.auth.roles import Role
from shared.cases import choices
from shared.cases.models import Case
from shared.cases.scoping import scoped_cases
from shared.clock import today
from shared.extensions import db
from shared.forms import as_choices
from shared.people.models import Person
from shared.privacy import (
    audit_search,
    erasure,
    export,
    printable,
    rectify,
    redaction,
    requests,
    retention,
)
from shared.privacy.blueprint import bp
from shared.privacy.forms import (
    AuditSearchForm,
    EraseForm,
    OpenRequestForm,
    PersonSearchForm,
    RectifyForm,
    RequestStatusForm,
    RuleForm,
    WithholdForm,
)
from shared.privacy.models import (
    RETENTION_ANCHORS,
    SAR_STATUSES,
    RetentionRule,
    SubjectAccessRequest,
)
from shared.reference.models import Organisation
from shared.refusals import show_refusal


@bp.route("/people", methods=["GET", "POST"])
@roles_required(Role.DPO)
def find_person() -> ResponseReturnValue:
    """Search by last name and date of birth (blind indexes), or age band, or case reference."""
    form = PersonSearchForm()
    if not form.validate_on_submit():
        return render_template("privacy/find_person.html", form=form, found=None), (
            400 if form.errors else 200)
    if form.reference.data:
        found = requests.find_by_reference(form.reference.data)
    elif form.date_of_birth.data:
        found = requests.find_people(form.first_name.data or "", form.last_name.data,
                                     form.date_of_birth.data)
    else:
        found = requests.find_by_name_and_band(form.first_name.data, form.last_name.data,
                                               form.age_band.data)
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
    audit.record("view", "person", found.uuid, detail="rectify page")  # it shows identity
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
            erasure.erase(found, reason=form.reason.data,
                          request_reference=form.request_reference.data or None)
            flash("The person's data has been erased. Their referrals remain in the statistics "
                  "without anything that identifies them.", "success")
            return redirect(url_for("home.index"))
        form.confirmation.errors.append("Type ERASE, or one of the referral references exactly")
    audit.record("view", "person", found.uuid, detail="erase page")  # it shows identity
    return render_template("privacy/erase.html", person=found, cases=cases, form=form), (
        400 if form.errors else 200)


def _request_or_404(request_uuid: str) -> SubjectAccessRequest:
    try:
        found = requests.request_by_uuid(uuid.UUID(request_uuid))
    except ValueError:
        found = None
    if found is None:
        abort(404)
    return found


@bp.route("/requests")
@roles_required(Role.DPO)
def request_list() -> ResponseReturnValue:
    """Open subject access requests, nearest deadline first; overdue ones flagged."""
    return render_template("privacy/requests.html", open_requests=requests.open_requests(),
                           today=today())


@bp.route("/requests", methods=["POST"])
@roles_required(Role.DPO)
def open_request() -> ResponseReturnValue:
    """Open a request for the person chosen on the search page."""
    form = OpenRequestForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        person = requests.person_by_uuid(uuid.UUID(form.person.data))
    except ValueError:
        person = None
    if person is None:
        abort(404)
    try:
        opened = requests.open_request(person, current_user, form.received_on.data)
    except requests.PrivacyError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("privacy.person", person_uuid=person.uuid))
    return redirect(url_for("privacy.request_detail", request_uuid=opened.uuid))


@bp.route("/requests/<request_uuid>", methods=["GET", "POST"])
@roles_required(Role.DPO)
def request_detail(request_uuid: str) -> ResponseReturnValue:
    """One request: its deadline, its exports, and its status."""
    found = _request_or_404(request_uuid)
    form = RequestStatusForm(status=found.status)
    if form.validate_on_submit():
        requests.set_status(found, form.status.data)
        flash(f"Request marked {SAR_STATUSES[found.status].lower()}", "success")
        return redirect(url_for("privacy.request_detail", request_uuid=found.uuid))
    return render_template("privacy/request.html", sar=found, form=form, today=today(),
                           statuses=SAR_STATUSES), 400 if form.errors else 200


def _exportable(request_uuid: str) -> SubjectAccessRequest:
    found = _request_or_404(request_uuid)
    if found.person.is_erased:
        abort(404)
    return found


@bp.route("/requests/<request_uuid>/export.json")
@roles_required(Role.DPO)
@reauth_required
def export_json(request_uuid: str) -> ResponseReturnValue:
    """Everything held about the person, as a JSON download (audited as an export)."""
    found = _exportable(request_uuid)
    body = export.to_json(export.export_for(found, "json"))
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="subject-access-{found.uuid}.json"'})


@bp.route("/requests/<request_uuid>/export")
@roles_required(Role.DPO)
@reauth_required
def export_html(request_uuid: str) -> ResponseReturnValue:
    """Everything held about the person, as a printable page (audited as an export)."""
    found = _exportable(request_uuid)
    data = export.export_for(found, "html")
    return render_template("privacy/export.html", sar=found, data=data, choices=choices,
                           programme_sections=export.programme_sections(data),
                           person=printable.words(data["person"]),
                           field_labels={**rectify.FIELD_LABELS, "gender": "Gender",
                                         "ethnicity_group": "Ethnicity"},
                           referrals=[printable.printable_referral(c) for c in data["referrals"]])


@bp.route("/requests/<request_uuid>/withhold", methods=["GET", "POST"])
@roles_required(Role.DPO)
@reauth_required
def withhold(request_uuid: str) -> ResponseReturnValue:
    """Withhold third-party data from the copy before it is released, saying why."""
    found = _exportable(request_uuid)
    data = export.gather(found)
    form = WithholdForm()
    form.item.choices = [("", "Choose an item"), *((i, i) for i in redaction.candidates(data))]
    if form.validate_on_submit():
        try:
            redaction.withhold(found, data, form.item.data, form.reason.data, current_user)
        except requests.PrivacyError as error:
            show_refusal(form, error, fallback="item")
        else:
            flash(f"{form.item.data} will be withheld from the copy", "success")
            return redirect(url_for("privacy.withhold", request_uuid=found.uuid))
    else:
        audit.record("view", "subject_access_request", found.uuid, detail="items to withhold")
    return render_template("privacy/withhold.html", sar=found, form=form, data=data,
                           withheld=redaction.redactions(found)), 400 if form.errors else 200


SCHEDULE_DAYS = 90


@bp.route("/retention")
@roles_required(Role.DPO)
def retention_schedule() -> ResponseReturnValue:
    """The rules, and who falls due in the next 90 days (uuids and references, no names)."""
    retention.load_default_rules()  # idempotent: only adds a missing default
    horizon = today() + timedelta(days=SCHEDULE_DAYS)
    return render_template("privacy/retention.html", rules=retention.rules(),
                           due=retention.due_people(horizon), horizon=horizon, today=today(),
                           anchors=RETENTION_ANCHORS)


@bp.route("/retention/rules/<rule_uuid>", methods=["GET", "POST"])
@roles_required(Role.DPO)
def edit_rule(rule_uuid: str) -> ResponseReturnValue:
    """Change how long one rule keeps data."""
    try:
        rule = db.session.scalar(select(RetentionRule).where(
            RetentionRule.uuid == uuid.UUID(rule_uuid)))
    except ValueError:
        rule = None
    if rule is None:
        abort(404)
    form = RuleForm(obj=rule)
    if form.validate_on_submit():
        retention.update_rule(rule, form.keep_months.data, form.until_age.data,
                              bool(form.active.data))
        flash(f"Rule \u201c{rule.label}\u201d saved", "success")
        return redirect(url_for("privacy.retention_schedule"))
    return render_template("privacy/rule.html", rule=rule, form=form,
                           anchors=RETENTION_ANCHORS), 400 if form.errors else 200


@bp.route("/audit", methods=["GET", "POST"])
@roles_required(Role.DPO)
def audit_log() -> ResponseReturnValue:
    """Search the audit log (POST, so no name or email reaches a URL); the chain's state."""
    form = AuditSearchForm()
    form.organisation.choices = as_choices([("", "Any organisation"), *(
        (code, name) for code, name in db.session.execute(
            select(Organisation.code, Organisation.name).order_by(Organisation.name)))])
    results = None
    if form.validate_on_submit():
        query = audit_search.AuditQuery(**{name: getattr(form, name).data or None for name in (
            "first_name", "last_name", "date_of_birth", "user_email", "organisation", "action",
            "date_from", "date_to")})
        results = audit_search.search(query, form.page.data or 1)
        audit.record("view", "audit_log", detail=f"search, {results.total} events")
    return render_template("privacy/audit.html", form=form, results=results,
                           chain=audit_search.chain_status()), 400 if form.errors else 200
