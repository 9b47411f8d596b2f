"""`demo generate`: many synthetic referrals, really encrypted, in batches that resume."""

from __future__ import annotations

from sqlalchemy import func, select

from divert.demo import generate
from divert.demo.people import CONCERNS
from shared.auth.models import User
from shared.cases.models import Case, Handoff
from shared.crypto.blind_index import blind_index
from shared.extensions import db
from shared.people.models import SURNAME_DOB, Person
from shared.people.services import find_possible_duplicates


def _generated() -> int:
    return generate.generated_count()


def test_generate_makes_the_referrals_asked_for_sealed_and_searchable(app, run_cli):
    result = run_cli("demo", "generate", "--referrals", "500", "--batch-size", "100")
    assert result.exit_code == 0, result.output
    assert "500 synthetic referrals added" in result.output and "referrals/s" in result.output
    assert _generated() == 500
    assert db.session.scalar(select(func.count(func.distinct(Case.reference)))) == 500
    case = db.session.scalar(select(Case).order_by(Case.id.desc()))
    person = case.person
    assert case.concern in CONCERNS and person.first_name and person.date_of_birth
    assert person.surname_dob_index == blind_index(SURNAME_DOB, person.last_name,
                                                   person.date_of_birth.isoformat())
    assert person in find_possible_duplicates(person.first_name, person.last_name,
                                              person.date_of_birth)
    raw = db.session.execute(select(Person.__table__.c.last_name)
                             .where(Person.id == person.id)).scalar_one()
    assert person.last_name.encode() not in raw
    with_partner = db.session.scalar(select(func.count()).select_from(Case).where(
        Case.partner_organisation_id.is_not(None)))
    assert db.session.scalar(select(func.count()).select_from(Handoff)) == with_partner
    again = run_cli("demo", "generate", "--referrals", "500")
    assert "0 synthetic referrals added" in again.output and _generated() == 500


def test_an_interrupted_run_keeps_whole_batches_and_a_rerun_carries_on(app, run_cli,
                                                                       monkeypatch):
    real_write, calls = generate.write_batch, []

    def interrupted_on_third_batch(batch):
        calls.append(len(batch.cases))
        if len(calls) == 3:
            real_write(batch)  # written but never committed: Ctrl-C arrives before the commit
            raise KeyboardInterrupt
        real_write(batch)

    monkeypatch.setattr(generate, "write_batch", interrupted_on_third_batch)
    stopped = app.test_cli_runner().invoke(
        args=["demo", "generate", "--referrals", "500", "--batch-size", "100"])
    assert stopped.exit_code == 130
    assert "200 of 500 synthetic referrals are saved; run the same command again" in (
        stopped.output)
    assert _generated() == 200
    monkeypatch.setattr(generate, "write_batch", real_write)

    resumed = run_cli("demo", "generate", "--referrals", "500", "--batch-size", "100")

    assert resumed.exit_code == 0 and "300 synthetic referrals added" in resumed.output
    assert _generated() == 500
    officer = db.session.scalar(select(User.id).where(User.email == generate.BENCH_OFFICER))
    assert db.session.scalar(select(func.count()).select_from(Case).where(
        Case.referrer_id == officer)) == 500


def test_generated_referrals_are_counted_by_the_vru_statistics(app, run_cli, make_user):
    from tests.conftest import AuthActions

    assert run_cli("demo", "generate", "--referrals", "300", "--batch-size", "100"
                   ).exit_code == 0
    client = app.test_client()
    AuthActions(client).login(make_user("analyst"))
    from shared.reports import statistics
    from shared.reports.filters import Filters, years

    # Spread over three years back from now: one financial year per view, adding up to all
    # (an edge year of a few referrals shows "<5", so the raw figures are added here).
    latest = client.get("/reports/summary.json").get_json()["headline"]["referrals"]
    assert isinstance(latest, int) and latest > 0
    assert sum(statistics.tables(Filters(year))[0][1].grid()[-1][-1]
               for year in years()) == 300
