"""Finding 5 of issue 18: one sign-in limit per address and one per account, shared by the web
sign-in and the API's token door; the client's address taken from TRUSTED_PROXIES proxies."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import select

from shared.audit.models import AuditEvent
from shared.extensions import db

WRONG = "not the right password"


@contextmanager
def limits(app, address: str = "30 per 5 minutes", account: str = "20 per 5 minutes"):
    saved = app.config["LOGIN_IP_LIMIT"], app.config["LOGIN_ACCOUNT_LIMIT"]
    app.config["LOGIN_IP_LIMIT"], app.config["LOGIN_ACCOUNT_LIMIT"] = address, account
    try:
        yield
    finally:
        app.config["LOGIN_IP_LIMIT"], app.config["LOGIN_ACCOUNT_LIMIT"] = saved


def _web(client, email: str, address: str = "198.51.100.1", **kwargs):
    return client.post("/login", data={"email": email, "password": WRONG},
                       environ_base={"REMOTE_ADDR": address}, **kwargs)


def _api(client, email: str, address: str = "198.51.100.1", **kwargs):
    return client.post("/api/v1/tokens", json={"email": email, "password": WRONG}, csrf=False,
                       environ_base={"REMOTE_ADDR": address}, **kwargs)


def test_while_the_web_sign_in_answers_429_the_api_from_that_address_does_too(app, client):
    with limits(app, address="3 per 5 minutes"):
        codes = [_web(client, f"u{i}@example.test").status_code for i in range(4)]
        api = _api(client, "someone-else@example.test")
        elsewhere = _api(client, "someone-else@example.test", address="198.51.100.2")
    assert codes == [401, 401, 401, 429]
    assert api.status_code == 429
    assert elsewhere.status_code == 401, "another address has its own bucket"


def test_the_api_and_the_web_share_the_address_bucket_in_either_order(app, client):
    with limits(app, address="2 per 5 minutes"):
        first = [_api(client, "a@example.test").status_code, _web(client, "b@example.test")
                 .status_code]
        then = _web(client, "c@example.test")
    assert first == [401, 401] and then.status_code == 429


def test_one_account_is_limited_whichever_addresses_and_doors_the_guesses_use(app, client):
    with limits(app, account="3 per 5 minutes"):
        codes = [_web(client, "target@example.test", "203.0.113.1").status_code,
                 _api(client, "Target@Example.test ", "203.0.113.2").status_code,
                 _web(client, "target@example.test", "203.0.113.3").status_code,
                 _api(client, "target@example.test", "203.0.113.4").status_code,
                 _web(client, "target@example.test", "203.0.113.5").status_code]
        other = _web(client, "other@example.test", "203.0.113.6")
    assert codes == [401, 401, 401, 429, 429]
    assert other.status_code == 401


def test_the_store_never_holds_the_email_address(app):
    from shared.auth.throttle import account_key

    with app.test_request_context("/login", method="POST", data={"email": "Zoe@Example.test"}):
        key = account_key()
    assert "zoe" not in key.lower() and key.startswith("account:")


def test_without_trusted_proxies_x_forwarded_for_is_ignored(app, client):
    assert app.config["TRUSTED_PROXIES"] == 0
    with limits(app, address="2 per 5 minutes"):
        codes = [_web(client, f"x{i}@example.test",
                      headers={"X-Forwarded-For": f"192.0.2.{i}"}).status_code for i in range(3)]
    assert codes == [401, 401, 429], "a forged header must not buy a fresh bucket"


@pytest.fixture
def proxied_app(database_url, monkeypatch):
    """The app as deployed behind one reverse proxy."""
    from config import TestConfig
    from tests.conftest import CsrfClient
    from wsgi import build

    monkeypatch.setenv("TRUSTED_PROXIES", "1")
    proxied = build(TestConfig(database_url))
    proxied.test_client_class = CsrfClient
    with proxied.app_context():
        yield proxied
        db.session.remove()


def test_behind_a_trusted_proxy_each_client_has_its_own_bucket_and_audit_address(proxied_app):
    client = proxied_app.test_client()
    proxied_app.config["LOGIN_IP_LIMIT"] = "2 per 5 minutes"
    proxy = "10.0.0.5"
    first = [_web(client, f"p{i}@example.test", proxy,
                  headers={"X-Forwarded-For": "192.0.2.10"}).status_code for i in range(3)]
    second = _web(client, "q@example.test", proxy, headers={"X-Forwarded-For": "192.0.2.11"})
    assert first == [401, 401, 429]
    assert second.status_code == 401
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "login_failed")
                               .order_by(AuditEvent.seq.desc())).first()
    assert event.source_address == "192.0.2.11"


def test_trusted_proxies_must_be_a_number(monkeypatch, database_url):
    from config import ConfigError, TestConfig

    monkeypatch.setenv("TRUSTED_PROXIES", "yes")
    with pytest.raises(ConfigError, match="TRUSTED_PROXIES"):
        TestConfig(database_url)
