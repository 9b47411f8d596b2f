"""Custody encounters over the API: the custody page's rules, suite scoping and idempotency."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from engage.api import ENCOUNTER_LENGTHS
from engage.forms import EncounterForm
from engage.models import CustodyEncounter
from shared.audit.models import AuditEvent
from shared.cases.models import Case
from shared.db import utcnow
from shared.extensions import db
from shared.people.models import Person
from tests.api.conftest import API, encounter_body

KEY = {"Idempotency-Key": "encounter-retry-1"}


def _counts() -> tuple[int, int, int]:
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (CustodyEncounter, Case, Person))


def _ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


def _refused(response, field: str | None, message: str | None = None,
             status: int = 422) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    if field is not None:
        errors = {e["field"]: e["message"] for e in body["errors"]}
        assert field in errors, body["errors"]
        if message is not None:
            assert message in errors[field], errors[field]
    assert _counts() == (0, 0, 0)
    return body


def _at(hours_ago: float) -> str:
    return (utcnow().replace(microsecond=0) - timedelta(hours=hours_ago)).isoformat()


@pytest.fixture
def worker(worker_as):
    """An ENGAGE custody worker at Holborn."""
    return worker_as("Holborn")


def test_an_encounter_goes_from_custody_through_release_to_follow_up(worker):
    made = _ok(worker.post("/encounters", encounter_body(entered_at=_at(30))), 201)
    assert made["programme"] == "engage" and made["age_band"] == "14-17"
    assert made["custody_suite"]["name"] == "Holborn" and made["follow_up_state"] == "in_custody"
    assert made["case"]["reference"] and made["case"]["status"] == "submitted"
    # The encounter answers with coarse values and ids: the names went into the case.
    assert "Zo" not in json.dumps(made) and "Brien" not in json.dumps(made)
    path = f"/encounters/{made['id']}"

    released = _ok(worker.post(f"{path}/release", {"released_at": _at(26)}))
    assert released["follow_up_state"] == "due_today"
    assert released["follow_up_window"]["opens"] < released["follow_up_window"]["closes"]
    met = _ok(worker.post(f"{path}/follow-up", {"meeting_at": _at(1), "held": True}))
    assert (met["follow_up_state"], met["follow_up_held"]) == ("met", True)

    assert _ok(worker.get(path))["follow_up_at"] == met["follow_up_at"]
    assert [e["id"] for e in _ok(worker.get("/encounters"))["items"]] == [made["id"]]
    views = db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "view", AuditEvent.object_uuid == uuid.UUID(made["id"])))
    assert views == 1
    case = db.session.scalar(select(Case))
    assert case.person.first_name == "Zoë" and case.parent_carer["name"] == "Mary O'Brien"
    assert [e.kind for e in case.events] == ["submitted", "released", "follow_up"]


def test_a_declined_offer_keeps_no_name_and_has_no_follow_up(worker):
    made = _ok(worker.post("/encounters", encounter_body(accepted=False)), 201)
    assert made["case"] is None and made["follow_up_state"] is None
    assert made["parental_consent"] is None and _counts() == (1, 0, 0)
    response = worker.post(f"/encounters/{made['id']}/follow-up",
                           {"meeting_at": _at(1), "held": True})
    assert response.status_code == 422
    assert response.get_json()["detail"] == "There is no follow-up for a declined offer"


@pytest.mark.parametrize("age", [9, 18])
def test_an_age_outside_engage_is_refused_with_the_pages_message(worker, age):
    _refused(worker.post("/encounters", encounter_body(age=age)), "age",
             f"ENGAGE is for people aged 10 to 17; the age given is {age}")


def test_a_custody_coach_records_divert_custody_for_18_to_25_only(worker_as):
    coach = worker_as("Brixton", organisation="DIVERT")
    adult = encounter_body("Brixton", age=20, appropriate_adult=None, parent=None)
    _refused(coach.post("/encounters", {**adult, "age": 17}), "age",
             "DIVERT custody is for people aged 18 to 25; the age given is 17")
    made = _ok(coach.post("/encounters", adult), 201)
    assert made["programme"] == "divert_custody" and made["parental_consent"] is None
    assert _ok(coach.get("/custody-suites"))["age_range"] == [18, 25]
    assert db.session.scalar(select(Case)).parent_carer is None


def test_under_sixteen_needs_a_parents_consent_named_on_the_body_field(worker):
    body = encounter_body(age=14)
    body["parent"]["consent"] = False
    _refused(worker.post("/encounters", body), "parent.consent",
             "A child under 16 needs a parent's or carer's consent to the follow-up meeting")
    _refused(worker.post("/encounters", encounter_body(parent=None)), "parent.name",
             "Enter the parent's or carer's name and relationship")


def test_only_your_own_suites_can_be_named(worker):
    _refused(worker.post("/encounters", encounter_body("Brixton")), "custody_suite",
             "Choose one of your custody suites")
    suites = _ok(worker.get("/custody-suites"))
    assert [s["name"] for s in suites["suites"]] == ["Holborn"]
    assert (suites["programme"], suites["age_range"]) == ("engage", [10, 17])


def test_a_release_or_meeting_at_an_impossible_time_is_refused_in_the_pages_words(worker):
    made = _ok(worker.post("/encounters", encounter_body(entered_at=_at(30))), 201)
    path = f"/encounters/{made['id']}"
    meeting = worker.post(f"{path}/follow-up", {"meeting_at": _at(1), "held": True})
    assert meeting.get_json()["errors"] == [{"field": "released_at",
                                             "message": "Record the release time first"}]
    for when, message in ((_at(31), "The release cannot be before they entered custody"),
                          (_at(-1), "The release time cannot be in the future")):
        response = worker.post(f"{path}/release", {"released_at": when})
        assert response.status_code == 422 and response.get_json()["detail"] == message
    db.session.expire_all()
    assert db.session.scalar(select(CustodyEncounter.released_at)) is None


def test_another_suites_worker_gets_404_everywhere_and_it_is_audited(worker, worker_as):
    made = _ok(worker.post("/encounters", encounter_body()), 201)
    other = worker_as("Brixton")
    path = f"/encounters/{made['id']}"
    assert other.get(path).status_code == 404
    assert other.post(f"{path}/release", {"released_at": _at(1)}).status_code == 404
    assert other.post(f"{path}/follow-up", {"meeting_at": _at(1), "held": True}
                      ).status_code == 404
    assert other.get("/encounters").get_json()["items"] == []
    denied = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "access_denied", AuditEvent.object_uuid == uuid.UUID(made["id"])))
    assert [e.actor_uuid for e in denied] == [other.user.uuid] * 3
    db.session.expire_all()
    assert db.session.scalar(select(CustodyEncounter.released_at)) is None


def test_a_worker_at_both_suites_but_another_programme_sees_none(worker, worker_as):
    _ok(worker.post("/encounters", encounter_body()), 201)
    coach = worker_as("Holborn", organisation="DIVERT")
    assert coach.get("/encounters").get_json()["items"] == []


def test_a_retried_encounter_with_its_key_is_recorded_once(worker):
    body = encounter_body()
    first = worker.post("/encounters", body, headers=KEY)
    again = worker.post("/encounters", body, headers=KEY)
    assert first.status_code == again.status_code == 201
    assert first.get_json() == again.get_json() and again.headers["Idempotent-Replayed"] == "true"
    assert _counts() == (1, 1, 1)
    made = first.get_json()["id"]
    release = {"released_at": _at(2)}
    one = worker.post(f"/encounters/{made}/release", release, headers={
        "Idempotency-Key": "release-1"})
    two = worker.post(f"/encounters/{made}/release", release, headers={
        "Idempotency-Key": "release-1"})
    assert one.get_json() == two.get_json() and two.headers["Idempotent-Replayed"] == "true"
    assert [e.kind for e in db.session.scalar(select(Case)).events] == ["submitted", "released"]


def test_cursor_pagination_walks_every_encounter_once(worker):
    made = {_ok(worker.post("/encounters", encounter_body(entered_at=_at(hours))), 201)["id"]
            for hours in (1, 2, 3, 3, 4)}
    seen, link = [], "/encounters?limit=2"
    while link:
        page = _ok(worker.get(link))
        seen += [e["id"] for e in page["items"]]
        link = page["next"] and page["next"].removeprefix(API)
    assert sorted(seen) == sorted(made) and len(seen) == 5


SQL = "Robert'); DROP TABLE custody_encounters;-- \" OR 1=1"


@pytest.mark.parametrize(("overrides", "field"), [
    ({"entered_at": "2026-11-25T14:30:00"}, "entered_at"),
    ({"entered_at": "25/11/2026 14:30"}, "entered_at"),
    ({"entered_at": "yesterday"}, "entered_at"),
    ({"age": "15"}, "age"),
    ({"age": 10**30}, "age"),
    ({"episode": SQL}, "episode"),
    ({"custody_suite": SQL}, "custody_suite"),
    ({"borough": "00000000-0000-4000-8000-000000000000"}, "borough"),
    ({"first_name": "Zo\x00ë"}, "first_name"),
    ({"first_name": "A" * 101}, "first_name"),
    ({"programme": "divert_custody"}, "programme"),
    ({"case": "someone else's"}, "case"),
    ({"recorded_by": 1}, "recorded_by"),
])
def test_hostile_json_is_refused_naming_the_field_and_nothing_is_stored(worker, overrides,
                                                                       field):
    _refused(worker.post("/encounters", encounter_body(**overrides)), field)


def test_an_entry_time_in_the_future_is_refused_in_the_pages_words(worker):
    _refused(worker.post("/encounters", encounter_body(entered_at=_at(-2))), "entered_at",
             "The time they entered custody cannot be in the future")


def test_sql_and_markup_in_names_are_stored_literally_and_never_echoed(worker):
    made = worker.post("/encounters", encounter_body(first_name=SQL, last_name="<script>"))
    assert made.status_code == 201 and "DROP" not in made.get_data(as_text=True)
    person = db.session.scalar(select(Case)).person
    assert (person.first_name, person.last_name) == (SQL, "<script>")


@pytest.mark.parametrize(("raw", "status"), [(b"{", 400), (b"\xff\xfe{}", 400), (b"[]", 422)])
def test_malformed_json_is_refused(worker, raw, status):
    response = worker.client.post(f"{API}/encounters", data=raw, csrf=False,
                                  headers=worker.headers({"Content-Type": "application/json"}))
    _refused(response, None, status=status)


def test_a_ten_megabyte_body_is_refused_as_too_large(worker):
    body = json.dumps(encounter_body(first_name="A" * 10_000_000))
    response = worker.client.post(f"{API}/encounters", data=body, csrf=False,
                                  headers=worker.headers({"Content-Type": "application/json"}))
    _refused(response, None, status=413)


@pytest.mark.parametrize("name", list(ENCOUNTER_LENGTHS))
def test_the_api_accepts_the_same_lengths_as_the_custody_page(name, app):
    field = getattr(EncounterForm, name)
    limits = [v.max for v in field.kwargs["validators"] if getattr(v, "max", -1) > 0]
    assert limits == [ENCOUNTER_LENGTHS[name]]


def test_the_openapi_document_describes_the_encounter_operations(anonymous):
    document = _ok(anonymous.get("/openapi.json"))
    paths = document["paths"]
    assert {"post", "get"} <= set(paths["/api/v1/encounters"])
    assert {"/api/v1/encounters/{encounter_id}/release", "/api/v1/custody-suites",
            "/api/v1/encounters/{encounter_id}/follow-up"} <= set(paths)
    create = paths["/api/v1/encounters"]["post"]
    assert "Idempotency-Key" in [p["name"] for p in create["parameters"]]
    assert create["description"] == "Roles: custody_worker"
    schemas = document["components"]["schemas"]
    assert {"EncounterRequest", "Encounter", "ReleaseRequest", "FollowUpRequest"} <= set(schemas)
    assert schemas["EncounterRequest"]["properties"]["entered_at"]["format"] == "date-time"
