"""Erasure leaves no copy behind: the custody encounter, stored API answers, the outbox, the
correction history and a programme's own tables (issue 18, finding 3)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from engage.models import CustodyEncounter
from shared.api.models import IdempotencyRecord
from shared.cases.models import Case
from shared.db import utcnow
from shared.extensions import db
from shared.notifications.models import OutboxMessage
from shared.privacy.erasure import erase
from shared.privacy.export import export_for
from shared.privacy.models import Rectification
from shared.privacy.rectify import rectify
from shared.privacy.requests import open_request
from tests.api.conftest import api_as, encounter_body, worker_as  # noqa: F401  fixtures

KEY = {"Idempotency-Key": "erasure-encounter-1"}


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def encounter_case(worker_as):  # noqa: F811  the fixture imported above
    """An accepted ENGAGE encounter sent over the API with an Idempotency-Key, then released."""
    worker = worker_as("Holborn")
    entered = (utcnow().replace(microsecond=0) - timedelta(hours=30)).isoformat()
    made = worker.post("/encounters", encounter_body(entered_at=entered), headers=KEY)
    assert made.status_code == 201, made.get_data(as_text=True)
    released = (utcnow().replace(microsecond=0) - timedelta(hours=26)).isoformat()
    worker.post(f"/encounters/{made.get_json()['id']}/release", {"released_at": released},
                headers={"Idempotency-Key": "erasure-release-1"})
    db.session.expire_all()
    return db.session.scalar(select(Case))


def test_subject_access_shows_the_custody_encounter(encounter_case, dpo):
    request = open_request(encounter_case.person, dpo, utcnow().date())
    data = export_for(request, "json")
    (encounter,) = data["custody_encounters"]
    assert encounter["custody_suite"] == "Holborn" and encounter["parental_consent"] is True
    assert encounter["entered_custody_at"] and encounter["released_at"]
    assert encounter["offence_category"]


def test_erasure_deletes_the_encounter_and_every_stored_api_answer_about_it(encounter_case):
    assert _count(CustodyEncounter) == 1
    assert _count(IdempotencyRecord) == 2
    erase(encounter_case.person)
    db.session.commit()
    # Offence, exact custody times, suite and parental consent leave with the row.
    assert _count(CustodyEncounter) == 0
    assert _count(IdempotencyRecord) == 0


def test_erasure_deletes_outbox_notices_and_the_correction_history(two_people, dpo):
    first, second = two_people
    rectify(first.person, dpo, "phone", "07700 900999", "Typo in the phone number")
    db.session.commit()
    assert _count(OutboxMessage, OutboxMessage.body.contains(first.reference)) > 0
    kept = _count(OutboxMessage, OutboxMessage.body.contains(second.reference))
    erase(first.person)
    db.session.commit()
    assert _count(OutboxMessage, OutboxMessage.body.contains(first.reference)) == 0
    assert _count(OutboxMessage, OutboxMessage.subject.contains(first.reference)) == 0
    assert _count(OutboxMessage, OutboxMessage.body.contains(second.reference)) == kept > 0
    assert _count(Rectification, Rectification.person_id == first.person_id) == 0


def test_erasure_keeps_other_peoples_stored_api_answers(encounter_case, two_people):
    db.session.add(IdempotencyRecord(user_id=two_people[0].referrer_id, key="other",
                                     fingerprint="x", status_code=201,
                                     body=f'{{"reference": "{two_people[0].reference}"}}'))
    db.session.commit()
    erase(encounter_case.person)
    db.session.commit()
    assert _count(IdempotencyRecord) == 1


def test_the_retention_job_purges_stored_api_answers_past_their_24_hours(two_people):
    from shared.clock import today
    from shared.privacy import retention

    user_id = two_people[0].referrer_id
    db.session.add_all([
        IdempotencyRecord(user_id=user_id, key="old", fingerprint="x", status_code=201, body="{}",
                          created_at=utcnow() - timedelta(hours=25)),
        IdempotencyRecord(user_id=user_id, key="new", fingerprint="x", status_code=201, body="{}",
                          created_at=utcnow() - timedelta(hours=1))])
    db.session.commit()
    retention.apply(today())
    assert db.session.scalars(select(IdempotencyRecord.key)).all() == ["new"]
