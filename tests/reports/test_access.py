"""Only analysts and coordinators see statistics; analysts never reach a person or a case."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shared.cases import services
from shared.extensions import db
from shared.people.models import Person
from shared.reference.models import Organisation
from tests.cases.test_access_matrix import BOTH, COORDINATOR_ONLY, PARTNER_ONLY
from tests.cases.test_journey_pages import _client
from tests.factories import planned_case

REPORT_URLS = ["/reports/", "/reports/summary.json", "/reports/funnel.csv",
               "/reports/gender.csv"]
ADMIN_URLS = ["/admin/users", "/admin/organisations", "/admin/reference"]


@pytest.fixture
def handed_off_case(make_user):
    """A case handed to Arsenal in the Community."""
    coordinator = make_user("coordinator")
    case = planned_case(make_user("officer"), coordinator)
    aitc = db.session.scalar(select(Organisation).where(Organisation.code == "AITC"))
    services.hand_off(case, coordinator, aitc, "Football")
    db.session.commit()
    return case


@pytest.mark.parametrize("role", ["officer", "custody_worker", "partner", "dpo", "admin"])
def test_other_roles_are_refused_the_statistics(app, make_user, role):
    client = _client(app, make_user(role))
    for url in REPORT_URLS:
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("role", ["analyst", "coordinator"])
def test_analysts_and_coordinators_see_the_statistics_in_their_menu(app, make_user, role):
    client = _client(app, make_user(role))
    home = client.get("/").get_data(as_text=True)
    assert 'href="/reports/"' in home and "Statistics" in home
    for url in REPORT_URLS:
        assert client.get(url).status_code == 200, url


def test_an_analyst_gets_403_or_404_on_every_case_and_admin_url(app, make_user,
                                                                 handed_off_case):
    client = _client(app, make_user("analyst"))
    base = f"/cases/{handed_off_case.uuid}"
    assert client.get("/cases/").status_code in (403, 404)
    assert client.get(base).status_code in (403, 404)
    assert client.get("/partner/cases").status_code in (403, 404)
    for path in COORDINATOR_ONLY + PARTNER_ONLY + BOTH:
        assert client.post(f"{base}/{path}", data={}).status_code in (403, 404), path
    for url in ADMIN_URLS:
        assert client.get(url).status_code in (403, 404), url


def test_the_dashboard_shows_no_reference_name_or_case_link(analyst_client, handed_off_case):
    person = db.session.get(Person, handed_off_case.person_id)
    page = analyst_client.get("/reports/").get_data(as_text=True)
    data = analyst_client.get("/reports/summary.json").get_data(as_text=True)
    for text in (page, data):
        assert handed_off_case.reference not in text
        assert str(handed_off_case.uuid) not in text and str(person.uuid) not in text
        assert "/cases/" not in text and person.last_name not in text
