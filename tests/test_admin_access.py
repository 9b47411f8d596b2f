"""Who may use the admin pages, CSRF on every admin form, and no mass assignment."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from shared.audit.models import AuditEvent
from shared.auth.models import User
from shared.auth.roles import Role
from shared.db import utcnow
from shared.extensions import db
from shared.reference.models import Bcu, Borough, CustodySuite, Organisation

NON_ADMIN_ROLES = [role.value for role in Role if role is not Role.ADMIN]


def first(model):
    """Any one row of MODEL."""
    return db.session.scalar(select(model).limit(1))


def admin_pages(target: User) -> list[str]:
    """Every admin page a browser can open with GET."""
    return [
        "/admin/users", "/admin/users/invite", f"/admin/users/{target.uuid}",
        "/admin/organisations", "/admin/organisations/new",
        f"/admin/organisations/{first(Organisation).uuid}",
        "/admin/reference", f"/admin/reference/bcus/{first(Bcu).uuid}",
        f"/admin/reference/boroughs/{first(Borough).uuid}",
        "/admin/reference/custody-suites/new",
        f"/admin/reference/custody-suites/{first(CustodySuite).uuid}",
    ]


def admin_actions(target: User) -> list[tuple[str, dict]]:
    """Every admin form post, with data that would be accepted from an admin."""
    base = f"/admin/users/{target.uuid}"
    return [
        ("/admin/users", {"role": "", "email": "a"}),
        ("/admin/users/invite", {"email": "n@example.test", "full_name": "N", "role": "admin",
                                 "organisation": "DIVERT"}),
        (f"{base}/deactivate", {}), (f"{base}/reactivate", {}), (f"{base}/unlock", {}),
        (f"{base}/reset-authenticator", {}), (f"{base}/invitation", {}),
        (f"{base}/role", {"role": "admin", "organisation": "DIVERT"}),
        ("/admin/organisations/new", {"code": "NEW", "name": "New", "kind": "other",
                                      "status": "active"}),
        (f"/admin/reference/bcus/{first(Bcu).uuid}", {"name": "Renamed"}),
        ("/admin/reference/custody-suites/new", {"name": "New", "bcu": "CN",
                                                 "status": "active"}),
    ]


def state(user: User) -> tuple:
    """What an admin action could change about a user."""
    db.session.expire_all()
    return (user.role, user.active, user.locked_at, user.totp_secret,
            db.session.scalar(select(func.count(User.id))),
            db.session.scalar(select(func.count(Organisation.id))),
            db.session.scalar(select(func.count(CustodySuite.id))),
            tuple(db.session.scalars(select(Bcu.name).order_by(Bcu.code))))


@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
def test_every_non_admin_role_gets_403_on_every_admin_page_and_action(client, auth, make_user,
                                                                       role):
    target = make_user("coordinator")
    auth.login(make_user(role))
    for path in admin_pages(target):
        assert client.get(path).status_code == 403, path
    before = state(target)
    for path, data in admin_actions(target):
        assert client.post(path, data=data).status_code == 403, path
    assert state(target) == before


def test_a_refused_admin_page_is_audited(client, auth, make_user):
    officer = make_user("officer")
    auth.login(officer)
    client.get("/admin/users")
    denied = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "access_denied", AuditEvent.actor_uuid == officer.uuid)).all()
    assert [event.detail for event in denied] == ["admin.users"]


def test_signed_out_visitors_are_sent_to_sign_in_from_admin_pages(client, make_user):
    for path in admin_pages(make_user("officer")):
        assert client.get(path).headers["Location"].startswith("/login"), path


@pytest.mark.parametrize("token", ["missing", "foreign", "garbage"])
def test_admin_forms_without_a_valid_csrf_token_are_refused_and_change_nothing(
        app, client, auth, make_user, token):
    target = make_user("coordinator")
    target.locked_at = utcnow()
    db.session.commit()
    auth.login(make_user("admin"))
    tokens = {"missing": {}, "foreign": {"csrf_token": app.test_client().csrf_token()},
              "garbage": {"csrf_token": "not-a-token"}}
    before = state(target)
    for path, data in admin_actions(target):
        response = client.post(path, data={**data, **tokens[token]}, csrf=False)
        assert response.status_code == 400, path
        assert b"did not come from this service" in response.data
    assert state(target) == before


def test_extra_fields_sent_to_account_actions_are_ignored(client, auth, make_user):
    officer = make_user("officer")
    officer.locked_at = utcnow()
    db.session.commit()
    auth.login(make_user("admin"))
    extra = {"role": "admin", "organisation": "DIVERT", "active": "0", "email": "x@evil.test",
             "full_name": "Changed", "totp_secret": "", "password_hash": "x"}
    for action in ("unlock", "reset-authenticator", "invitation", "deactivate", "reactivate"):
        client.post(f"/admin/users/{officer.uuid}/{action}", data=extra)
    db.session.expire_all()
    assert (officer.role, officer.organisation.code, officer.email, officer.full_name,
            officer.active, officer.locked_at) == (
        "officer", "MPS", officer.email, "Test officer", True, None)
    assert officer.password_hash is not None


def test_extra_fields_sent_to_the_invitation_form_are_ignored(client, auth, make_user):
    auth.login(make_user("admin"))
    response = client.post("/admin/users/invite", data={
        "email": "fresh@example.test", "full_name": "Fresh", "role": "partner",
        "organisation": "AITC", "password": "a password the attacker chose", "active": "0",
        "locked_at": "2020-01-01", "totp_secret": "AAAA", "id": "1"})
    assert response.status_code == 200
    user = db.session.scalar(select(User).where(User.email == "fresh@example.test"))
    assert (user.password_hash, user.active, user.locked_at, user.totp_secret) == (
        None, True, None, None)


def test_extra_fields_sent_to_reference_forms_are_ignored(client, auth, make_user):
    auth.login(make_user("admin"))
    borough = db.session.scalar(select(Borough).where(Borough.name == "Camden"))
    client.post(f"/admin/reference/boroughs/{borough.uuid}", data={
        "name": "Camden", "bcu": "CN", "role": "admin", "organisation": "DIVERT",
        "uuid": "00000000-0000-0000-0000-000000000000", "bcu_id": "1"})
    db.session.expire_all()
    assert (borough.name, borough.bcu.code) == ("Camden", "CN")
    assert str(borough.uuid) != "00000000-0000-0000-0000-000000000000"
