"""PostgreSQL stops while people use the service: a clear 503, nothing half-written, and the
service comes back by itself (pool_pre_ping) once the database does."""

from __future__ import annotations

import pytest

from shared.api import tokens
from shared.extensions import db
from tests.api.conftest import Api
from tests.divert.conftest import NEW, counts, form_data
from tests.faults.conftest import FAULTS_WANTED, NOT_WANTED, pg_ctl, wait_for_postgres
from tests.world import signed_in

pytestmark = [pytest.mark.faults, pytest.mark.skipif(not FAULTS_WANTED, reason=NOT_WANTED)]
UNAVAILABLE = "The service is temporarily unavailable"


def _assert_unavailable_page(response) -> None:
    page = response.get_data(as_text=True)
    assert response.status_code == 503, page[:500]
    assert UNAVAILABLE in page
    assert response.headers["X-Request-ID"] in page  # the reference to quote to support


def test_a_postgres_outage_answers_503_keeps_nothing_half_written_and_recovers(
        app, make_user, database_url):
    if database_url.startswith("sqlite"):
        pytest.skip("stopping PostgreSQL needs a PostgreSQL run (TEST_DATABASE_URL); "
                    "this run is on SQLite")
    officer, coordinator = make_user("officer"), make_user("coordinator")
    officer_web, coordinator_web = signed_in(app, officer), signed_in(app, coordinator)
    api = Api(app.test_client(), tokens.issue(coordinator).token, coordinator)
    db.session.commit()
    referral = form_data()
    before = counts()
    db.session.close()  # hand the test's own connection back before the server cuts it
    try:
        pg_ctl("stop")
        assert wait_for_postgres(up=False, seconds=15)
        _assert_unavailable_page(coordinator_web.get("/cases/"))
        _assert_unavailable_page(officer_web.post(NEW, data=referral))
        health = app.test_client().get("/healthz")
        assert health.status_code == 503 and health.get_json()["database"] == "unavailable"
        problem = api.get("/cases")
        assert problem.status_code == 503
        assert problem.mimetype == "application/problem+json"
        assert problem.get_json()["request_id"] == problem.headers["X-Request-ID"]
    finally:
        pg_ctl("start")
        assert wait_for_postgres(up=True, seconds=60), "PostgreSQL did not come back"
    assert counts() == before  # the referral sent during the outage left no trace
    assert coordinator_web.get("/cases/").status_code == 200  # no restart of the app needed
    assert app.test_client().get("/healthz").status_code == 200
    response = officer_web.post(NEW, data=referral)  # the phone's retry, same submission id
    assert response.status_code == 302 and "/divert/receipts/" in response.headers["Location"]
    assert counts() == (before[0] + 1, before[1] + 1)
