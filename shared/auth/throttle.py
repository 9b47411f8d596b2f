"""One sign-in limit per address and one per account, shared by every door (web and API).

Each door (/login, its code and authenticator steps, and POST /api/v1/tokens) counts against
the same two buckets, so answering 429 at one door closes them all. The address is the
client's as ProxyFix gives it when TRUSTED_PROXIES is set.
"""

from __future__ import annotations

import hashlib

from flask import current_app, request

from shared.extensions import limiter


def _address_limit() -> str:
    return current_app.config["LOGIN_IP_LIMIT"]


def _account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_LIMIT"]


def account_key() -> str:
    """The bucket of the account a sign-in names (a digest: no email address in the store)."""
    email = request.form.get("email")
    if email is None:
        body = request.get_json(silent=True)
        email = body.get("email") if isinstance(body, dict) else None
    email = email.strip().lower() if isinstance(email, str) else ""
    return "account:" + hashlib.sha256(email.encode("utf-8")).hexdigest()[:32]


by_address = limiter.shared_limit(_address_limit, scope="sign-in-address", methods=["POST"])
by_account = limiter.shared_limit(_account_limit, scope="sign-in-account", key_func=account_key,
                                  methods=["POST"])
