"""Finding 8 of issue 18 (the DPA 2018 s.62 record): the search says whom it showed, the
rectify and erase pages record a view, and every audited request has its source address."""

from __future__ import annotations

from sqlalchemy import select

from shared.audit.models import AuditEvent
from shared.extensions import db
from tests.privacy.conftest import AMARA_BORN, confirm_identity, dob_fields

ADDRESS = "203.0.113.62"


def _views_since(seq: int, person_uuid) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(
        AuditEvent.seq > seq, AuditEvent.action == "view",
        AuditEvent.object_uuid == person_uuid)))


def _last_seq() -> int:
    return db.session.scalar(select(db.func.max(AuditEvent.seq))) or 0


def test_a_person_search_records_a_view_of_each_person_it_showed(two_people, dpo_client):
    first, second = two_people
    before = _last_seq()
    response = dpo_client.post("/privacy/people", environ_base={"REMOTE_ADDR": ADDRESS}, data={
        "first_name": "Amara", "last_name": "Okonkwo", **dob_fields("date_of_birth",
                                                                    AMARA_BORN)})
    assert response.status_code == 200
    [shown] = _views_since(before, first.person.uuid)
    assert shown.object_type == "person" and shown.detail == "shown in a person search"
    assert shown.source_address == ADDRESS
    assert _views_since(before, second.person.uuid) == []


def test_the_rectify_page_records_a_view(two_people, dpo_client):
    first, _ = two_people
    before = _last_seq()
    page = dpo_client.get(f"/privacy/people/{first.person.uuid}/rectify",
                          environ_base={"REMOTE_ADDR": ADDRESS})
    assert page.status_code == 200
    [view] = _views_since(before, first.person.uuid)
    assert view.detail == "rectify page" and view.source_address == ADDRESS


def test_the_erase_page_records_a_view(two_people, dpo, dpo_client):
    first, _ = two_people
    confirm_identity(dpo_client, dpo)
    before = _last_seq()
    page = dpo_client.get(f"/privacy/people/{first.person.uuid}/erase",
                          environ_base={"REMOTE_ADDR": ADDRESS})
    assert page.status_code == 200
    [view] = _views_since(before, first.person.uuid)
    assert view.detail == "erase page" and view.source_address == ADDRESS


def test_every_event_of_an_audited_request_has_the_source_address(two_people, dpo_client):
    first, _ = two_people
    before = _last_seq()
    dpo_client.get(f"/privacy/people/{first.person.uuid}", environ_base={"REMOTE_ADDR": ADDRESS})
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.seq > before)).all()
    assert events and {e.source_address for e in events} == {ADDRESS}
