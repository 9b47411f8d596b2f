"""Finding 4 of issue 18: every account action ends every credential, web sessions and API
tokens alike; through the admin pages, the user's own pages and the API."""

from __future__ import annotations

import pytest

from shared.api import tokens
from shared.extensions import db
from tests.api.conftest import API, Api
from tests.conftest import PASSWORD, AuthActions
from tests.test_admin import NEW_PASSWORD, invitation_link, signed_in_client


def _credentials(app, user):
    """A browser signed in as USER and an API client holding a live token of theirs."""
    browser = signed_in_client(app, user)
    token = tokens.issue(user).token
    db.session.commit()
    api = Api(app.test_client(), token, user)
    assert browser.get("/").status_code == 200
    assert api.get("/tokens").status_code == 200
    return browser, api


def _both_ended(browser, api) -> None:
    assert browser.get("/").headers.get("Location", "").startswith("/login")
    assert api.get("/tokens").status_code == 401


ADMIN_ACTIONS = {
    "deactivate": lambda client, user: client.post(f"/admin/users/{user.uuid}/deactivate"),
    "role change": lambda client, user: client.post(
        f"/admin/users/{user.uuid}/role", data={"role": "coordinator", "organisation": "DIVERT"}),
    "authenticator reset": lambda client, user: client.post(
        f"/admin/users/{user.uuid}/reset-authenticator"),
    "password reset by a new invitation": lambda client, user: client.post(
        f"/admin/users/{user.uuid}/invitation"),
}


@pytest.mark.parametrize("action", ADMIN_ACTIONS)
def test_an_admin_action_ends_the_users_sessions_and_tokens(app, client, admin, make_user,
                                                            action):
    user = make_user("dpo")
    browser, api = _credentials(app, user)
    assert ADMIN_ACTIONS[action](client, user).status_code in (200, 302)
    _both_ended(browser, api)


def test_a_token_from_before_deactivation_stays_dead_after_reactivation(app, client, admin,
                                                                       make_user):
    officer = make_user("officer")
    browser, api = _credentials(app, officer)
    client.post(f"/admin/users/{officer.uuid}/deactivate")
    client.post(f"/admin/users/{officer.uuid}/reactivate")
    _both_ended(browser, api)
    assert AuthActions(app.test_client()).login(officer).status_code == 200


def test_a_password_change_keeps_this_session_and_ends_every_other_and_every_token(app,
                                                                                make_user):
    officer = make_user("officer")
    other_browser, api = _credentials(app, officer)
    this_browser = signed_in_client(app, officer)
    response = this_browser.post("/account/password", data={
        "current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert this_browser.get("/").status_code == 200
    _both_ended(other_browser, api)


def test_setting_a_password_from_a_new_invitation_ends_sessions_opened_since(app, client,
                                                                           admin, make_user):
    officer = make_user("officer")
    link = invitation_link(client.post(f"/admin/users/{officer.uuid}/invitation"))
    browser, api = _credentials(app, officer)  # still signed in with the old password
    visitor = app.test_client()
    visitor.get(link)
    assert visitor.post(link, data={"new_password": NEW_PASSWORD,
                                    "confirm": NEW_PASSWORD}).status_code == 302
    _both_ended(browser, api)


def test_revocation_by_an_account_action_is_audited(app, client, admin, make_user):
    from sqlalchemy import select

    from shared.audit.models import AuditEvent

    officer = make_user("officer")
    _credentials(app, officer)
    client.post(f"/admin/users/{officer.uuid}/deactivate")
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "api_token_revoked", AuditEvent.object_uuid == officer.uuid))
    assert event is not None and "deactivated" in event.detail


def test_the_api_sign_in_after_an_account_action_gets_a_working_token(app, client, admin,
                                                                      make_user):
    officer = make_user("officer")
    _credentials(app, officer)
    client.post(f"/admin/users/{officer.uuid}/deactivate")
    client.post(f"/admin/users/{officer.uuid}/reactivate")
    response = app.test_client().post(f"{API}/tokens", csrf=False,
                                      json={"email": officer.email, "password": PASSWORD})
    assert response.status_code == 201
    assert Api(app.test_client(), response.get_json()["token"]).get("/tokens").status_code == 200
