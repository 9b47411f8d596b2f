"""Custody workers see only their own suites' encounters and cases; others answer 404."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engage.models import CustodyEncounter
from shared.audit.models import AuditEvent
from shared.extensions import db
from tests.conftest import AuthActions
from tests.engage.conftest import NEW, assign, form_data


@pytest.fixture
def two_suites(app, make_user):
    """An accepted encounter at Holborn and one at Brixton, each by its own worker."""
    made = {}
    for name in ("Holborn", "Brixton"):
        user = make_user("custody_worker")
        assign(user, name)
        client = app.test_client()
        AuthActions(client).login(user)
        assert client.post(NEW, data=form_data(name)).status_code == 302
        made[name] = (user, client, db.session.scalars(select(CustodyEncounter).where(
            CustodyEncounter.custody_suite.has(name=name))).one())
    return made


@pytest.mark.parametrize(("viewer", "owner", "status"), [
    ("Holborn", "Holborn", 200), ("Holborn", "Brixton", 404),
    ("Brixton", "Brixton", 200), ("Brixton", "Holborn", 404),
])
def test_a_worker_sees_only_their_suites_encounters_and_cases(two_suites, viewer, owner,
                                                              status):
    _, client, _ = two_suites[viewer]
    encounter = two_suites[owner][2]
    for url in (f"/engage/encounters/{encounter.uuid}", f"/engage/cases/{encounter.case.uuid}",
                f"/engage/encounters/{encounter.uuid}/release"):
        posting = url.endswith("release")
        response = client.post(url) if posting else client.get(url)
        # An empty release form from the owner is a 400; anyone else's answers 404 first.
        assert response.status_code == (400 if posting and status == 200 else status), url


def test_a_worker_at_both_suites_sees_both(two_suites, app, make_user):
    user = make_user("custody_worker")
    assign(user, "Holborn", "Brixton")
    client = app.test_client()
    AuthActions(client).login(user)
    page = client.get("/engage/encounters").get_data(as_text=True)
    assert "Holborn" in page and "Brixton" in page


def test_the_list_shows_only_own_suites(two_suites):
    _, client, _ = two_suites["Holborn"]
    page = client.get("/engage/encounters").get_data(as_text=True)
    assert "Holborn, " in page and "Brixton, " not in page


def test_an_out_of_scope_case_is_audited_as_denied(two_suites):
    _, client, _ = two_suites["Holborn"]
    case = two_suites["Brixton"][2].case
    assert client.get(f"/engage/cases/{case.uuid}").status_code == 404
    denied = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "access_denied", AuditEvent.object_uuid == case.uuid)).all()
    assert denied


def test_a_guessed_id_answers_404(worker, client):
    assert client.get("/engage/encounters/not-a-uuid").status_code == 404
    assert client.get("/engage/cases/00000000-0000-0000-0000-000000000000").status_code == 404


@pytest.mark.parametrize("role", ["officer", "coordinator", "partner", "analyst", "dpo",
                                  "admin"])
def test_other_roles_cannot_open_custody_worker_pages(two_suites, app, make_user, role):
    client = app.test_client()
    AuthActions(client).login(make_user(role))
    encounter = two_suites["Holborn"][2]
    for url in ("/engage/encounters", "/engage/follow-ups", NEW,
                f"/engage/encounters/{encounter.uuid}"):
        assert client.get(url).status_code == 403, (role, url)


def test_a_worker_with_no_suites_sees_no_form(make_user, client):
    AuthActions(client).login(make_user("custody_worker"))
    page = client.get(NEW).get_data(as_text=True)
    assert 'data-testid="no-suites"' in page and "Save encounter" not in page


def test_a_divert_custody_coach_at_the_same_suite_never_sees_engage_childrens_cases(
        two_suites, app, make_user):
    coach = make_user("custody_worker", organisation="DIVERT")
    assign(coach, "Holborn")
    client = app.test_client()
    AuthActions(client).login(coach)
    child_case = two_suites["Holborn"][2].case
    assert client.get(f"/engage/cases/{child_case.uuid}").status_code == 404
