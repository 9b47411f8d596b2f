"""Every role reaches only its own pages; every page but the public ones needs sign-in."""

from __future__ import annotations

import pytest

from shared.auth.roles import Role

# The API authenticates by bearer token, not by the session, and has its own matrix.
API_PREFIX = "/api/"


def _simple_get_endpoints(app):
    for rule in app.url_map.iter_rules():
        if ("GET" in rule.methods and not rule.arguments and rule.endpoint != "static"
                and not rule.rule.startswith(API_PREFIX)):
            yield rule.endpoint, rule.rule


def _is_public(app, endpoint: str) -> bool:
    return getattr(app.view_functions[endpoint], "is_public", False)


def test_only_sign_in_invitations_the_survey_and_the_health_check_are_public(app):
    public = {rule.rule for rule in app.url_map.iter_rules()
              if rule.endpoint != "static" and _is_public(app, rule.endpoint)
              and not rule.rule.startswith(API_PREFIX)}
    # The DIVERT App's worker, manifest and blank offline form hold nothing personal; its
    # session answers a visitor only {"signed_in": false} (tests/divert/test_offline_app.py).
    app_shell = {"/divert/sw.js", "/divert/app/manifest.webmanifest", "/divert/app/offline",
                 "/divert/app/session"}
    assert public == {"/login", "/login/code", "/login/authenticator", "/invitation/<token>",
                      "/healthz", *app_shell,
                      *(r for r in public if r.startswith("/divert/feedback"))}


def test_every_page_except_the_public_ones_needs_sign_in(app, client):
    for endpoint, path in _simple_get_endpoints(app):
        response = client.get(path)
        if _is_public(app, endpoint):
            # A public page may redirect (e.g. /login/code with nothing pending) but never
            # to the sign-in gate that remembers where you were going.
            assert "next=" not in response.headers.get("Location", ""), path
        else:
            assert response.status_code == 302, path
            assert response.headers["Location"].startswith("/login"), path


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_each_role_reaches_exactly_the_pages_its_role_allows(app, client, auth, make_user, role):
    auth.login(make_user(role))
    for endpoint, path in _simple_get_endpoints(app):
        if _is_public(app, endpoint):
            continue
        allowed = getattr(app.view_functions[endpoint], "allowed_roles", set(Role))
        status = client.get(path).status_code
        if Role(role) in allowed:
            assert status == 200, (role, path, status)
        else:
            assert status == 403, (role, path, status)


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_navigation_shows_only_links_the_role_may_follow(app, client, auth, make_user, role):
    page = auth.login(make_user(role)).get_data(as_text=True)
    admin_link = 'href="/admin/users"' in page
    assert admin_link == (role == "admin")


def test_a_forbidden_page_is_audited(client, auth, make_user):
    from sqlalchemy import select

    from shared.audit.models import AuditEvent
    from shared.extensions import db

    user = make_user("officer")
    auth.login(user)
    assert client.get("/admin/users").status_code == 403
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "access_denied")
        .order_by(AuditEvent.seq.desc())).first()
    assert event.actor_uuid == user.uuid
    assert event.detail == "admin.users"
