"""The caseload on the API: lists with names and filters, search within scope, bulk assignment."""

from __future__ import annotations

from sqlalchemy import select

from shared.audit.models import AuditEvent
from shared.extensions import db
from tests.factories import born_years_ago, organisation, planned_case, refer


def test_the_list_filters_sorts_pages_and_audits(api_as, make_user):
    officer, lead = make_user("officer"), make_user("coordinator")
    cases = [refer(officer, last_name=name) for name in ("Abara", "Bello", "Cole")]
    api = api_as("coordinator", user=lead)
    first = api.get("/caseload?limit=2&sort=newest")
    assert first.status_code == 200, first.get_json()
    body = first.get_json()
    assert [i["reference"] for i in body["items"]] == [c.reference for c in cases[::-1][:2]]
    assert body["items"][0]["name"] == "Zoë Cole" and body["total"] == "3"
    second = api.get(body["next"].removeprefix("/api/v1")).get_json()
    assert [i["reference"] for i in second["items"]] == [cases[0].reference]
    back = api.get(second["previous"].removeprefix("/api/v1")).get_json()
    assert [i["reference"] for i in back["items"]] == [c.reference for c in cases[::-1][:2]]
    assert api.get("/caseload?assigned=me").get_json()["items"] == []
    assert api.get("/caseload?risk=extreme").status_code == 422
    assert api.get("/caseload?view=archive").status_code == 422
    assert api.get("/caseload?colour=red").status_code == 422
    assert db.session.scalar(select(AuditEvent.detail).where(
        AuditEvent.object_uuid == cases[0].uuid, AuditEvent.action == "view")) == "list: api"


def test_search_finds_a_mistyped_surname_and_never_crosses_organisations(api_as, make_user):
    officer, lead = make_user("officer"), make_user("coordinator")
    dob = born_years_ago(16)
    case = planned_case(officer, lead)
    case.person.first_name, case.person.last_name, case.person.date_of_birth = (
        "Ada", "Nwachukwu", dob)
    from shared.cases import services

    services.hand_off(case, lead, organisation("AITC"), "Fits")
    db.session.commit()
    coordinator = api_as("coordinator", user=lead)
    hits = coordinator.get("/caseload/search?surname=Nwachukuw").get_json()["items"]
    assert [h["reference"] for h in hits] == [case.reference]
    exact = f"/caseload/search?surname=Nwachukwu&first_name=Ada&date_of_birth={dob}"
    assert len(api_as("partner").get(exact).get_json()["items"]) == 1
    other = api_as("partner", organisation="ENGCAM").get(exact)
    assert other.status_code == 200 and other.get_json()["items"] == []
    assert api_as("analyst").get(exact).status_code == 403
    assert coordinator.get("/caseload/search").status_code == 422


def test_bulk_assignment_through_the_api(api_as, make_user):
    officer, lead, colleague = make_user("officer"), make_user("coordinator"), \
        make_user("coordinator")
    cases = [refer(officer) for _ in range(2)]
    api = api_as("coordinator", user=lead)
    answer = api.post("/caseload/assign", {"cases": [str(c.uuid) for c in cases],
                                                  "assignee": str(colleague.uuid)})
    assert answer.status_code == 200 and answer.get_json() == {"assigned": 2}
    team = api.get("/caseload/team").get_json()["items"]
    assert {t["worker"]: t["open_cases"] for t in team}[colleague.full_name] == 2
    outsider = make_user("coordinator", organisation="ENGAGE")
    refused = api.post("/caseload/assign", {"cases": [str(cases[0].uuid)],
                                                   "assignee": str(outsider.uuid)})
    assert refused.status_code == 422
