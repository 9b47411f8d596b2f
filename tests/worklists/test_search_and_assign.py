"""Search within scope (mistyped and shortened surnames too), and assignment, one or in bulk."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from shared.audit.models import AuditEvent
from shared.cases import services
from shared.cases.models import Case
from shared.extensions import db
from shared.notifications.models import Notification
from shared.people.models import Person
from shared.worklists import search
from tests.cases.test_journey_pages import _client
from tests.factories import born_years_ago, organisation, planned_case, refer
from tests.worklists.test_lists import references

DOB = born_years_ago(16)


@pytest.fixture
def people(app, make_user):
    """Three young people: two O'Briens and an Okonkwo, one handed to and accepted by AITC."""
    officer, coordinator = make_user("officer"), make_user("coordinator")
    obrien = refer(officer, first_name="Zoë", last_name="O'Brien", date_of_birth=DOB)
    other = refer(officer, first_name="Liam", last_name="O'Brien-Smith",
                  date_of_birth=born_years_ago(19))
    okonkwo = planned_case(officer, coordinator)
    okonkwo.person.first_name, okonkwo.person.last_name = "Chidi", "Okonkwo"
    okonkwo.person.date_of_birth = DOB
    services.hand_off(okonkwo, coordinator, organisation("AITC"), "Good fit")
    db.session.commit()
    return {"coordinator": coordinator, "obrien": obrien, "other": other, "okonkwo": okonkwo}


def found(client, **query) -> list[str]:
    response = client.get("/caseload/search", query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return references(response.get_data(as_text=True))


def test_search_by_reference_surname_first_name_and_date_of_birth(app, people):
    client = _client(app, people["coordinator"])
    obrien, other, okonkwo = people["obrien"], people["other"], people["okonkwo"]
    assert found(client, reference=obrien.reference.lower()) == [obrien.reference]
    assert set(found(client, surname="O'Brien")) == {obrien.reference, other.reference}
    assert found(client, surname="obrien", first_name="zoe") == [obrien.reference]  # one slip
    assert found(client, surname="O'Brien", first_name="Liam") == [other.reference]
    assert found(client, surname="O'Brien", first_name="Pat") == []
    dob = {"date_of_birth": [str(DOB.day), str(DOB.month), str(DOB.year)]}
    assert set(found(client, **dob)) == {obrien.reference, okonkwo.reference}
    assert found(client, surname="Okonkwo", **dob) == [okonkwo.reference]


@pytest.mark.parametrize("typed", ["Okonkow", "Okonkwoo", "Okonk", "Okomkwo", "okonkwo"])
def test_a_mistyped_or_shortened_surname_still_finds_the_person(app, people, typed):
    client = _client(app, people["coordinator"])
    assert found(client, surname=typed) == [people["okonkwo"].reference]


def test_search_reads_blind_indexes_never_plaintext(app, people):
    person = db.session.get(Person, people["okonkwo"].person_id)
    values = (person.surname_index, person.surname_prefix_index,
              person.surname_prefix_year_index, person.dob_index)
    assert all(v and len(v) == 32 for v in values) and len(set(values)) == 4
    assert "okonkwo" not in " ".join(values).lower()


def test_a_partner_finds_only_their_organisations_cases(app, people, make_user):
    dob = {"date_of_birth": [str(DOB.day), str(DOB.month), str(DOB.year)]}
    aitc = _client(app, make_user("partner"))
    assert found(aitc, surname="Okonkwo", first_name="Chidi", **dob) == [
        people["okonkwo"].reference]
    # Another partner searching this young person's exact name and date of birth gets nothing.
    camden = _client(app, make_user("partner", organisation="ENGCAM"))
    assert found(camden, surname="Okonkwo", first_name="Chidi", **dob) == []
    assert found(camden, reference=people["okonkwo"].reference) == []
    assert found(aitc, surname="O'Brien") == []


def test_an_analyst_cannot_search_people_at_all(app, people, make_user):
    response = _client(app, make_user("analyst")).get("/caseload/search?surname=Okonkwo")
    assert response.status_code == 403


@pytest.mark.parametrize("query", [{"surname": "Ok"}, {"first_name": "Chidi"},
                                   {"date_of_birth": ["31", "2", "2010"]}])
def test_too_little_to_search_by_is_a_400_with_a_message(app, people, query):
    response = _client(app, people["coordinator"]).get("/caseload/search", query_string=query)
    assert response.status_code == 400 and "govuk-error-message" in response.get_data(
        as_text=True)


def test_search_results_are_audited(app, people):
    _client(app, people["coordinator"]).get("/caseload/search?surname=Okonkwo")
    assert db.session.scalar(select(AuditEvent.detail).where(
        AuditEvent.object_uuid == people["okonkwo"].uuid, AuditEvent.action == "view")) == \
        "list: search"


def test_surname_matching_tolerates_slips_but_not_other_names():
    assert search.surname_matches("okonkow", "okonkwo")
    assert search.surname_matches("smyth", "smith")
    assert not search.surname_matches("smithson", "smart")
    assert search.edit_distance("ab", "ba") == 1


def _bulk(client, cases, assignee) -> object:
    return client.post("/caseload/assign", data={
        "cases": [str(c.uuid) for c in cases], "assign-assignee": assignee,
        "back": "/caseload/mine"})


def test_bulk_reassignment_is_all_or_nothing_within_scope(app, make_user):
    officer, lead = make_user("officer"), make_user("coordinator")
    colleague = make_user("coordinator")
    cases = [refer(officer) for _ in range(3)]
    client = _client(app, lead)
    assert _bulk(client, cases, str(colleague.uuid)).status_code == 302
    db.session.expire_all()
    assert {c.coordinator_id for c in cases} == {colleague.id}
    assert len(references(_client(app, colleague).get("/caseload/mine").get_data(
        as_text=True))) == 3
    # Each case assigned to them is in their inbox, by reference only.
    told = db.session.scalars(select(Notification).where(
        Notification.user_id == colleague.id, Notification.kind == "assigned")).all()
    assert sorted(n.reference for n in told) == sorted(c.reference for c in cases)
    assert not db.session.scalar(select(Notification.id).where(Notification.user_id == lead.id))
    # A case outside the lead's scope (an ENGAGE case) refuses the whole batch.
    engage_lead = make_user("coordinator", organisation="ENGAGE")
    response = _bulk(_client(app, engage_lead), cases[:1], str(engage_lead.uuid))
    assert response.status_code == 400
    # Nobody: unassigns the lot.
    assert _bulk(client, cases, "").status_code == 302
    db.session.expire_all()
    assert {c.coordinator_id for c in cases} == {None}
    assert db.session.scalar(select(AuditEvent.detail).where(
        AuditEvent.object_uuid == cases[0].uuid, AuditEvent.detail.like("assigned%"))
        .order_by(AuditEvent.seq.desc())) == "assigned coordinator=nobody"


def test_assignment_never_widens_access(app, make_user):
    officer, lead = make_user("officer"), make_user("coordinator")
    case = refer(officer)
    outsider = make_user("coordinator", organisation="ENGAGE")
    client = _client(app, lead)
    # Someone of another organisation is not offered, and is refused if named anyway.
    page = client.get(f"/caseload/{case.uuid}/assign").get_data(as_text=True)
    assert outsider.full_name not in page or str(outsider.uuid) not in page
    response = client.post(f"/caseload/{case.uuid}/assign",
                           data={"assign-assignee": str(outsider.uuid)})
    assert response.status_code == 400
    assert _client(app, outsider).get(f"/cases/{case.uuid}").status_code == 404


def test_triage_names_the_coordinator_and_acceptance_the_youth_worker(app, make_user):
    officer, lead = make_user("officer"), make_user("coordinator")
    case = planned_case(officer, lead)
    assert case.coordinator_id == lead.id and case.worker_id is None
    services.hand_off(case, lead, organisation("AITC"), "Good fit")
    partner, colleague = make_user("partner"), make_user("partner")
    services.decide_hand_off(case, partner, True)
    db.session.commit()
    assert case.worker_id == partner.id
    client = _client(app, partner)
    assert client.post(f"/caseload/{case.uuid}/assign",
                       data={"assign-assignee": str(colleague.uuid)}).status_code == 302
    db.session.expire_all()
    assert case.worker_id == colleague.id and case.coordinator_id == lead.id
    body = client.get(f"/cases/{case.uuid}").get_data(as_text=True)
    assert re.search(r"Youth worker: Test partner", body)


def test_the_team_caseload_counts_each_workers_open_and_overdue_cases(app, make_user):
    officer, lead = make_user("officer"), make_user("coordinator")
    planned_case(officer, lead)
    refer(officer)
    db.session.commit()
    body = _client(app, lead).get("/caseload/team").get_data(as_text=True)
    rows = re.findall(r'data-testid="team-row">(.*?)</tr>', body, re.S)
    cells = [re.findall(r'numeric" data-label="[^"]+">([^<]+)<', row) for row in rows]
    assert ["1", "0", "1"] in cells  # the lead: one open case, its action due today
    assert cells[-1] == ["1", "0", "0"]  # unassigned: the referral awaiting triage
    assert db.session.scalar(select(Case.id).where(Case.coordinator_id == lead.id))


def test_reindex_fills_in_the_search_indexes_of_people_stored_before_search(app, make_user):
    from shared.people.reindex import reindex

    case = refer(make_user("officer"), last_name="Okafor")
    person = db.session.get(Person, case.person_id)
    expected = person.surname_prefix_year_index
    db.session.execute(Person.__table__.update().values(
        surname_index=None, surname_prefix_index=None, surname_prefix_year_index=None,
        dob_index=None, index_version=None))  # as migration 0016 leaves them
    db.session.commit()
    assert reindex() == 1
    db.session.expire_all()
    assert db.session.get(Person, case.person_id).surname_prefix_year_index == expected
    assert reindex() == 0
