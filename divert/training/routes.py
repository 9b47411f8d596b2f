"""Training pages: roster import, coverage, feedback sessions with a QR code, and the results."""

from __future__ import annotations

import io
import uuid

import segno
from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select

from divert.training import answered, coverage, imports, survey
from divert.training.blueprint import bp
from divert.training.forms import UPLOAD_MAX_BYTES, FeedbackForm, ImportForm, SessionForm
from divert.training.models import TrainingSession
from shared.auth.permissions import roles_required
from shared.auth.roles import Role
from shared.cases.services import CaseError
from shared.db import utcnow
from shared.extensions import db, limiter
from shared.reference.models import Bcu
from shared.refusals import show_refusal
from shared.web import public

# Tokens of links made in this browser session, so the trainer can show the QR code again.
LINKS = "feedback_links"
KEPT_LINKS = 5
TEMPLATES = {"roster": imports.ROSTER_TEMPLATE, "staff": imports.STAFF_TEMPLATE}


def _feedback_ip_limit() -> str:
    # A whole training room may share one police network address: generous, but bounded.
    return current_app.config["FEEDBACK_IP_LIMIT"]


@bp.route("/training")
@roles_required(Role.COORDINATOR, Role.ANALYST, Role.ADMIN)
def coverage_page():
    """Trained officers against staff per strand, and per BCU with small counts suppressed."""
    return render_template("divert/training/coverage.html", rows=coverage.strand_coverage(),
                           breakdown=coverage.bcu_breakdown())


@bp.route("/training/import", methods=["GET", "POST"])
@roles_required(Role.ADMIN, Role.COORDINATOR)
def import_page():
    """Upload the roster or the staff numbers; a refused file lists its bad lines."""
    form, problems = ImportForm(), []
    if form.validate_on_submit():
        try:
            result = imports.import_csv(form.file.data.read(UPLOAD_MAX_BYTES + 1))
        except imports.ImportRefused as refused:
            problems = refused.lines()
        else:
            what = "officers on the roster" if result.kind == "roster" else "staff numbers"
            flash(f"Imported {result.rows:,} {what}.", "success")
            return redirect(url_for(".coverage_page"))
    status = 400 if form.is_submitted() else 200
    return render_template("divert/training/import.html", form=form, problems=problems,
                           roster_columns=imports.ROSTER_COLUMNS), status


@bp.route("/training/templates/<kind>.csv")
@roles_required(Role.ADMIN, Role.COORDINATOR)
def csv_template(kind: str):
    """An example CSV to fill in."""
    if kind not in TEMPLATES:
        abort(404)
    return Response(TEMPLATES[kind], mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="training-{kind}-template.csv"'})


@bp.route("/training/feedback")
@roles_required(Role.COORDINATOR, Role.ANALYST)
def results():
    """Response rate and average ratings; comments for coordinators only."""
    comments = survey.recent_comments() if current_user.role == Role.COORDINATOR else []
    return render_template("divert/training/results.html", summary=survey.feedback_summary(),
                           comments=comments)


@bp.route("/training/sessions/new", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def new_session():
    """Record a training session and make its feedback link."""
    form = SessionForm()
    if form.validate_on_submit():
        bcu = db.session.scalar(select(Bcu).where(Bcu.code == form.bcu.data))
        try:
            made, token = survey.create_session(current_user, form.held_on.data, bcu,
                                                form.strand.data, form.attendees.data)
        except CaseError as refused:
            show_refusal(form, refused, fallback="held_on")
        else:
            _remember(made.uuid, token)
            return redirect(url_for(".session_page", session_uuid=made.uuid))
    return render_template("divert/training/new_session.html", form=form), \
        400 if form.is_submitted() else 200


@bp.route("/training/sessions/<uuid:session_uuid>")
@roles_required(Role.COORDINATOR)
def session_page(session_uuid: uuid.UUID):
    """The session's QR code (in the browser that made the link) and its expiry."""
    found = _session_or_404(session_uuid)
    token = session.get(LINKS, {}).get(str(session_uuid))
    link = url_for(".feedback", token=token, _external=True) if token else None
    return render_template("divert/training/session.html", found=found, link=link,
                           expired=found.expires_at <= utcnow())


@bp.route("/training/sessions/<uuid:session_uuid>/link", methods=["POST"])
@roles_required(Role.COORDINATOR)
def renew_link(session_uuid: uuid.UUID):
    """Replace the link (the old one stops working) for another 7 days."""
    found = _session_or_404(session_uuid)
    _remember(found.uuid, survey.new_link(found, current_user))
    flash("A new feedback link was made; the old one no longer works.", "success")
    return redirect(url_for(".session_page", session_uuid=found.uuid))


@bp.route("/training/sessions/<uuid:session_uuid>/qr.svg")
@roles_required(Role.COORDINATOR)
def qr_code(session_uuid: uuid.UUID):
    """The QR code of the session's link, as SVG made here (no third party sees the link)."""
    _session_or_404(session_uuid)
    token = session.get(LINKS, {}).get(str(session_uuid))
    if token is None:
        abort(404)
    buffer = io.BytesIO()
    segno.make(url_for(".feedback", token=token, _external=True), error="m").save(
        buffer, kind="svg", scale=8, border=4, xmldecl=False, title="Feedback form link")
    return Response(buffer.getvalue(), mimetype="image/svg+xml")


@bp.route("/feedback/<token>", methods=["GET", "POST"])
@public
@limiter.limit(_feedback_ip_limit, methods=["POST"])
def feedback(token: str):
    """The public feedback form: no sign-in, a CSRF token of its own, one answer per attendee.

    One answer per browser too: a browser that answered is thanked again, never counted twice.
    """
    if answered.has_answered(token):
        if request.method == "POST":
            return redirect(url_for(".thanks"))
        return render_template("divert/training/thanks.html", already=True)
    try:
        survey.open_session(token)
    except survey.LinkUnavailable as gone:
        return _link_unavailable(gone)
    form = FeedbackForm()
    if form.validate_on_submit():
        try:
            survey.submit_response(token, form.training_rating.data, form.app_rating.data,
                                   form.comment.data)
        except survey.LinkUnavailable as gone:
            return _link_unavailable(gone)
        return answered.remember(redirect(url_for(".thanks")), token)
    return render_template("divert/training/feedback.html", form=form,
                           comment_max=survey.COMMENT_MAX), 400 if form.is_submitted() else 200


@bp.route("/feedback/thanks")
@public
def thanks():
    """Shown after an answer is saved."""
    return render_template("divert/training/thanks.html")


def _link_unavailable(gone: survey.LinkUnavailable):
    return render_template("divert/training/link_unavailable.html", gone=gone), gone.status


def _session_or_404(session_uuid: uuid.UUID) -> TrainingSession:
    found = db.session.scalar(select(TrainingSession)
                              .where(TrainingSession.uuid == session_uuid))
    if found is None:
        abort(404)
    return found


def _remember(session_uuid: uuid.UUID, token: str) -> None:
    links = dict(session.get(LINKS, {}))
    links.pop(str(session_uuid), None)
    links[str(session_uuid)] = token
    session[LINKS] = dict(list(links.items())[-KEPT_LINKS:])
