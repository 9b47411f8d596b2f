"""A case whose young person was erased can be seen as erased but never changed."""

from __future__ import annotations

import pytest

from shared.cases import plans, services
from shared.clock import today as london_today
from shared.extensions import db
from shared.people.services import erase_person, find_possible_duplicates
from tests.cases.test_journey_pages import _client
from tests.factories import refer


def test_an_erased_persons_case_shows_erased_and_offers_no_forms(app, make_user):
    case = refer(make_user("officer"))
    erase_person(case.person)
    db.session.commit()
    client = _client(app, make_user("coordinator"))
    page = client.get(f"/cases/{case.uuid}").get_data(as_text=True)
    assert "details have been erased" in page and "Record decision" not in page
    response = client.post(f"/cases/{case.uuid}/triage", data={
        "triage-decision": "accept", "triage-risk_level": "low", "triage-priority": "3"})
    assert response.status_code == 400
    assert "the case cannot change" in response.get_data(as_text=True)


def test_services_refuse_every_change_to_an_erased_persons_case(app, make_user):
    coordinator = make_user("coordinator")
    case = refer(make_user("officer"))
    services.triage(case, coordinator, "accept", "low", 3)
    goal = plans.add_goal(case, coordinator, "Goal")
    erase_person(case.person)
    db.session.commit()
    refusals = [
        lambda: services.close(case, coordinator, "goals_met"),
        lambda: plans.add_goal(case, coordinator, "Another"),
        lambda: plans.add_action(goal, coordinator, "Act", "partner", london_today()),
        lambda: services.record_outcome(case, coordinator, True, [], None),
        lambda: services.log_contact(case, coordinator, london_today(), "phone", None),
    ]
    for refuse in refusals:
        with pytest.raises(services.CaseError, match="erased"):
            refuse()


def test_a_duplicate_search_without_a_first_name_never_matches_on_a_missing_index(
        app, make_user):
    case = refer(make_user("officer"), first_name="")
    db.session.commit()
    assert case.person.name_dob_index is None
    other = refer(make_user("officer"), last_name="Someone-Else")
    assert find_possible_duplicates("", "Nobody", other.person.date_of_birth) == []
