"""Coverage equals PCD 1295's table; reports suppress small numbers; admins assign suites."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from engage import coverage, reports
from engage.models import CustodyEncounter
from shared.db import utcnow
from shared.extensions import db
from shared.reference.models import SuiteAssignment
from shared.reference.services import load_reference_data
from tests.conftest import AuthActions
from tests.engage.conftest import suite


def test_coverage_2022_23_is_18_boroughs_in_7_bcus_delivering():
    counts = coverage.counts("2022-23")
    assert counts["delivering"] == {"boroughs": 18, "bcus": 7}
    assert counts["absent"] == {"boroughs": 14, "bcus": 5}
    delivering = {g.bcu.code for g in coverage.by_bcu("2022-23") if g.status == "delivering"}
    assert delivering == {"NA", "CN", "EA", "SN", "AS", "SE", "NW"}


def test_coverage_2023_24_is_all_32_boroughs_in_12_bcus_planned():
    assert coverage.counts("2023-24")["planned"] == {"boroughs": 32, "bcus": 12}


def test_the_loader_is_idempotent_and_keeps_an_admins_edit():
    row = coverage.by_bcu("2022-23")[0].rows[0]
    coverage.change_status(row, "planned")
    assert load_reference_data()["engage_coverage"] == 0
    db.session.refresh(row)
    assert row.status == "planned"


def test_coordinators_and_analysts_see_coverage_and_admins_edit_it(app, make_user):
    for role in ("coordinator", "analyst"):
        client = app.test_client()
        AuthActions(client).login(make_user(role))
        page = client.get("/engage/coverage").get_data(as_text=True)
        assert "Delivering: 18 boroughs in 7 BCUs" in page and "Change<" not in page
    client = app.test_client()
    AuthActions(client).login(make_user("admin"))
    row = coverage.by_bcu("2022-23")[-1].rows[0]
    url = f"/engage/coverage/2022-23/{row.borough.uuid}"
    assert client.post(url, data={"status": "bogus"}).status_code == 400
    assert client.post(url, data={"status": "delivering"}).status_code == 302
    assert coverage.counts("2022-23")["delivering"]["boroughs"] == 19
    assert client.post("/engage/coverage/years", data={"year": "2024-25"}).status_code == 302
    assert client.post("/engage/coverage/years", data={"year": "2024-26"}).status_code == 400
    assert coverage.counts("2024-25")["absent"] == {"boroughs": 32, "bcus": 12}


def test_custody_workers_cannot_see_coverage_or_reports(worker, client):
    assert client.get("/engage/coverage").status_code == 403
    assert client.get("/engage/reports").status_code == 403


def _encounters(n_accepted: int, n_declined: int, suite_name: str = "Holborn") -> None:
    at = utcnow() - timedelta(days=3)
    s = suite(suite_name)
    import uuid
    for accepted in [True] * n_accepted + [False] * n_declined:
        db.session.add(CustodyEncounter(
            submission_id=uuid.uuid4(), programme="engage", custody_suite=s, bcu=s.bcu,
            entered_at=at, age_band="14-17", accepted=accepted, episode="first",
            offence_category="theft", liaison_diversion=False,
            released_at=at + timedelta(hours=2) if accepted else None,
            follow_up_at=at + timedelta(hours=30) if accepted else None,
            follow_up_held=True if accepted else None))
    db.session.commit()


def test_take_up_hides_counts_of_one_to_four_and_the_rate_they_would_reveal():
    _encounters(49, 1)
    report = reports.take_up("engage")
    row = report.table.rows[0]
    assert row["cells"][1] == "<5" and row["cells"][0] != 49  # secondary suppression
    assert report.rates[0] is None


def test_take_up_rate_shows_when_every_count_is_five_or_more():
    _encounters(45, 5)
    report = reports.take_up("engage")
    assert report.table.rows[0]["cells"] == [45, 5, 50] and report.rates[0] == "90%"


def test_the_48_hour_rate_is_per_suite_and_bcu():
    _encounters(6, 0)
    rates = reports.follow_up_rates("engage")
    assert rates["suite"].table.rows[0]["label"] == "Holborn"
    assert rates["bcu"].table.rows[0]["label"] == "Central North (CN)"
    assert rates["suite"].rates[0] == "100%"


def test_the_reports_page_shows_suppressed_cells(app, make_user):
    _encounters(49, 1)
    client = app.test_client()
    AuthActions(client).login(make_user("analyst"))
    page = client.get("/engage/reports").get_data(as_text=True)
    take_up = page[page.index('data-testid="take_up"'):page.index('data-testid="follow_up_suite"')]
    assert "&lt;5" in take_up and "[c]" in take_up and ">49<" not in take_up


def test_an_admin_assigns_custody_suites_to_a_custody_worker_only(app, make_user):
    worker, officer = make_user("custody_worker"), make_user("officer")
    client = app.test_client()
    AuthActions(client).login(make_user("admin"))
    assert "custody-suites" in client.get(f"/admin/users/{worker.uuid}").get_data(as_text=True)
    url = f"/admin/users/{worker.uuid}/suites"
    wanted = [str(suite("Holborn").uuid), str(suite("Brixton").uuid)]
    assert client.post(url, data={"suites": wanted}).status_code == 302
    names = {a.custody_suite.name for a in db.session.scalars(select(SuiteAssignment))}
    assert names == {"Holborn", "Brixton"}
    assert client.post(url, data={"suites": ["not-a-suite"]}).status_code == 400
    assert client.get(f"/admin/users/{officer.uuid}/suites").status_code == 404
