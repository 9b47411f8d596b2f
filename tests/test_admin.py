"""Admin user pages: list, search, invite, and every account action, through the real pages."""

from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import func, select

from shared.audit.models import AuditEvent
from shared.auth.models import User
from shared.db import utcnow
from shared.extensions import db
from tests.conftest import PASSWORD, AuthActions

NEW_PASSWORD = "a brand new passphrase for testing"


def signed_in_client(app, user):
    """A second browser, signed in as USER."""
    other = app.test_client()
    AuthActions(other).login(user)
    return other


def audit_events(action: str, object_uuid) -> list[AuditEvent]:
    """The audit events of ACTION about one object."""
    return list(db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == action, AuditEvent.object_uuid == object_uuid)
        .order_by(AuditEvent.seq)))


def last_audit_seq() -> int:
    """The newest audit sequence number."""
    return db.session.scalar(select(func.max(AuditEvent.seq))) or 0


def invitation_link(response) -> str:
    """The invitation link shown on a confirmation page, as a local path."""
    match = re.search(r'data-testid="invitation-link">(http://localhost)?(/invitation/[^<\s]+)<',
                      response.get_data(as_text=True))
    assert match, "no invitation link on the page"
    return match.group(2)


def invite(client, **fields):
    """Post the invitation form with sensible defaults."""
    data = {"email": "new.person@example.test", "full_name": "New Person", "role": "partner",
            "organisation": "AITC", **fields}
    return client.post("/admin/users/invite", data=data)


def test_user_list_shows_email_name_role_organisation_status_and_mfa(client, admin, make_user):
    officer = make_user("officer", email="olu@example.test")
    officer.locked_at = utcnow()
    db.session.commit()
    page = client.get("/admin/users").get_data(as_text=True)
    assert "olu@example.test" in page and "Test officer" in page
    assert "Referring police officer" in page and "Metropolitan Police Service" in page
    assert "Locked" in page and "Not required for this role" in page
    assert "Authenticator: Enrolled" in page  # the admin themselves
    assert "<caption" in page


def test_users_are_filtered_by_role_and_searched_by_email_with_a_post(client, admin, make_user):
    make_user("officer", email="findme@example.test")
    make_user("partner", email="partner.one@example.test")
    by_role = client.post("/admin/users", data={"role": "partner", "email": ""})
    assert by_role.status_code == 200
    assert b"partner.one@example.test" in by_role.data
    assert b"findme@example.test" not in by_role.data
    by_email = client.post("/admin/users", data={"role": "", "email": "FINDME"})
    assert b"findme@example.test" in by_email.data
    assert b"partner.one@example.test" not in by_email.data
    assert b'method="post" action="/admin/users"' in by_email.data


def test_user_search_treats_sql_and_like_metacharacters_as_text(client, admin, make_user):
    make_user("officer", email="plain@example.test")
    for term in ["%", "_", "' OR 1=1 --", "\\"]:
        response = client.post("/admin/users", data={"role": "", "email": term})
        assert response.status_code == 200
        assert b"plain@example.test" not in response.data


def test_user_search_refuses_an_unknown_role_with_400(client, admin):
    response = client.post("/admin/users", data={"role": "superuser", "email": ""})
    assert response.status_code == 400
    assert b"Choose a role from the list" in response.data


def test_inviting_creates_an_account_without_password_and_shows_the_link_once(client, admin):
    response = invite(client)
    assert response.status_code == 200
    path = invitation_link(response)
    user = db.session.scalar(select(User).where(User.email == "new.person@example.test"))
    assert user.password_hash is None and user.role == "partner"
    assert user.organisation.code == "AITC"
    token = path.rsplit("/", 1)[1]
    assert token not in client.get(f"/admin/users/{user.uuid}").get_data(as_text=True)
    assert token not in client.get("/admin/users").get_data(as_text=True)
    assert audit_events("user_invited", user.uuid)


def test_invitation_link_sets_a_password_once_then_answers_404(app, client, admin):
    path = invitation_link(invite(client))
    visitor = app.test_client()
    assert visitor.get(path).status_code == 200
    accepted = visitor.post(path, data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert accepted.status_code == 302
    assert visitor.get(path).status_code == 404
    user = db.session.scalar(select(User).where(User.email == "new.person@example.test"))
    assert AuthActions(visitor).login(user, NEW_PASSWORD).status_code == 200


@pytest.mark.parametrize(("fields", "message"), [
    ({"role": "emperor"}, "Choose a role from the list"),
    ({"role": "officer", "organisation": "AITC"}, "cannot belong to Arsenal in the Community"),
    ({"organisation": "NOPE"}, "Choose an organisation from the list"),
    ({"email": "not-an-email"}, "Enter an email address in the correct format"),
    ({"email": "x" * 250 + "@example.test"}, "254 characters or fewer"),
    ({"full_name": "N" * 121}, "120 characters or fewer"),
    ({"full_name": "Nul\x00Byte"}, "must contain only letters"),
    ({"email": "nul\x00@example.test"}, "must contain only letters"),
    ({"full_name": "   "}, "Enter the person"),
])
def test_invalid_invitation_is_refused_with_400_and_stores_nothing(client, admin, fields,
                                                                   message):
    users_before, seq_before = db.session.scalar(select(func.count(User.id))), last_audit_seq()
    response = invite(client, **fields)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "govuk-error-summary" in page and message in page.replace("&#39;", "'")
    assert db.session.scalar(select(func.count(User.id))) == users_before
    assert last_audit_seq() == seq_before


def test_inviting_an_existing_email_is_refused_with_400(client, admin, make_user):
    make_user("partner", email="taken@example.test")
    response = invite(client, email=" Taken@Example.test ")
    assert response.status_code == 400
    assert b"already exists" in response.data


def test_script_and_template_syntax_in_a_name_are_stored_and_shown_escaped(client, admin):
    name = "<script>alert(1)</script> {{7*7}}"
    invite(client, full_name=name)
    user = db.session.scalar(select(User).where(User.email == "new.person@example.test"))
    assert user.full_name == name
    for page in (client.get("/admin/users"), client.get(f"/admin/users/{user.uuid}")):
        text = page.get_data(as_text=True)
        assert "<script>alert(1)</script>" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt; {{7*7}}" in text


@pytest.mark.parametrize("path", ["/admin/users/not-a-uuid", f"/admin/users/{uuid.uuid4()}",
                                  "/admin/users/1", "/admin/users/%00"])
def test_unknown_or_garbage_user_ids_answer_404(client, admin, path):
    assert client.get(path).status_code == 404
    assert client.post(f"{path}/deactivate").status_code == 404


def test_deactivation_signs_the_user_out_and_reactivation_lets_them_back(app, client, admin,
                                                                           make_user):
    officer = make_user("officer")
    browser = signed_in_client(app, officer)
    assert browser.get("/").status_code == 200
    response = client.post(f"/admin/users/{officer.uuid}/deactivate")
    assert response.status_code == 302
    assert browser.get("/").headers["Location"].startswith("/login")
    db.session.refresh(officer)
    assert officer.active is False
    assert audit_events("user_deactivated", officer.uuid)
    assert AuthActions(app.test_client()).login(officer).status_code == 401
    client.post(f"/admin/users/{officer.uuid}/reactivate")
    assert AuthActions(app.test_client()).login(officer).status_code == 200
    assert audit_events("user_reactivated", officer.uuid)


def test_admin_cannot_deactivate_themselves(client, admin):
    response = client.post(f"/admin/users/{admin.uuid}/deactivate")
    assert response.status_code == 400
    assert b"You cannot deactivate your own account" in response.data
    db.session.refresh(admin)
    assert admin.active is True


def test_unlocking_lets_a_locked_user_sign_in(app, client, admin, make_user):
    officer = make_user("officer")
    officer.locked_at = utcnow()
    db.session.commit()
    assert AuthActions(app.test_client()).login(officer).status_code == 401
    page = client.get(f"/admin/users/{officer.uuid}")
    assert b"Unlock account" in page.data
    assert client.post(f"/admin/users/{officer.uuid}/unlock").status_code == 302
    assert AuthActions(app.test_client()).login(officer).status_code == 200
    assert audit_events("account_unlocked", officer.uuid)


def test_changing_role_and_organisation_moves_the_user_and_signs_them_out(app, client, admin,
                                                                          make_user):
    worker = make_user("custody_worker")
    browser = signed_in_client(app, worker)
    response = client.post(f"/admin/users/{worker.uuid}/role",
                           data={"role": "coordinator", "organisation": "DIVERT"})
    assert response.status_code == 302
    db.session.refresh(worker)
    assert (worker.role, worker.organisation.code) == ("coordinator", "DIVERT")
    assert browser.get("/").status_code == 302
    assert audit_events("role_changed", worker.uuid)


def test_a_role_that_does_not_fit_the_organisation_is_refused_and_nothing_changes(
        client, admin, make_user):
    officer = make_user("officer")
    response = client.post(f"/admin/users/{officer.uuid}/role",
                           data={"role": "partner", "organisation": "MPS"})
    assert response.status_code == 400
    assert b"govuk-error-summary" in response.data
    assert b"cannot belong to Metropolitan Police Service" in response.data
    db.session.refresh(officer)
    assert officer.role == "officer"


def test_admin_cannot_remove_their_own_admin_role(client, admin):
    response = client.post(f"/admin/users/{admin.uuid}/role",
                           data={"role": "coordinator", "organisation": "DIVERT"})
    assert response.status_code == 400
    assert b"You cannot remove your own administrator role" in response.data
    db.session.refresh(admin)
    assert admin.role == "admin"
    assert client.get("/admin/users").status_code == 200


def test_resetting_the_authenticator_makes_the_user_enrol_again(app, client, admin, make_user):
    coordinator = make_user("coordinator")
    assert client.post(f"/admin/users/{coordinator.uuid}/reset-authenticator").status_code == 302
    db.session.refresh(coordinator)
    assert coordinator.totp_secret is None
    response = app.test_client().post("/login", data={"email": coordinator.email,
                                                      "password": PASSWORD})
    assert response.headers["Location"] == "/login/authenticator"
    assert audit_events("mfa_enrolled", coordinator.uuid)


def test_a_new_invitation_link_works_and_the_earlier_one_stops(app, client, admin):
    first = invitation_link(invite(client))
    user = db.session.scalar(select(User).where(User.email == "new.person@example.test"))
    response = client.post(f"/admin/users/{user.uuid}/invitation")
    assert response.status_code == 200
    second = invitation_link(response)
    visitor = app.test_client()
    assert visitor.get(first).status_code == 404
    assert visitor.get(second).status_code == 200
    assert len(audit_events("user_invited", user.uuid)) == 2
