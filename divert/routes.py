"""The officer's pages: send a referral, and see receipts for what was sent (never the case)."""

from __future__ import annotations

import uuid

from flask import abort, redirect, render_template, url_for
from flask_login import current_user

from divert import services
from divert.blueprint import bp
from divert.consent import CONSENT_WORDING
from divert.forms import CONCERN_MAX, INTERESTS_MAX, SERVICE_FIELD_TO_FORM, ReferralForm
from shared.auth.permissions import roles_required
from shared.auth.roles import Role
from shared.cases.services import CaseError
from shared.refusals import show_refusal


@bp.route("/referrals/new", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def new_referral():
    """The referral form; a valid one becomes a case and the officer sees its receipt."""
    form = ReferralForm()
    if form.validate_on_submit():
        receipt = submit_form(form)
        if receipt is not None:
            return redirect(url_for(".receipt", case_uuid=receipt.uuid))
    return render_template("divert/new_referral.html", form=form, wording=CONSENT_WORDING,
                           concern_max=CONCERN_MAX, interests_max=INTERESTS_MAX,
                           ), 400 if form.is_submitted() else 200


def submit_form(form: ReferralForm) -> services.Receipt | None:
    """Submit a validated form: its receipt, or None with the refusal shown on the form."""
    try:
        return services.submit_referral(current_user, form.submission_uuid(),
                                        form.referral_data())
    except CaseError as refused:
        show_refusal(form, refused, SERVICE_FIELD_TO_FORM, fallback="submission_id")
        return None


@bp.route("/receipts")
@roles_required(Role.OFFICER)
def receipts():
    """The officer's own receipts: reference, date and 'Received'."""
    return render_template("divert/receipts.html", receipts=services.receipts(current_user))


@bp.route("/receipts/<uuid:case_uuid>")
@roles_required(Role.OFFICER)
def receipt(case_uuid: uuid.UUID):
    """One of the officer's receipts; anyone else's answers exactly as a missing one does."""
    found = services.receipt(current_user, case_uuid)
    if found is None:
        abort(404)
    return render_template("divert/receipt.html", receipt=found)
