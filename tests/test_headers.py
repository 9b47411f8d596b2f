"""Security headers, cache control, error pages with a request id, body limit."""

from __future__ import annotations

import re

import pytest


def test_pages_carry_a_nonce_csp_and_the_other_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
                      "default-src 'self'"):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert f'nonce="{nonce}"'.encode() in response.data
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    assert re.fullmatch(r"[0-9a-f]{16}", response.headers["X-Request-ID"])


def test_each_response_gets_a_fresh_nonce(client):
    first = client.get("/login").headers["Content-Security-Policy"]
    second = client.get("/login").headers["Content-Security-Policy"]
    assert first != second


def test_hsts_is_sent_only_in_production(app, client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    app.config["HSTS"] = True
    try:
        assert "max-age=" in client.get("/login").headers["Strict-Transport-Security"]
    finally:
        app.config["HSTS"] = False


def test_session_cookie_is_httponly_and_samesite_lax(client, auth, make_user):
    auth.login(make_user("officer"))
    cookie = client.get_cookie("session")
    assert cookie.http_only
    assert cookie.same_site == "Lax"


def test_production_cookie_is_secure_with_the_host_prefix():
    from config import ProductionConfig

    assert ProductionConfig.SESSION_COOKIE_SECURE is True
    assert ProductionConfig.SESSION_COOKIE_NAME == "__Host-session"
    assert ProductionConfig.HSTS is True


def test_404_page_is_generic_and_shows_a_request_id(client, auth, make_user):
    auth.login(make_user("officer"))
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert b"Page not found" in response.data
    assert response.headers["X-Request-ID"].encode() in response.data


def test_unexpected_error_shows_a_generic_500_with_a_request_id(database_url, caplog):
    from config import TestConfig
    from shared.web import public
    from wsgi import build

    app = build(TestConfig(database_url))

    @app.route("/_boom_for_test")
    @public
    def boom():
        raise RuntimeError("secret detail that must not leak")

    response = app.test_client().get("/_boom_for_test")
    assert response.status_code == 500
    assert b"secret detail" not in response.data
    assert response.headers["X-Request-ID"].encode() in response.data
    assert "secret detail" in caplog.text


def test_a_ten_megabyte_body_is_refused_with_413(client):
    ten_megabytes = "x" * (10 * 1024 * 1024)
    response = client.post("/login", data={"email": "a@b.test", "password": ten_megabytes})
    assert response.status_code == 413
    assert b"too large" in response.data


@pytest.mark.parametrize("path", ["/static/dist/app.css", "/static/app.js"])
def test_static_assets_are_served_locally(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "max-age" in response.headers["Cache-Control"]
