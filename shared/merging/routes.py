"""The merge page: a later referral's record beside the earlier one, merged on confirmation."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from shared.audit import services as audit
from shared.auth.permissions import roles_required
from shared.auth.roles import Role
from shared.cases import queries
from shared.cases.models import Case
from shared.cases.scoping import get_case_or_404, scoped_cases
from shared.cases.services import CaseError
from shared.extensions import db
from shared.merging import services
from shared.merging.compare import FIELDS, rows, shown

bp = Blueprint("merging", __name__, url_prefix="/cases")


@bp.route("/<case_uuid>/merge/<earlier_uuid>", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def merge(case_uuid: str, earlier_uuid: str):
    """Show both records side by side; on confirmation merge this one into the earlier."""
    case = get_case_or_404(current_user, case_uuid)
    earlier = _earlier_or_404(case, earlier_uuid)
    if request.method == "POST":
        picks = {name: request.form.get(f"pick-{name}") for name, _ in FIELDS}
        try:
            services.merge(case, earlier, current_user, picks)
        except CaseError as refused:
            return _page(case, earlier, picks, str(refused)), 400
        flash(f"Records merged: {case.reference} and {earlier.reference} are one young "
              "person, and every referral of both is kept", "success")
        return redirect(url_for("cases.show", case_uuid=case.uuid))
    for shown_case in (case, earlier):
        audit.record("view", "case", shown_case.uuid, detail="merge comparison")
    return _page(case, earlier, {}, None)


def _earlier_or_404(case: Case, earlier_uuid: str) -> Case:
    found = next((c for c in queries.earlier_referrals(current_user, case)
                  if str(c.uuid) == str(earlier_uuid)), None)
    if found is None:
        abort(404)
    return found


def _page(case: Case, earlier: Case, picks: dict, error: str | None) -> str:
    people = (case.person_id, earlier.person_id)
    visible = db.session.scalars(scoped_cases(current_user).where(
        Case.person_id.in_(people)).order_by(Case.submitted_at)).unique().all()
    total = db.session.scalar(select(func.count()).select_from(Case).where(
        Case.person_id.in_(people)))
    return render_template(
        "merging/compare.html", case=case, earlier=earlier, picks=picks, error=error,
        rows=rows(earlier.person, case.person), shown=shown, kept_cases=visible,
        hidden_cases=total - len(visible))
