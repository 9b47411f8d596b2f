"""One answer per browser per feedback link: the browser keeps which links it has answered.

The cookie holds only a short hash of each link's token hash, never the answer, so the survey
stays anonymous; it lasts as long as a link does. A second answer (a double tap, or someone
stuffing the survey) is sent to the thank-you page instead of being counted.
"""

from __future__ import annotations

from flask import current_app, request
from werkzeug.wrappers import Response

from divert.training.survey import LINK_LIFETIME, hash_token

COOKIE = "divert_feedback_answered"
PATH = "/divert/feedback/"
KEPT = 20


def _mark(token: str) -> str:
    return hash_token(token)[:16]


def _marks() -> list[str]:
    return [m for m in request.cookies.get(COOKIE, "").split(".") if m][-KEPT:]


def has_answered(token: str) -> bool:
    """True if this browser already answered the link with TOKEN."""
    return _mark(token) in _marks()


def remember(response: Response, token: str) -> Response:
    """Set the cookie on RESPONSE so this browser's next answer to TOKEN's link is not counted."""
    marks = [m for m in _marks() if m != _mark(token)] + [_mark(token)]
    response.set_cookie(COOKIE, ".".join(marks[-KEPT:]), max_age=int(LINK_LIFETIME.total_seconds()),
                        path=PATH, secure=current_app.config["SESSION_COOKIE_SECURE"],
                        httponly=True, samesite="Lax")
    return response
