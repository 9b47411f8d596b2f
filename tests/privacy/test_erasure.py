"""Erasure: a second confirmation, crypto-shredding, nothing readable after, statistics kept."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from shared.audit.models import AuditEvent
from shared.cases.models import Case, CaseEvent, Contact, Handoff
from shared.cases.plan_models import Action, Goal
from shared.clock import today as london_today
from shared.crypto.datakeys import unwrap
from shared.crypto.errors import DataKeyErasedError
from shared.crypto.fields import ERASED, Encrypted
from shared.extensions import db
from shared.people.models import Person
from shared.people.services import find_possible_duplicates
from shared.privacy.models import ErasureLog, Rectification
from shared.privacy.rectify import rectify
from tests.conftest import AuthActions
from tests.privacy.conftest import AMARA_BORN, confirm_identity, dob_fields

REASON = "Article 17 request: consent withdrawn"
SEALED_MODELS = (Person, Case, CaseEvent, Handoff, Contact, Goal, Action, Rectification)


def _statistics() -> list[tuple]:
    return db.session.execute(
        select(Case.status, Case.programme, Case.age_band, Person.age_band, Person.gender,
               Person.ethnicity_group, Case.borough_id, func.count())
        .join(Person, Person.id == Case.person_id)
        .group_by(Case.status, Case.programme, Case.age_band, Person.age_band, Person.gender,
                  Person.ethnicity_group, Case.borough_id)
        .order_by(Case.status, Case.programme, Case.age_band)).all()


def _erase_through_the_page(client, dpo, case):
    confirm_identity(client, dpo)
    return client.post(f"/privacy/people/{case.person.uuid}/erase",
                       data={"confirmation": case.reference, "reason": REASON})


def _rows_of(person_id: int) -> list:
    case_ids = select(Case.id).where(Case.person_id == person_id)
    queries = [
        select(Person).where(Person.id == person_id),
        select(Case).where(Case.person_id == person_id),
        select(CaseEvent).where(CaseEvent.case_id.in_(case_ids)),
        select(Handoff).where(Handoff.case_id.in_(case_ids)),
        select(Contact).where(Contact.case_id.in_(case_ids)),
        select(Goal).where(Goal.case_id.in_(case_ids)),
        select(Action).join(Goal).where(Goal.case_id.in_(case_ids)),
        select(Rectification).where(Rectification.person_id == person_id),
    ]
    return [row for query in queries for row in db.session.scalars(query)]


def _sealed_fields(model) -> list[str]:
    return [name for klass in model.__mro__ for name, value in vars(klass).items()
            if isinstance(value, Encrypted)]


def test_erasure_needs_re_authentication_and_a_second_confirmation(two_people, dpo, dpo_client):
    first = two_people[0]
    path = f"/privacy/people/{first.person.uuid}/erase"
    assert dpo_client.get(path).headers["Location"].startswith("/account/confirm")
    confirm_identity(dpo_client, dpo)
    assert dpo_client.get(path).status_code == 200
    assert dpo_client.post(path, data={"confirmation": "erase", "reason": REASON}
                           ).status_code == 400
    assert dpo_client.post(path, data={"confirmation": two_people[1].reference,
                                       "reason": REASON}).status_code == 400
    assert dpo_client.post(path, data={"confirmation": "ERASE"}).status_code == 400  # no reason
    db.session.refresh(first.person)
    assert not first.person.is_erased
    assert dpo_client.post(path, data={"confirmation": "ERASE", "reason": REASON,
                                       "request_reference": "LTR-2026-114"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Person, first.person_id).is_erased
    # DPA 2018 s.62: the log says on what request and why, as typed.
    log = db.session.scalar(select(ErasureLog).where(ErasureLog.person_uuid == first.person.uuid))
    assert (log.rule, log.request_reference, log.reason) == ("request", "LTR-2026-114", REASON)


def test_after_erasure_no_field_of_theirs_can_be_decrypted_from_the_raw_rows(
        two_people, dpo, dpo_client, make_user):
    first, second = two_people
    rectify(first.person, dpo, "phone", "07700 900999", "Typo in the phone number")
    db.session.commit()
    person_id, other_id = first.person_id, second.person_id
    assert _erase_through_the_page(dpo_client, dpo, first).status_code == 302
    db.session.expunge_all()
    rows = _rows_of(person_id)
    # The correction history goes altogether: not even which field changed, and when, stays.
    assert {type(r) for r in rows} == set(SEALED_MODELS) - {Rectification}
    checked = 0
    for row in rows:
        for name in _sealed_fields(type(row)):
            assert getattr(row, name) is ERASED or getattr(row, f"_{name}") is None
            checked += 1
        with pytest.raises(DataKeyErasedError):
            row.field_key()
    assert checked > 20
    person = db.session.get(Person, person_id)
    with pytest.raises(DataKeyErasedError):
        unwrap(person.data_key)
    assert person.data_key.wrapped is None and person.surname_dob_index is None
    # The other person is untouched.
    other = db.session.get(Person, other_id)
    assert other.first_name == "Bartholomew"


def test_after_erasure_every_page_for_the_person_answers_404_or_erased(
        app, two_people, dpo, dpo_client, staff):
    first = two_people[0]
    open_request = dpo_client.post("/privacy/requests", data={
        "person": str(first.person.uuid), **dob_fields("received_on", london_today())})
    sar_path = open_request.headers["Location"]
    _erase_through_the_page(dpo_client, dpo, first)
    person_paths = [f"/privacy/people/{first.person.uuid}",
                    f"/privacy/people/{first.person.uuid}/rectify",
                    f"/privacy/people/{first.person.uuid}/erase",
                    f"{sar_path}/export.json", f"{sar_path}/export"]
    for path in person_paths:
        assert dpo_client.get(path).status_code == 404, path
    assert "erased" in dpo_client.get(sar_path).get_data(as_text=True)
    found = dpo_client.post("/privacy/people", data={
        "first_name": "Amara", "last_name": "Okonkwo", **dob_fields("date_of_birth",
                                                                    AMARA_BORN)})
    assert "0 people found" in found.get_data(as_text=True)
    assert find_possible_duplicates("Amara", "Okonkwo", AMARA_BORN) == []
    _, coordinator, partner = staff
    for user, lists in ((coordinator, "/cases/"), (partner, "/partner/cases")):
        client = app.test_client()
        AuthActions(client).login(user)
        page = client.get(f"/cases/{first.uuid}")
        text = page.get_data(as_text=True)
        assert page.status_code in (200, 404)
        if page.status_code == 200:
            assert "have been erased" in text
        for page_text in (text, client.get(lists).get_data(as_text=True)):
            for secret in ("Amara", "Okonkwo", "Amara-only concern",
                           f"Contact with {first.reference}", f"Goal for {first.reference}"):
                assert secret not in page_text


def test_statistics_are_unchanged_by_erasure(two_people, dpo, dpo_client):
    before = _statistics()
    _erase_through_the_page(dpo_client, dpo, two_people[0])
    _erase_through_the_page(dpo_client, dpo, two_people[1])
    db.session.expire_all()
    assert _statistics() == before
    assert db.session.scalar(select(func.count()).select_from(Case)) == 2


def test_the_erasure_is_logged_and_audited_without_personal_data(two_people, dpo, dpo_client):
    first = two_people[0]
    _erase_through_the_page(dpo_client, dpo, first)
    log = db.session.scalar(select(ErasureLog).where(ErasureLog.person_uuid == first.person.uuid))
    assert log.case_references == first.reference and log.rule == "request"
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "erase", AuditEvent.object_uuid == first.person.uuid))
    assert event.actor_uuid == dpo.uuid and "Amara" not in (event.detail or "")
