"""The inbox (/notifications), marking read, and the email choices page."""

from __future__ import annotations

import uuid as uuid_module

from flask import Blueprint, Flask, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from shared.extensions import db
from shared.forms import as_choices
from shared.notifications import inbox, kinds
from shared.notifications.forms import EmailChoicesForm, MarkAllReadForm

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


def init_app(app: Flask) -> None:
    """Mount the inbox and register the platform's kinds of notification."""
    app.register_blueprint(bp)
    kinds.init_app(app)


@bp.app_context_processor
def unread() -> dict:
    """Every signed-in page's header shows the unread count (capped at 99)."""
    if not current_user.is_authenticated:
        return {}
    try:
        count = inbox.unread_count(current_user)
    except SQLAlchemyError:
        # The "service unavailable" page must still render while the database is down.
        db.session.rollback()
        return {"unread_notifications": None}
    return {"unread_notifications": f"{inbox.UNREAD_CAP}+" if count > inbox.UNREAD_CAP
            else str(count)}


@bp.route("/")
def index():
    """The signed-in user's notifications, newest first."""
    before = request.args.get("before", type=int)
    notes, next_before = inbox.inbox_page(current_user, before)
    return render_template("notifications/inbox.html", notes=notes, next_before=next_before,
                           text_of=inbox.text_of, form=MarkAllReadForm())


@bp.route("/<note_uuid>")
def open_note(note_uuid: str):
    """Mark one notification read and go to its case."""
    note = _own_or_404(note_uuid)
    inbox.mark_read(note)
    db.session.commit()
    return redirect(note.link_path)


@bp.route("/<note_uuid>/read", methods=["POST"])
def mark_read(note_uuid: str):
    """Mark one notification read without leaving the inbox."""
    inbox.mark_read(_own_or_404(note_uuid))
    db.session.commit()
    flash("Marked as read", "success")
    return redirect(url_for(".index"))


@bp.route("/read-all", methods=["POST"])
def mark_all_read():
    """Mark every notification read."""
    count = inbox.mark_all_read(current_user)
    db.session.commit()
    flash(f"{count} notification{'s' if count != 1 else ''} marked as read", "success")
    return redirect(url_for(".index"))


@bp.route("/email", methods=["GET", "POST"])
def email_choices():
    """Choose which kinds of event reach you by email as well as in the inbox."""
    current = inbox.email_choices(current_user)
    form = EmailChoicesForm(data={"email": [c for c, on in current.items() if on]})
    form.email.choices = as_choices((c, k.label) for c, k in inbox.kinds().items())
    if form.validate_on_submit():
        changed = inbox.set_email_choices(current_user, set(form.email.data or []))
        db.session.commit()
        flash("Email choices saved" if changed else "Nothing was changed", "success")
        return redirect(url_for(".email_choices"))
    return render_template("notifications/email.html", form=form), \
        400 if form.is_submitted() else 200


def _own_or_404(note_uuid: str):
    try:
        parsed = uuid_module.UUID(note_uuid)
    except ValueError:
        abort(404)
    note = inbox.get_own(current_user, parsed)
    if note is None:
        abort(404)
    return note
