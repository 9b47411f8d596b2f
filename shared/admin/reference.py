"""Admin: BCUs, boroughs and custody suites."""

from __future__ import annotations

import uuid

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from sqlalchemy import select

from shared.admin.blueprint import bp
from shared.admin.common import initial, status_of
from shared.admin.forms import BcuForm, BoroughForm, CustodySuiteForm, as_choices
from shared.auth.permissions import roles_required
from shared.auth.roles import Role
from shared.extensions import db
from shared.reference import services
from shared.reference.models import Bcu, Borough, CustodySuite
from shared.refusals import show_refusal


@bp.route("/reference")
@roles_required(Role.ADMIN)
def reference() -> ResponseReturnValue:
    """BCUs, boroughs and custody suites, each with a link to change it."""
    return render_template("admin/reference.html", bcus=services.all_bcus(),
                           boroughs=services.all_boroughs(),
                           suites=services.all_custody_suites())


@bp.route("/reference/bcus/<uuid:bcu_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def bcu(bcu_id: uuid.UUID) -> ResponseReturnValue:
    """Rename a BCU (its code is fixed)."""
    found = db.first_or_404(select(Bcu).where(Bcu.uuid == bcu_id))
    form = BcuForm(data=initial({"name": found.name}))
    if form.validate_on_submit():
        try:
            changes = services.rename_bcu(found, form.name.data)
        except services.ReferenceDataError as error:
            show_refusal(form, error)
        else:
            return _saved(changes, f"BCU {found.code}")
    return _form("BCU", f"Change BCU {found.code}", form)


@bp.route("/reference/boroughs/<uuid:borough_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def borough(borough_id: uuid.UUID) -> ResponseReturnValue:
    """Rename a borough or move it to another BCU."""
    found = db.first_or_404(select(Borough).where(Borough.uuid == borough_id))
    form = BoroughForm(data=initial({"name": found.name, "bcu": found.bcu.code}))
    form.bcu.choices = as_choices(services.bcu_choices())
    if form.validate_on_submit():
        try:
            changes = services.change_borough(found, form.name.data, form.bcu.data)
        except services.ReferenceDataError as error:
            show_refusal(form, error)
        else:
            return _saved(changes, found.name)
    return _form("borough", f"Change {found.name}", form)


@bp.route("/reference/custody-suites/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def add_custody_suite() -> ResponseReturnValue:
    """Add a custody suite."""
    form = CustodySuiteForm(data=initial({"status": "active"}))
    form.bcu.choices = as_choices([("", "Choose a BCU"), *services.bcu_choices()])
    if form.validate_on_submit():
        try:
            services.add_custody_suite(form.name.data, form.bcu.data,
                                       form.status.data == "active")
        except services.ReferenceDataError as error:
            show_refusal(form, error)
        else:
            return _saved(["added"], form.name.data)
    return _form("custody suite", "Add a custody suite", form)


@bp.route("/reference/custody-suites/<uuid:suite_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def custody_suite(suite_id: uuid.UUID) -> ResponseReturnValue:
    """Rename a custody suite, move it to another BCU, or activate or deactivate it."""
    found = db.first_or_404(select(CustodySuite).where(CustodySuite.uuid == suite_id))
    form = CustodySuiteForm(data=initial({"name": found.name, "bcu": found.bcu.code,
                                          "status": status_of(found.active)}))
    form.bcu.choices = as_choices(services.bcu_choices())
    if form.validate_on_submit():
        try:
            changes = services.change_custody_suite(found, form.name.data, form.bcu.data,
                                                    form.status.data == "active")
        except services.ReferenceDataError as error:
            show_refusal(form, error)
        else:
            return _saved(changes, found.name)
    return _form("custody suite", f"Change {found.name}", form)


def _saved(changes: list[str], what: str) -> ResponseReturnValue:
    flash(f"{what} saved" if changes else "Nothing was changed",
          "success" if changes else "info")
    return redirect(url_for("admin.reference"))


def _form(kind: str, heading: str, form: FlaskForm) -> ResponseReturnValue:
    return render_template("admin/reference_form.html", kind=kind, heading=heading, form=form), (
        400 if form.errors else 200)
