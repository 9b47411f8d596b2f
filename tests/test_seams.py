"""A third programme plugs in through the seams alone (tests/third_programme), as the README's
"Where things are" says: the platform serves its pages, panel, navigation, API operation,
programme row, reference seed and person data without naming it."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from divert import services as intake
from shared.app import create_app
from shared.cases.models import Case
from shared.clock import today as london_today
from shared.extensions import db
from shared.privacy import erasure, export
from shared.privacy import requests as sar
from shared.reference.services import load_reference_data
from shared.seams import seams
from tests import third_programme
from tests.conftest import AuthActions, CsrfClient
from tests.factories import referral_data
from wsgi import PROGRAMMES


@pytest.fixture(scope="module")
def third_app(app):
    """The deployed programmes (wsgi.PROGRAMMES) plus THIRD, with the test app's settings
    (its database and key ring)."""
    settings = SimpleNamespace(**{k: v for k, v in app.config.items() if k.isupper()})
    app = create_app(settings, programmes=(*PROGRAMMES, third_programme))
    app.test_client_class = CsrfClient
    return app


def test_the_third_programmes_page_panel_and_navigation_are_served(third_app, make_user):
    officer = make_user("officer")
    client = third_app.test_client()
    AuthActions(client).login(officer)
    home = client.get("/").get_data(as_text=True)
    assert 'data-testid="third-panel"' in home and 'href="/third/"' in home
    assert "Refer a young person" in home  # DIVERT's panel is still there
    assert client.get("/third/").status_code == 200


def test_its_api_operation_is_in_its_apps_document_only(third_app, client):
    paths = third_app.test_client().get("/api/v1/openapi.json").get_json()["paths"]
    assert "/api/v1/third/hello" in paths and "/api/v1/referrals" in paths
    assert "/api/v1/third/hello" not in client.get("/api/v1/openapi.json").get_json()["paths"]


def test_its_row_joins_the_table_of_programmes_and_its_seed_runs(third_app):
    with third_app.app_context():
        assert list(seams().programmes) == ["divert_app", "divert_custody", "engage", "third"]
        assert load_reference_data()["third_rows"] == 0
        db.session.rollback()


def test_subject_access_exports_its_person_data_and_erasure_calls_it(third_app, make_user):
    officer, dpo = make_user("officer"), make_user("dpo")
    receipt = intake.submit_referral(officer, uuid.uuid4(), referral_data())
    db.session.commit()
    with third_app.app_context():  # a session of its own: load the rows afresh
        case = db.session.scalar(select(Case).where(Case.uuid == receipt.uuid))
        request = sar.open_request(case.person, db.session.merge(dpo), london_today())
        data = export.export_for(request, "json")
        assert data["third_programme"] == {"held": "a third programme's note"}
        erasure.erase(case.person)
        assert third_programme.ERASED == [case.person]
        db.session.rollback()
