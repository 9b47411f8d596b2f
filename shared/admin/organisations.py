"""Admin: list, add and change organisations."""

from __future__ import annotations

import uuid

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from shared.admin import services
from shared.admin.blueprint import bp
from shared.admin.common import initial, status_of
from shared.admin.forms import NewOrganisationForm, OrganisationForm
from shared.auth.permissions import roles_required
from shared.auth.roles import Role
from shared.extensions import db
from shared.reference.models import ORGANISATION_KINDS, Organisation
from shared.refusals import show_refusal


@bp.route("/organisations")
@roles_required(Role.ADMIN)
def organisations() -> ResponseReturnValue:
    """Every organisation, active or not."""
    return render_template("admin/organisations.html", organisations=services.all_organisations(),
                           kinds=ORGANISATION_KINDS)


@bp.route("/organisations/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def add_organisation() -> ResponseReturnValue:
    """Add an organisation with a permanent code."""
    form = NewOrganisationForm(data=initial({"status": "active"}))
    if form.validate_on_submit():
        try:
            services.add_organisation(form.code.data, form.name.data, form.kind.data,
                                      form.status.data == "active")
        except services.OrganisationError as error:
            show_refusal(form, error)
        else:
            flash(f"{form.name.data} added", "success")
            return redirect(url_for("admin.organisations"))
    return render_template("admin/organisation_form.html", form=form, organisation=None), (
        400 if form.errors else 200)


@bp.route("/organisations/<uuid:organisation_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def organisation(organisation_id: uuid.UUID) -> ResponseReturnValue:
    """Change an organisation's name, kind or status (never its code)."""
    found = db.first_or_404(select(Organisation).where(Organisation.uuid == organisation_id))
    form = OrganisationForm(data=initial({"name": found.name, "kind": found.kind,
                                          "status": status_of(found.active)}))
    if form.validate_on_submit():
        try:
            changes = services.change_organisation(found, form.name.data, form.kind.data,
                                                   form.status.data == "active")
        except services.OrganisationError as error:
            show_refusal(form, error)
        else:
            flash(f"{found.name} saved" if changes else "Nothing was changed",
                  "success" if changes else "info")
            return redirect(url_for("admin.organisations"))
    return render_template("admin/organisation_form.html", form=form, organisation=found), (
        400 if form.errors else 200)
