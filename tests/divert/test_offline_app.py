"""The DIVERT App's server side: the worker and manifest, the offline shell that holds nothing
personal, the session the outbox re-tokens from, and the outbox's door (one referral per
submission id, whatever the number of resends)."""

from __future__ import annotations

import json
import uuid

from divert import offline
from tests.conftest import AuthActions
from tests.divert.conftest import REFERENCE, counts, form_data

SESSION, OUTBOX = "/divert/app/session", "/divert/app/outbox"


def _fresh_token(client) -> str:
    return client.get(SESSION).get_json()["csrf"]


def test_the_worker_is_served_from_the_officer_pages_scope_as_script_never_stored(client):
    answer = client.get("/divert/sw.js")

    assert answer.status_code == 200 and answer.mimetype == "text/javascript"
    assert answer.headers["Cache-Control"] == "no-store"
    assert "script-src 'self'" in answer.headers["Content-Security-Policy"]
    body = answer.get_data(as_text=True)
    assert f'const VERSION = "{offline.current_version()}"' in body
    assert json.dumps(offline.SHELL) in body and "/divert/referrals/new" not in body


def test_the_worker_is_versioned_with_the_release(app, client):
    app.config["RELEASE"] = "2026.12.1"
    try:
        assert 'const VERSION = "2026.12.1"' in client.get("/divert/sw.js").get_data(as_text=True)
    finally:
        app.config.pop("RELEASE")
    assert len(offline.release_version()) == 16  # otherwise a digest of what it caches


def test_the_manifest_makes_the_officer_pages_installable(client):
    answer = client.get("/divert/app/manifest.webmanifest")

    manifest = answer.get_json(force=True)
    assert answer.mimetype == "application/manifest+json"
    assert manifest["start_url"] == "/divert/referrals/new" and manifest["scope"] == "/divert/"
    assert manifest["display"] == "standalone" and manifest["short_name"] == "DIVERT"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).data.startswith(b"\x89PNG")


def test_the_offline_shell_names_no_officer_and_carries_no_token(client, officer):
    client.get("/")  # a flashed message waiting for the officer must not be read by the shell
    page = client.get("/divert/app/offline").get_data(as_text=True)

    assert "data-divert-shell" in page and 'name="first_name"' in page
    assert officer.full_name not in page and officer.email not in page
    assert 'name="csrf_token"' not in page and "Sign out" not in page
    assert 'rel="manifest"' in page


def test_the_session_gives_a_fresh_token_and_an_opaque_owner_only_to_an_officer(
        client, officer, make_user):
    signed_in = client.get(SESSION).get_json()
    assert signed_in["signed_in"] is True and signed_in["csrf"]
    assert len(signed_in["owner"]) == 32 and str(officer.uuid) not in signed_in["owner"]
    assert offline.owner_tag(officer) != offline.owner_tag(make_user("officer"))

    client.post("/logout", data={})
    assert client.get(SESSION).get_json() == {"signed_in": False}


def test_the_outbox_makes_one_referral_however_often_an_item_is_resent(client, officer):
    data = form_data(csrf_token=_fresh_token(client))

    first = client.post(OUTBOX, data=data, csrf=False)
    again = client.post(OUTBOX, data={**data, "csrf_token": _fresh_token(client)}, csrf=False)

    assert first.status_code == again.status_code == 201
    assert first.get_json() == again.get_json()
    assert REFERENCE.fullmatch(first.get_json()["reference"])
    assert client.get(first.get_json()["url"]).status_code == 200
    assert counts() == (1, 1)


def test_an_item_queued_under_an_expired_session_passes_once_signed_in_again(
        app, make_user):
    officer = make_user("officer")
    first, second = app.test_client(), app.test_client()
    AuthActions(first).login(officer)
    data = form_data()
    stale = _fresh_token(first)
    first.post("/logout", data={})

    AuthActions(second).login(officer)
    refused = second.post(OUTBOX, data={**data, "csrf_token": stale}, csrf=False)
    assert refused.status_code == 400 and counts() == (0, 0)  # the old token is no good...
    sent = second.post(OUTBOX, data={**data, "csrf_token": _fresh_token(second)}, csrf=False)
    assert sent.status_code == 201 and counts() == (1, 1)  # ...so the outbox re-tokens


def test_an_invalid_item_answers_the_messages_and_never_the_values(client, officer):
    data = form_data(csrf_token=_fresh_token(client), first_name="", consent="")

    answer = client.post(OUTBOX, data=data, csrf=False)

    assert answer.status_code == 400 and counts() == (0, 0)
    errors = answer.get_json()["errors"]
    assert "Enter the young person's first name" in errors
    assert "O'Brien" not in answer.get_data(as_text=True)


def test_the_outbox_refuses_without_a_session_or_token(client, make_user):
    assert "/login" in client.post(OUTBOX, data=form_data()).headers["Location"]
    AuthActions(client).login(make_user("officer"))
    assert client.post(OUTBOX, data=form_data(submission_id=str(uuid.uuid4())),
                       csrf=False).status_code == 400
    assert counts() == (0, 0)


def test_signing_out_clears_what_the_browser_keeps_for_the_site(client, officer):
    answer = client.post("/logout", data={})

    assert answer.status_code == 302 and answer.headers["Clear-Site-Data"] == '"storage"'


def test_the_sign_out_warning_uses_the_warning_button_and_says_what_happens(client, officer):
    page = client.get("/divert/app/sign-out").get_data(as_text=True)

    assert "govuk-button--warning" in page and "Sign out and delete them" in page
    assert "they are deleted from this phone and cannot be sent" in page
