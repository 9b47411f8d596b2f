"""Token sign-in, listing and revocation; the document; reference data for the forms."""

from __future__ import annotations

import uuid

from flask import current_app, jsonify
from flask_login import current_user
from sqlalchemy import select

from shared.api import pagination, tokens
from shared.api.blueprint import bp
from shared.api.models import ApiToken
from shared.api.problems import ApiProblem, problem
from shared.api.registry import operation
from shared.api.schemas import Named, ReferenceData, TokenInfo, TokenIssued, TokenRequest
from shared.auth.roles import Role
from shared.cases.queries import partner_organisations
from shared.extensions import db, limiter
from shared.reference.models import Bcu, Borough
from shared.web import public

GENERIC_FAILURE = ("Enter a correct email address and password, and a current code from "
                   "your authenticator app if your role needs one. If it keeps failing, "
                   "ask your administrator.")
TokenPage = pagination.page_model(TokenInfo)


def _login_ip_limit() -> str:
    return current_app.config["LOGIN_IP_LIMIT"]


@operation(bp, "POST", "/tokens", "Sign in and get a bearer token (valid for one hour)",
           roles=None, body=TokenRequest, response=TokenIssued, status=201, tag="tokens",
           rate_limited=True, extra_errors=(401,))
@limiter.limit(_login_ip_limit)
def create_token(body: TokenRequest):
    """Email, password and (where the role needs it) TOTP; one generic failure message."""
    try:
        row = tokens.sign_in(body.email, body.password, body.totp)
    except tokens.SignInRefused:
        # Returned, not raised: the failure count and the audit entry must be committed.
        return problem(401, GENERIC_FAILURE)
    return TokenIssued(id=row.uuid, token=row.token, expires_at=row.expires_at)


@operation(bp, "GET", "/tokens", "Your live tokens", query=pagination.ListQuery,
           response=TokenPage, tag="tokens")
def list_tokens(query: pagination.ListQuery):
    """Your own live tokens, newest first."""
    return _token_page(tokens.live_tokens(current_user), query)


@operation(bp, "GET", "/admin/tokens", "Every live token (admins)", roles=(Role.ADMIN,),
           query=pagination.ListQuery, response=TokenPage, tag="tokens")
def list_all_tokens(query: pagination.ListQuery):
    """Every user's live tokens, for an administrator."""
    return _token_page(tokens.live_tokens(), query)


@operation(bp, "DELETE", "/tokens/{token_id}", "Revoke a token (yours; anyone's for admins)",
           status=204, tag="tokens")
def revoke_token(token_id: uuid.UUID):
    """Revoke a token for good."""
    token = tokens.find_revocable(current_user, token_id)
    if token is None:
        raise ApiProblem(404, "There is no live token with that id that you can revoke.")
    tokens.revoke(token, current_user)


def _token_page(query, params: pagination.ListQuery):
    position = pagination.decode(params.cursor)
    rows = db.session.scalars(pagination.after(query, ApiToken.created_at, ApiToken.uuid,
                                               position).limit(params.limit + 1)).all()
    items, next_link = pagination.page(rows, params.limit, lambda t: (t.created_at, t.uuid))
    return TokenPage(items=[TokenInfo(id=t.uuid, user_email=t.user.email,
                                      created_at=t.created_at, expires_at=t.expires_at,
                                      last_used_at=t.last_used_at) for t in items],
                     next=next_link)


@operation(bp, "GET", "/reference", "Boroughs, BCUs and partner organisations",
           response=ReferenceData, tag="reference")
def reference():
    """The ids a referral or a hand-off needs."""
    return ReferenceData(
        boroughs=[Named(id=b.uuid, name=b.name)
                  for b in db.session.scalars(select(Borough).order_by(Borough.name))],
        bcus=[Named(id=b.uuid, name=f"{b.name} ({b.code})")
              for b in db.session.scalars(select(Bcu).order_by(Bcu.name))],
        partner_organisations=[Named(id=o.uuid, name=o.name) for o in partner_organisations()],
    )


@bp.route("/openapi.json")
@public
def openapi_document():
    """The OpenAPI 3.1 document, generated from the routes and their schemas."""
    from shared.api.openapi import document

    return jsonify(document(current_app.config["SERVICE_NAME"]))

