"""The partner youth worker's caseload page."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from shared.auth.permissions import roles_required
from shared.auth.roles import Role
from shared.partners.services import caseload as load_caseload

bp = Blueprint("partners", __name__, url_prefix="/partner")


@bp.route("/cases")
@roles_required(Role.PARTNER)
def caseload():
    """Hand-offs awaiting your organisation's answer, and the cases you are working."""
    return render_template("partners/caseload.html",
                           **load_caseload(current_user, request.args))
