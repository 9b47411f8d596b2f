"""Long queues come a page at a time, in order, with next and previous links that keep order."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from shared.cases import queries, services
from shared.extensions import db
from shared.partners import services as partner_services
from shared.reference.models import Organisation
from tests.cases.test_journey_pages import _client
from tests.factories import planned_case, refer


@pytest.fixture
def small_pages(monkeypatch):
    """Pages of three cases, so a handful of cases spans several pages."""
    monkeypatch.setattr(queries, "PAGE_SIZE", 3)


def _waiting(officer, count: int) -> list[str]:
    cases = [refer(officer) for _ in range(count)]
    for n, case in enumerate(cases):  # distinct, known ages, oldest first
        case.submitted_at -= timedelta(days=30 - n)
    db.session.commit()
    return [case.reference for case in cases]


def _references(page: str) -> list[str]:
    return re.findall(r'>((?:DV|EN)-[0-9A-Z]{4}-[0-9A-Z]{2})</a>', page)


def _link(page: str, rel: str) -> str | None:
    found = re.search(rf'href="([^"]+)" rel="{rel}"', page)
    return found.group(1).replace("&amp;", "&") if found else None


def test_the_triage_queue_pages_oldest_first_with_next_and_previous_links(app, make_user,
                                                                         small_pages):
    coordinator = make_user("coordinator")
    references = _waiting(make_user("officer"), 7)
    client = _client(app, coordinator)
    first = client.get("/cases/").get_data(as_text=True)
    assert _references(first) == references[:3]
    assert "Awaiting triage (7), oldest first" in first and _link(first, "prev") is None
    second = client.get(_link(first, "next")).get_data(as_text=True)
    assert _references(second) == references[3:6]
    third = client.get(_link(second, "next")).get_data(as_text=True)
    assert _references(third) == references[6:] and _link(third, "next") is None
    back = client.get(_link(third, "prev")).get_data(as_text=True)
    assert _references(back) == references[3:6]
    assert _references(client.get(_link(back, "prev")).get_data(as_text=True)) == \
        references[:3]


def test_a_page_position_outside_the_users_scope_or_malformed_shows_the_first_page(
        app, make_user, small_pages):
    references = _waiting(make_user("officer"), 4)
    engage_coordinator = make_user("coordinator", organisation="ENGAGE")
    hidden = db.session.scalar(select(queries.Case.uuid).limit(1))
    assert queries.triage_queue(engage_coordinator).total == 0
    client = _client(app, make_user("coordinator"))
    for position in (uuid.uuid4(), "not-a-uuid", "1"):
        page = client.get(f"/cases/?awaiting_after={position}").get_data(as_text=True)
        assert _references(page) == references[:3]
    other = _client(app, engage_coordinator)
    assert _references(other.get(f"/cases/?awaiting_after={hidden}").get_data(
        as_text=True)) == []


def test_open_cases_page_by_priority_then_age_and_each_list_keeps_its_own_place(
        app, make_user, small_pages):
    officer, coordinator = make_user("officer"), make_user("coordinator")
    cases = [refer(officer) for _ in range(8)]
    for n, case in enumerate(cases):
        case.submitted_at -= timedelta(days=30 - n)
        if n < 4:
            services.triage(case, coordinator, "accept", "medium", 3 - n % 3)
    db.session.commit()
    expected = [c.reference for c in sorted(cases[:4], key=lambda c: (c.priority,
                                                                       c.submitted_at))]
    client = _client(app, coordinator)
    first = client.get("/cases/").get_data(as_text=True)
    assert _references(first) == [c.reference for c in cases[4:7]] + expected[:3]
    awaiting_next = _link(first, "next")
    moved = client.get(awaiting_next).get_data(as_text=True)
    assert _references(moved) == [cases[7].reference, *expected[:3]]


def test_the_partner_caseload_pages_and_counts_waiting_hand_offs(make_user, small_pages):
    coordinator, partner = make_user("coordinator"), make_user("partner")
    aitc = db.session.scalar(select(Organisation).where(Organisation.code == "AITC"))
    officer = make_user("officer")
    handed = []
    for n in range(5):
        case = planned_case(officer, coordinator)
        case.submitted_at -= timedelta(days=30 - n)
        services.hand_off(case, coordinator, aitc, "Football")
        handed.append(case)
    db.session.commit()
    first = partner_services.caseload(partner)
    assert first["pending"] == handed[:3] and first["pending"].total == 5
    assert first["active"] == [] and partner_services.pending_count(partner) == 5
    after = str(first["pending"].next_after)
    second = partner_services.caseload(partner, {"pending_after": after})["pending"]
    assert second == handed[3:] and second.next_after is None
    assert partner_services.caseload(partner, {"pending_before": str(second.previous_before)}
                             )["pending"] == handed[:3]
