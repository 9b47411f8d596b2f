"""Admin pages (placeholder endpoints; filled in by the admin work)."""

from flask import Blueprint, render_template

from shared.auth.permissions import roles_required
from shared.auth.roles import Role

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users")
@roles_required(Role.ADMIN)
def users():
    """List users."""
    return render_template("home/admin.html")


@bp.route("/reference")
@roles_required(Role.ADMIN)
def reference():
    """Reference data."""
    return render_template("home/admin.html")


@bp.route("/organisations")
@roles_required(Role.ADMIN)
def organisations():
    """Organisations."""
    return render_template("home/admin.html")
