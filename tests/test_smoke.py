"""The app starts, migrates and answers."""


def test_healthz_reports_app_and_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "app": "ok", "database": "ok"}


def test_officer_signs_in_and_sees_their_home_page(client, auth, make_user):
    user = make_user("officer")
    response = auth.login(user)
    assert response.status_code == 200
    assert b"Your referrals" in response.data


def test_coordinator_signs_in_with_a_totp_code(client, auth, make_user):
    user = make_user("coordinator")
    response = auth.login(user)
    assert response.status_code == 200
    assert b"Referral triage" in response.data
