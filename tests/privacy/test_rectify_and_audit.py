"""Rectification with sealed history, the audit viewer, and hostile input on the search forms."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from shared.audit import services as audit
from shared.audit.models import AuditEvent
from shared.clock import LONDON
from shared.clock import today as london_today
from shared.extensions import db
from shared.people.models import Person
from shared.privacy.models import Rectification
from tests.conftest import AuthActions
from tests.privacy.conftest import AMARA_BORN, dob_fields

CORRECTED_BIRTH = AMARA_BORN + timedelta(days=1)


def test_the_dpo_corrects_a_field_and_the_old_value_is_kept_sealed(two_people, dpo,
                                                                   dpo_client):
    first = two_people[0]
    path = f"/privacy/people/{first.person.uuid}/rectify"
    response = dpo_client.post(path, data={"field": "last_name", "new_value": "Okonkwo-Bello",
                                           "reason": "Double-barrelled surname"})
    assert response.status_code == 302
    db.session.expire_all()
    person = db.session.get(Person, first.person_id)
    assert person.last_name == "Okonkwo-Bello"
    row = db.session.scalar(select(Rectification).where(Rectification.person_id == person.id))
    assert (row.old_value, row.reason, row.changed_by_id) == (
        "Okonkwo", "Double-barrelled surname", dpo.id)
    assert b"Okonkwo" not in row._old_value and row.field_key().key_id == \
        person.field_key().key_id
    page = dpo_client.get(path).get_data(as_text=True)
    assert "Double-barrelled surname" in page
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.object_uuid == person.uuid, AuditEvent.action == "change"))
    assert event.detail == "fields: last_name"


def test_a_date_of_birth_correction_and_a_missing_reason(two_people, dpo_client):
    first = two_people[0]
    path = f"/privacy/people/{first.person.uuid}/rectify"
    assert dpo_client.post(path, data={"field": "date_of_birth", "reason": "",
                                       **dob_fields("new_date", CORRECTED_BIRTH)}
                           ).status_code == 400
    assert dpo_client.post(path, data={"field": "date_of_birth", "reason": "Wrong day",
                                       **dob_fields("new_date", date(2099, 3, 10))}
                           ).status_code == 400
    assert dpo_client.post(path, data={"field": "date_of_birth", "reason": "Wrong day",
                                       **dob_fields("new_date", CORRECTED_BIRTH)}
                           ).status_code == 302
    db.session.expire_all()
    assert db.session.get(Person, first.person_id).date_of_birth == CORRECTED_BIRTH
    row = db.session.scalar(select(Rectification))
    assert row.old_value == AMARA_BORN.isoformat()


def test_a_coordinator_may_rectify_only_people_of_cases_in_their_scope(app, make_user,
                                                                       two_people):
    coordinator = app.test_client()
    AuthActions(coordinator).login(make_user("coordinator"))
    path = f"/privacy/people/{two_people[0].person.uuid}/rectify"
    assert coordinator.get(path).status_code == 200
    engage = app.test_client()
    AuthActions(engage).login(make_user("coordinator", organisation="ENGAGE"))
    assert engage.get(path).status_code == 404


def test_the_audit_viewer_finds_events_by_person_user_action_and_dates(two_people, dpo,
                                                                       dpo_client, staff):
    first, second = two_people
    response = dpo_client.post("/privacy/audit", data={
        "first_name": "Amara", "last_name": "Okonkwo", **dob_fields("date_of_birth",
                                                                    AMARA_BORN),
        "action": "disclose", **dob_fields("date_from", london_today()),
        **dob_fields("date_to", london_today())})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "1 event" in page
    assert str(first.uuid) in page and str(second.uuid) not in page
    page = dpo_client.post("/privacy/audit", data={"user_email": dpo.email.upper()}
                           ).get_data(as_text=True)
    assert "login" in page and str(staff[1].uuid) not in page
    # Who: the person's name and role, not a role and a UUID.
    assert f"{dpo.full_name}<br><span class=\"govuk-body-s\">Data protection officer, " in page
    page = dpo_client.post("/privacy/audit", data={"organisation": "AITC"}).get_data(as_text=True)
    assert "AITC" in page
    assert "Intact" in dpo_client.get("/privacy/audit").get_data(as_text=True)
    # When: London's clock, to the second (the order within a minute matters in an audit).
    page = dpo_client.post("/privacy/audit", data={"user_email": dpo.email}).get_data(as_text=True)
    assert re.search(r">\d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2}:\d{2}</td>", page)
    searches = db.session.scalars(select(AuditEvent).where(
        AuditEvent.object_type == "audit_log", AuditEvent.actor_uuid == dpo.uuid)).all()
    assert len(searches) == 4


def test_the_audit_viewer_pages_through_results(dpo_client, dpo):
    for _ in range(60):
        audit.record("view", "audit_log", actor=dpo, detail="paging test")
    db.session.commit()
    first = dpo_client.post("/privacy/audit", data={"user_email": dpo.email})
    text = first.get_data(as_text=True)
    assert first.status_code == 200 and "Page 1 of 2" in text and "Next page" in text
    second = dpo_client.post("/privacy/audit", data={"user_email": dpo.email, "page": "2"})
    text = second.get_data(as_text=True)
    assert "Page 2 of 2" in text and "Previous page" in text and "Next page" not in text
    beyond = dpo_client.post("/privacy/audit", data={"user_email": dpo.email, "page": "999"})
    assert "Page 2 of 2" in beyond.get_data(as_text=True)


HOSTILE = [
    {"first_name": "x' OR '1'='1", "last_name": "'; DROP TABLE people; --",
     **dob_fields("date_of_birth", AMARA_BORN)},
]


@pytest.mark.parametrize("data", [
    {"first_name": "Am\x00ara", "last_name": "Okonkwo", **dob_fields("date_of_birth",
                                                                     AMARA_BORN)},
    {"first_name": "A" * 101, "last_name": "Okonkwo", **dob_fields("date_of_birth",
                                                                   AMARA_BORN)},
    {"first_name": "Amara", "last_name": "Okonkwo", "date_of_birth": ["31", "2", "2007"]},
    {"first_name": "Amara", "last_name": "Okonkwo", "date_of_birth": ["x", "y", "z"]},
    {"first_name": "Amara", "last_name": "Okonkwo", "date_of_birth": ["1", "1", "99999"]},
    {"first_name": "", "last_name": "", "date_of_birth": ["", "", ""]},
], ids=["nul", "over-long", "31-february", "letters", "year-99999", "empty"])
def test_hostile_person_searches_answer_400_with_a_message(two_people, dpo_client, data):
    for path in ("/privacy/people", "/privacy/audit"):
        response = dpo_client.post(path, data=data)
        if path == "/privacy/audit" and data["first_name"] == "":
            assert response.status_code == 200  # an empty audit search is allowed
            continue
        assert response.status_code == 400, (path, data)
        assert "govuk-error-summary" in response.get_data(as_text=True)


def test_sql_metacharacters_in_the_search_find_nothing_and_break_nothing(two_people,
                                                                        dpo_client):
    for data in HOSTILE:
        response = dpo_client.post("/privacy/people", data=data)
        assert response.status_code == 200
        assert "0 people found" in response.get_data(as_text=True)
        response = dpo_client.post("/privacy/audit", data={**data, "user_email": "a'--@x"})
        assert response.status_code == 200 and "0 events" in response.get_data(as_text=True)
    assert db.session.scalar(select(Person).where(Person.id == two_people[0].person_id))


def test_the_search_needs_csrf_and_keeps_names_out_of_urls(dpo_client):
    response = dpo_client.post("/privacy/people", csrf=False, data={
        "first_name": "Amara", "last_name": "Okonkwo",
        **dob_fields("date_of_birth", AMARA_BORN)})
    assert response.status_code == 400
    page = dpo_client.get("/privacy/people").get_data(as_text=True)
    assert 'method="post"' in page
    assert dpo_client.get("/privacy/people?last_name=Okonkwo").get_data(as_text=True).count(
        "Okonkwo") == 0


def test_the_dpo_home_and_menu_link_to_the_privacy_pages(dpo_client):
    page = dpo_client.get("/").get_data(as_text=True)
    for path in ("/privacy/requests", "/privacy/people", "/privacy/retention", "/privacy/audit"):
        assert f'href="{path}"' in page


def test_the_audit_viewers_dates_are_londons_calendar_days(dpo, dpo_client):
    # 00:30 on 1 July in London is 23:30 on 30 June in UTC; 23:30 on 30 June in London is
    # still 30 June.
    inside, outside = uuid.uuid4(), uuid.uuid4()
    for moment, object_uuid in ((datetime(2027, 7, 1, 0, 30, tzinfo=LONDON), inside),
                                (datetime(2027, 6, 30, 23, 30, tzinfo=LONDON), outside)):
        with time_machine.travel(moment, tick=False):
            audit.record("view", "case", object_uuid, actor=dpo)
    db.session.commit()
    page = dpo_client.post("/privacy/audit", data={
        "user_email": dpo.email, **dob_fields("date_from", date(2027, 7, 1)),
        **dob_fields("date_to", date(2027, 7, 1))}).get_data(as_text=True)
    assert str(inside) in page and str(outside) not in page
