"""Subject access requests: the open list with deadlines, one request, and its export."""

from __future__ import annotations

import uuid

from flask import Response, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from shared.auth.permissions import roles_required
from shared.auth.reauth import reauth_required
from shared.auth.roles import Role
from shared.cases import choices
from shared.clock import today
from shared.extensions import db
from shared.privacy import export, requests
from shared.privacy.blueprint import bp
from shared.privacy.forms import OpenRequestForm, RequestStatusForm
from shared.privacy.models import SAR_STATUSES, SubjectAccessRequest


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
    return render_template("privacy/export.html", sar=found, data=export.export_for(found, "html"),
                           choices=choices)
