"""Role checks for views; a refusal is audited."""

from __future__ import annotations

from functools import wraps

from flask import abort, request
from flask_login import current_user

from shared.audit.services import record_surviving
from shared.auth.roles import Role


def roles_required(*roles: Role):
    """Allow the view only to signed-in users holding one of ROLES."""
    allowed = {Role(r) for r in roles}

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if Role(current_user.role) not in allowed:
                record_surviving("access_denied", "page", outcome="forbidden",
                                 detail=(request.endpoint or "")[:200])
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = allowed
        return wrapped

    return decorator
