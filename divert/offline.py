"""The DIVERT App on the officer's phone: manifest, service worker, offline form shell, the
session the outbox re-tokens from, and the JSON door the outbox sends through.

The outbox sends each queued referral as the same form the page posts, with a CSRF token
fetched fresh from this session just before sending (so an item queued before a session
expired still passes once the officer signs in again), and with its submission id, so a resend
answers the first receipt (shared.db.once_per_submission) and never makes a second referral.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import cache
from pathlib import Path

from flask import current_app, jsonify, make_response, render_template, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from divert.blueprint import bp
from divert.consent import CONSENT_WORDING
from divert.forms import CONCERN_MAX, INTERESTS_MAX, ReferralForm
from divert.routes import submit_form
from shared.auth.permissions import roles_required
from shared.auth.roles import Role
from shared.web import public

HERE = Path(__file__).resolve().parent
SHARED_STATIC = HERE.parent / "shared" / "static"
# Everything the service worker keeps, by URL path. Nothing here ever holds personal data: the
# shell is the blank form rendered for nobody, the rest are styles, scripts and icons.
SHELL = "/divert/app/offline"
STATIC_FILES = {
    "/static/dist/app.css": SHARED_STATIC / "dist" / "app.css",
    "/static/dist/govuk-frontend.min.js": SHARED_STATIC / "dist" / "govuk-frontend.min.js",
    "/static/app.js": SHARED_STATIC / "app.js",
    "/static/favicon.svg": SHARED_STATIC / "favicon.svg",
    "/divert/static/divert-app.js": HERE / "static" / "divert-app.js",
    "/divert/static/app/store.js": HERE / "static" / "app" / "store.js",
    "/divert/static/app/outbox.js": HERE / "static" / "app" / "outbox.js",
    "/divert/static/app/form.js": HERE / "static" / "app" / "form.js",
    "/divert/static/app/icon-192.png": HERE / "static" / "app" / "icon-192.png",
    "/divert/static/app/icon-512.png": HERE / "static" / "app" / "icon-512.png",
}
VERSIONED_TEMPLATES = ("new_referral.html", "app/offline.html", "app/sw.js", "app/form.html")


@cache
def release_version() -> str:
    """The service worker's version: RELEASE if the deployment names one, else a digest of
    everything it caches, so any change to a cached file installs a new worker and cache."""
    digest = hashlib.sha256()
    for path in [*STATIC_FILES.values(),
                 *(HERE / "templates" / "divert" / name for name in VERSIONED_TEMPLATES)]:
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:16]


def current_version() -> str:
    """The release the worker is versioned with."""
    return current_app.config.get("RELEASE") or release_version()


def precache_urls() -> list[str]:
    """The URL paths the worker caches on install."""
    return [SHELL, url_for(".manifest"), *STATIC_FILES]


def owner_tag(user) -> str:
    """An opaque tag for the officer the phone's outbox key belongs to (no personal data)."""
    key = current_app.config["SECRET_KEY"].encode()
    message = b"divert-outbox-owner:" + user.uuid.bytes
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


@bp.route("/sw.js")
@public
def service_worker():
    """The service worker, served from /divert/ so its scope is the officer's pages."""
    body = render_template("divert/app/sw.js", version=current_version(),
                           precache=precache_urls(), shell=SHELL)
    response = make_response(body)
    response.mimetype = "text/javascript"
    return response


@bp.route("/app/manifest.webmanifest")
@public
def manifest():
    """The web app manifest that makes the officer's pages installable."""
    name = current_app.config["SERVICE_NAME"]
    response = jsonify({
        "name": f"DIVERT referrals: {name}", "short_name": "DIVERT",
        "description": "Refer a young person to DIVERT from your phone, with or without signal.",
        "id": "/divert/", "start_url": url_for(".new_referral"), "scope": "/divert/",
        "display": "standalone", "background_color": "#ffffff", "theme_color": "#0b0c0c",
        "icons": [{"src": url_for(".static", filename=f"app/icon-{size}.png"),
                   "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
                  for size in (192, 512)],
    })
    response.mimetype = "application/manifest+json"
    return response


@bp.route("/app/offline")
@public
def offline_shell():
    """The blank referral form for the worker's cache: rendered for nobody, so no name, no
    CSRF token and no flashed message of the officer's ever lands in it."""
    form = ReferralForm(formdata=None, meta={"csrf": False})
    form.submission_id.data = ""
    return render_template("divert/app/offline.html", form=form, wording=CONSENT_WORDING,
                           concern_max=CONCERN_MAX, interests_max=INTERESTS_MAX)


@bp.route("/app/session")
@public
def app_session():
    """Who the outbox would send as: a fresh CSRF token and the owner tag, or signed out."""
    if not current_user.is_authenticated or current_user.role != Role.OFFICER.value:
        return jsonify(signed_in=False)
    return jsonify(signed_in=True, csrf=generate_csrf(), owner=owner_tag(current_user))


@bp.route("/app/outbox", methods=["POST"])
@roles_required(Role.OFFICER)
def outbox_send():
    """One queued referral, as the form posts it: 201 with its receipt, or 400 with errors."""
    form = ReferralForm()
    receipt = submit_form(form) if form.validate_on_submit() else None
    if receipt is None:
        return jsonify(errors=_messages(form)), 400
    return jsonify(reference=receipt.reference,
                   url=url_for(".receipt", case_uuid=receipt.uuid)), 201


@bp.route("/app/sign-out")
@roles_required(Role.OFFICER)
def sign_out_warning():
    """Asked before signing out when referrals are still waiting on this phone."""
    return render_template("divert/app/sign_out.html")


def _messages(form) -> list[str]:
    # Only the messages: a field's value never goes back, even to its own officer.
    found = []
    for errors in form.errors.values():
        items = errors.values() if isinstance(errors, dict) else [errors]
        for item in items:
            found.extend(item if isinstance(item, list) else [item])
    return [str(message) for message in found]
