"""Case lists with names: every filter and sort against a known set, paging, and the audit."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from shared.audit.chain import verify_chain
from shared.audit.models import AuditEvent
from shared.cases import plans, services
from shared.cases.models import Case
from shared.clock import today as london_today
from shared.extensions import db
from shared.reference.models import Borough
from shared.worklists import lists
from tests.cases.test_journey_pages import _client
from tests.factories import born_years_ago, organisation, refer


def references(page: str) -> list[str]:
    """The case references a list page shows, in order."""
    return re.findall(r'<span class="govuk-body-s">((?:DV|EN)-[0-9A-Z]{4}-[0-9A-Z]{2})', page)


@pytest.fixture
def known_set(app, make_user):
    """Five DIVERT cases with known names, ages, boroughs, risks, priorities and workers."""
    officer = make_user("officer")
    lead, other = make_user("coordinator"), make_user("coordinator")
    camden, hackney = (db.session.scalar(select(Borough).where(Borough.name == n))
                       for n in ("Camden", "Hackney"))
    specs = [  # surname, borough, decision, risk, priority, coordinator
        ("Adeyemi", camden, "accept", "high", 1, lead),
        ("Brown", hackney, "accept", "low", 3, other),
        ("Chen", camden, "accept", "medium", 2, None),
        ("Dlamini", hackney, None, None, None, None),
        ("Evans", camden, "decline", "low", 3, None),
    ]
    cases = {}
    for n, (surname, borough, decision, risk, priority, coordinator) in enumerate(specs):
        case = refer(officer, last_name=surname, first_name="Sam", borough_id=borough.id,
                     bcu_id=borough.bcu_id, date_of_birth=born_years_ago(15 + n))
        case.submitted_at -= timedelta(days=30 - n)  # oldest first in spec order
        if decision:
            services.triage(case, lead, decision, risk, priority,
                            "not_at_risk" if decision == "decline" else None)
            case.coordinator_id = coordinator.id if coordinator else None
        cases[surname] = case
    goal = plans.add_goal(cases["Brown"], lead, "Goal")
    plans.add_action(goal, lead, "Call", "coordinator", london_today() - timedelta(days=2))
    db.session.commit()
    return {"lead": lead, "other": other, "cases": cases, "camden": camden}


def ref(known, *names) -> list[str]:
    return [known["cases"][n].reference for n in names]


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def test_every_row_shows_name_age_borough_programme_risk_status_worker_and_next_due(
        app, known_set):
    client = _client(app, known_set["lead"])
    body = page(client, "/caseload/")
    assert "Sam Brown" in body and "age 16" in body and "Hackney" in body
    assert "DIVERT" in body and "Low" in body and "Routine" in body
    assert known_set["other"].full_name in body and "Overdue" in body
    assert references(body) == ref(known_set, "Adeyemi", "Brown", "Chen", "Dlamini")


@pytest.mark.parametrize("query, expected", [
    ("", ["Adeyemi", "Brown", "Chen", "Dlamini"]),
    ("?status=accepted", ["Adeyemi", "Brown", "Chen"]),
    ("?status=submitted", ["Dlamini"]),
    ("?programme=divert_app", ["Adeyemi", "Brown", "Chen", "Dlamini"]),
    ("?programme=engage", []),
    ("?risk=high", ["Adeyemi"]),
    ("?risk=low", ["Brown"]),
    ("?assigned=me", ["Adeyemi"]),
    ("?assigned=unassigned", ["Chen", "Dlamini"]),
    ("?assigned=anyone", ["Adeyemi", "Brown", "Chen", "Dlamini"]),
    ("?overdue=yes", ["Brown"]),
    ("?sort=newest", ["Dlamini", "Chen", "Brown", "Adeyemi"]),
    ("?sort=priority", ["Adeyemi", "Chen", "Brown", "Dlamini"]),
    ("?sort=risk", ["Adeyemi", "Chen", "Brown", "Dlamini"]),
    ("?sort=risk&risk=low", ["Brown"]),
])
def test_each_filter_and_sort_against_the_known_set(app, known_set, query, expected):
    client = _client(app, known_set["lead"])
    assert references(page(client, "/caseload/" + query)) == ref(known_set, *expected)


def test_borough_bcu_partner_and_worker_filters(app, known_set):
    client = _client(app, known_set["lead"])
    camden = known_set["camden"]
    assert references(page(client, f"/caseload/?borough={camden.uuid}")) == ref(
        known_set, "Adeyemi", "Chen")
    assert references(page(client, f"/caseload/?bcu={camden.bcu.uuid}")) == ref(
        known_set, "Adeyemi", "Chen")
    aitc = organisation("AITC")
    assert references(page(client, f"/caseload/?partner={aitc.uuid}")) == []
    assert references(page(client, f"/caseload/?worker={known_set['other'].uuid}")) == ref(
        known_set, "Brown")


def test_my_cases_unassigned_and_closed_views(app, known_set):
    client = _client(app, known_set["lead"])
    assert references(page(client, "/caseload/mine")) == ref(known_set, "Adeyemi")
    assert references(page(client, "/caseload/unassigned")) == ref(known_set, "Chen",
                                                                    "Dlamini")
    assert references(page(client, "/caseload/closed")) == ref(known_set, "Evans")
    assert references(page(client, "/caseload/closed?status=declined")) == ref(known_set,
                                                                              "Evans")


@pytest.mark.parametrize("query", ["?status=closed", "?sort=name", "?risk=extreme",
                                   "?borough=not-a-uuid", "?programme=other"])
def test_a_filter_outside_the_choices_is_a_400_with_a_message(app, known_set, query):
    response = _client(app, known_set["lead"]).get("/caseload/" + query)
    assert response.status_code == 400 and "There is a problem" in response.get_data(
        as_text=True)


@pytest.mark.parametrize("sort", ["oldest", "newest", "priority", "risk"])
def test_keyset_pages_forwards_and_back_in_every_sort(app, known_set, monkeypatch, sort):
    monkeypatch.setattr(lists, "PAGE_SIZE", 2)
    client = _client(app, known_set["lead"])
    monkeypatch.setattr(lists, "PAGE_SIZE", 50)
    whole = references(page(client, f"/caseload/?sort={sort}"))
    monkeypatch.setattr(lists, "PAGE_SIZE", 2)
    first = page(client, f"/caseload/?sort={sort}")
    nxt = re.search(r'href="([^"]+)" rel="next"', first).group(1).replace("&amp;", "&")
    second = page(client, nxt)
    assert references(first) + references(second) == whole
    prev = re.search(r'href="([^"]+)" rel="prev"', second).group(1).replace("&amp;", "&")
    assert references(page(client, prev)) == references(first)


def test_the_list_records_in_the_audit_each_case_it_showed(app, known_set):
    client = _client(app, known_set["lead"])
    page(client, "/caseload/mine")
    ours = [c.uuid for c in known_set["cases"].values()]
    shown = db.session.execute(select(AuditEvent.object_uuid, AuditEvent.detail).where(
        AuditEvent.action == "view", AuditEvent.object_uuid.in_(ours))).all()
    assert shown == [(known_set["cases"]["Adeyemi"].uuid, "list: mine")]
    page(client, "/caseload/")  # four at once, with one turn of the chain's head
    assert len(db.session.scalars(select(AuditEvent.seq).where(
        AuditEvent.detail == "list: cases", AuditEvent.object_uuid.in_(ours))).all()) == 4
    assert verify_chain(db.session).ok


def test_a_partner_lists_only_their_organisations_cases(app, known_set, make_user):
    partner = make_user("partner")
    body = page(_client(app, partner), "/caseload/")
    assert references(body) == [] and "Sam" not in body
    assert db.session.scalar(select(Case.id).where(Case.coordinator_id.is_not(None)))

