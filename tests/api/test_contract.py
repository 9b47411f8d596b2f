"""Schemathesis against the app in-process: no 5xx, and every answer matches the document.

Driven through schemathesis' strategies (`operation.as_strategy`) rather than its pytest
plugin, whose lazy fixture loader does not run under pytest 9 (it sets `node._nodeid`).
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.api.conftest import ROLES, encounter_body
from tests.factories import refer

# Bounded (the whole API suite stays under a minute): a valid example goes out once per role
# and once without a token; an invalid one as the four roles that change records.
MAX_EXAMPLES = 3
NEGATIVE_ROLES = ("officer", "custody_worker", "coordinator", "partner")
CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture
def api_schema(app):
    """The document served by the app, loaded through its WSGI interface."""
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.fixture
def tokens_by_role(api_as, make_user, worker_as) -> dict:
    """A live token for every role (and none), with one case for the coordinator to see and
    one custody encounter at the custody worker's suite."""
    refer(make_user("officer"))
    worker = worker_as("Holborn")
    assert worker.post("/encounters", encounter_body()).status_code == 201
    tokens = {role: api_as(role).token for role in ROLES} | {"anonymous": None}
    return tokens | {"custody_worker": worker.token}


def _send_as_everyone(app, case, tokens: dict) -> None:
    for token in tokens.values():
        headers = {k: v for k, v in (case.headers or {}).items() if k != "Authorization"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        with app.app_context():
            response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_server_errors_and_every_answer_matches_the_document(app, api_schema, tokens_by_role,
                                                                mode):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 20
    senders = tokens_by_role if mode is GenerationMode.POSITIVE else {
        role: tokens_by_role[role] for role in NEGATIVE_ROLES}
    for operation in operations:
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            _send_as_everyone(app, case, senders)

        run()
