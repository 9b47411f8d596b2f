"""`demo load` reproduces every figure of PCD 1295, through the real services, exactly once."""

from __future__ import annotations

from sqlalchemy import func, select

from divert.training import coverage, survey
from divert.training.models import StrandStaff, SurveyResponse, TrainingRecord, TrainingSession
from shared.audit.models import AuditEvent
from shared.auth.models import User
from shared.cases.models import Case, Contact, Handoff
from shared.cases.scoping import scoped_cases
from shared.extensions import db
from shared.partners import services as partner_services
from shared.people.models import Person
from shared.seams import labels
from tests.conftest import AuthActions

COUNTED = (Case, Person, Handoff, Contact, TrainingRecord, StrandStaff, TrainingSession,
           SurveyResponse, User)


def _counts() -> dict[str, int]:
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in COUNTED}


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def _assert_pcd_figures() -> None:
    coordinator = _user("coordinator@demo.test")
    cases = db.session.scalars(scoped_cases(coordinator)).unique().all()
    assert len(cases) == 26 and {c.programme for c in cases} == {"divert_app"}
    # "11 continue to engage: 5 with Arsenal in the Community, 6 with ENGAGE Camden".
    assert len(partner_services.caseload(_user("partner@demo.test"))["active"]) == 5
    assert len(partner_services.caseload(_user("partner.camden@demo.test"))["active"]) == 6
    statuses = sorted(c.status for c in cases)
    assert statuses.count("engaged") == 11
    assert {"submitted", "declined", "no_further_action", "accepted", "plan_agreed",
            "handed_off", "closed"} <= set(statuses)
    rows = {row.label: (row.trained, row.staff, row.percentage)
            for row in coverage.strand_coverage()}
    assert rows["Neighbourhood"] == (422, 490, "86%")
    assert rows["Local Investigation and Public Protection (CID)"] == (168, 375, "45%")
    assert rows["All strands"][0] == 668
    assert rows["Custody"][0] + rows["Other"][0] == 78
    summary = survey.feedback_summary()
    assert (summary.responses, summary.trained) == (236, 668)
    assert (summary.training_average, summary.app_average) == ("4.82", "4.68")
    assert all(s.responses <= s.attendees for s in summary.sessions)
    assert sum(s.attendees for s in summary.sessions) == 668


def test_demo_load_reproduces_the_pcd_1295_figures_and_a_rerun_adds_nothing(
        app, run_cli, demo_accounts):
    first = run_cli("demo", "load")
    assert first.exit_code == 0, first.output
    assert "26 referrals, 668 roster rows" in first.output
    _assert_pcd_figures()
    before, audit_before = _counts(), db.session.scalar(select(func.count(AuditEvent.seq)))

    second = run_cli("demo", "load")

    assert second.exit_code == 0 and "0 referrals, 0 roster rows" in second.output
    assert _counts() == before
    assert db.session.scalar(select(func.count(AuditEvent.seq))) == audit_before
    _assert_pcd_figures()


def test_the_pages_show_the_demo_figures(app, run_cli, demo_accounts, make_user):
    assert run_cli("demo", "load").exit_code == 0
    client = app.test_client()
    AuthActions(client).login(make_user("analyst"))
    coverage_page = client.get("/divert/training").get_data(as_text=True)
    assert "422" in coverage_page and "490" in coverage_page and "86%" in coverage_page
    assert "168" in coverage_page and "375" in coverage_page and "45%" in coverage_page
    results = client.get("/divert/training/feedback").get_data(as_text=True)
    assert "236 from 668 trained users (35%)" in results
    assert "4.82 out of 5" in results and "4.68 out of 5" in results


def test_demo_cases_are_sealed_with_real_encryption(app, run_cli, demo_accounts):
    assert run_cli("demo", "load").exit_code == 0
    case = db.session.scalar(select(Case).order_by(Case.id))
    assert case.person.first_name and case.concern
    raw = db.session.execute(select(Person.__table__.c.first_name)
                             .where(Person.id == case.person_id)).scalar_one()
    assert case.person.first_name.encode() not in raw


def test_demo_load_without_the_demo_accounts_says_what_to_run(app, run_cli):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 1
    assert "demo accounts are missing" in result.output and "demo accounts --file" in result.output
    assert db.session.scalar(select(func.count()).select_from(Case)) == 0


def test_the_vru_summary_json_shows_the_demo_figures(app, run_cli, demo_accounts, make_user):
    assert run_cli("demo", "load").exit_code == 0
    client = app.test_client()
    AuthActions(client).login(make_user("analyst"))
    summary = client.get("/reports/summary.json").get_json()
    assert summary["filters"]["year"] == "2023-24"  # the demo year is the latest with referrals
    months = summary["tables"]["months"]
    divert_app = months["columns"].index(labels()["divert_app"])
    assert months["rows"][-1]["cells"][divert_app] == 26  # PCD 1295's 26 referrals
    assert summary["headline"]["still_engaging"] == 11
    engaging = {row["label"]: row["cells"][0]
                for row in summary["tables"]["still_engaging"]["rows"]}
    assert engaging == {"Arsenal in the Community": 5, "ENGAGE Camden": 6, "Total": 11}
