"""The role's home page and GET /healthz."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template
from flask_login import current_user
from sqlalchemy import text

from shared.auth.roles import ROLE_LABELS, Role
from shared.extensions import db
from shared.home.counts import home_counts
from shared.home.navigation import navigation_for
from shared.seams import seams
from shared.web import public

bp = Blueprint("home", __name__)


@bp.app_context_processor
def inject_navigation() -> dict:
    """Give every page the signed-in user's navigation."""
    if current_user.is_authenticated:
        return {"navigation": navigation_for(current_user.role),
                "role_label": ROLE_LABELS[Role(current_user.role)]}
    return {"navigation": []}


@bp.route("/")
def index():
    """The signed-in user's home page, by role."""
    return render_template(f"home/{current_user.role}.html",
                           panels=seams().home_panels.get(current_user.role, []),
                           counts=home_counts(current_user))


@bp.route("/healthz")
@public
def healthz():
    """App and database status as JSON; 503 when the database does not answer."""
    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except Exception:  # noqa: BLE001 - any failure means the database is unavailable
        db.session.rollback()
        database = "unavailable"
    status = 200 if database == "ok" else 503
    return jsonify(status="ok" if status == 200 else "degraded", app="ok",
                   database=database), status
