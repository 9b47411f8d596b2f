"""The admin's page choosing the custody suites a custody worker covers: suites are platform
reference data, worked at by ENGAGE youth workers and DIVERT custody coaches alike."""

from __future__ import annotations

import uuid

from flask import abort, flash, redirect, render_template, url_for
from sqlalchemy import select

from shared.admin.blueprint import bp
from shared.admin.forms import SuitesForm
from shared.admin.services import set_suites
from shared.auth.models import User
from shared.auth.permissions import roles_required
from shared.auth.roles import Role
from shared.extensions import db
from shared.forms import as_choices
from shared.reference.services import all_custody_suites
from shared.reference.suites import assigned_suite_ids


@bp.route("/users/<uuid:user_id>/suites", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def user_suites(user_id: uuid.UUID):
    """Choose the custody suites a custody worker works at."""
    user = db.session.scalar(select(User).where(User.uuid == user_id))
    if user is None or user.role != Role.CUSTODY_WORKER:
        abort(404)
    all_suites = all_custody_suites()
    form = SuitesForm(data={"suites": [str(s.uuid) for s in all_suites
                                       if s.id in assigned_suite_ids(user.id)]})
    form.suites.choices = as_choices(
        (str(s.uuid), f"{s.name} ({s.bcu.code})" + ("" if s.active else ", closed"))
        for s in all_suites)
    if form.validate_on_submit():
        chosen = [s for s in all_suites if str(s.uuid) in set(form.suites.data or [])]
        changed = set_suites(user, chosen)
        flash("Custody suites saved" if changed else "Nothing was changed", "success")
        return redirect(url_for("admin.user", user_id=user.uuid))
    return render_template("admin/user_suites.html", user=user, form=form), \
        400 if form.is_submitted() else 200
