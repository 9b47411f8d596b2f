"""Retention rules and schedule, and the audit log viewer."""

from __future__ import annotations

import uuid
from datetime import timedelta

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from shared.audit import services as audit
from shared.auth.permissions import roles_required
from shared.auth.roles import Role
from shared.clock import today
from shared.extensions import db
from shared.forms import as_choices
from shared.privacy import audit_search, retention
from shared.privacy.blueprint import bp
from shared.privacy.forms import AuditSearchForm, RuleForm
from shared.privacy.models import RETENTION_ANCHORS, RetentionRule
from shared.reference.models import Organisation

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
