"""Retention rules with frozen time: what falls due, dry runs, and a resumable erasing run."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
import time_machine
from sqlalchemy import func, select

from divert import services as intake
from shared.cases import services
from shared.cases.models import Case
from shared.clock import today as london_today
from shared.extensions import db
from shared.people.models import Person
from shared.privacy import retention
from shared.privacy.models import ErasureLog, RetentionRule
from tests.conftest import AuthActions
from tests.factories import referral_data
from tests.privacy.conftest import full_case

START = "2024-01-10 10:00Z"


def _declined(officer, coordinator, decision="decline", **data) -> Case:
    receipt = intake.submit_referral(officer, uuid.uuid4(), referral_data(**data))
    case = db.session.scalar(select(Case).where(Case.uuid == receipt.uuid))
    reason = "not_at_risk" if decision == "decline" else "could_not_contact"
    services.triage(case, coordinator, decision, "low", 3, reason=reason)
    db.session.commit()
    return case


def _closed(staff, **data) -> Case:
    case = full_case(*staff, **data)
    services.close(case, staff[2], "goals_met")
    db.session.commit()
    return case


@pytest.fixture
def history(staff):
    """Cases made on 10 January 2024: declined, NFA, closed child, closed adult, one open."""
    officer, coordinator, _ = staff
    with time_machine.travel(START, tick=False):
        retention.load_default_rules()
        cases = {
            "declined": _declined(officer, coordinator, last_name="Declan"),
            "nfa": _declined(officer, coordinator, "no_further_action", last_name="Nfa"),
            "child": _closed(staff, last_name="Child", date_of_birth=date(2008, 5, 17)),
            "adult": _closed(staff, last_name="Adult", date_of_birth=date(2003, 2, 1)),
        }
        open_one = _declined(officer, coordinator, last_name="Mixed")
        receipt = intake.submit_referral(officer, uuid.uuid4(), referral_data(last_name="Other"))
        still_open = db.session.scalar(select(Case).where(Case.uuid == receipt.uuid))
        still_open.person_id = open_one.person_id  # a re-referral of the same person, open
        db.session.commit()
        cases["mixed"] = open_one
    return cases


def _due_references(on: str) -> set[str]:
    return {r for d in retention.due_people(date.fromisoformat(on)) for r in d.references}


def test_the_default_rules_load_once_and_keep_the_dpo_s_edits(app):
    assert retention.load_default_rules() == 3
    rule = db.session.scalar(select(RetentionRule).where(RetentionRule.code == "declined"))
    retention.update_rule(rule, 18, None, True)
    db.session.commit()
    assert retention.load_default_rules() == 0
    db.session.expire_all()
    assert rule.keep_months == 18
    assert db.session.scalar(select(func.count()).select_from(RetentionRule)) == 3


def test_declined_and_no_further_action_fall_due_twelve_months_after_the_decision(history):
    assert _due_references("2025-01-09") == set()
    due = _due_references("2025-01-10")
    assert due == {history["declined"].reference, history["nfa"].reference}


def test_closed_cases_wait_three_years_or_until_eighteen_plus_three_whichever_is_later(history):
    assert history["adult"].reference not in _due_references("2027-01-09")
    assert history["adult"].reference in _due_references("2027-01-10")
    # Born 17 May 2008: 18 on 17 May 2026, plus three years.
    assert history["child"].reference not in _due_references("2029-05-16")
    assert history["child"].reference in _due_references("2029-05-17")


def test_a_person_with_an_open_case_is_never_due(history):
    assert history["mixed"].reference not in _due_references("2040-01-01")


def test_the_dry_run_lists_references_and_dates_without_names_and_changes_nothing(app, history):
    with time_machine.travel("2025-02-01 09:00Z", tick=False):
        result = app.test_cli_runner().invoke(args=["retention", "apply", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert history["declined"].reference in result.output and "2025-01-10" in result.output
    assert "2 people would be erased" in result.output
    for name in ("Declan", "Nfa", "Zoë", "O'Brien"):
        assert name not in result.output
    assert db.session.scalar(select(func.count()).select_from(ErasureLog)) == 0
    assert db.session.scalar(select(func.count()).select_from(Person).where(
        Person.erased_at.is_not(None))) == 0


def test_a_run_killed_after_its_first_batch_resumes_where_it_stopped(app, history):
    def die(count):
        raise KeyboardInterrupt

    with time_machine.travel("2030-01-01 09:00Z", tick=False):
        due = retention.due_people(london_today())
        assert len(due) == 4
        with pytest.raises(KeyboardInterrupt):
            retention.apply(london_today(), batch_size=3, after_batch=die)
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(ErasureLog)) == 3
        result = app.test_cli_runner().invoke(args=["retention", "apply", "--batch-size", "3"])
    assert result.exit_code == 0, result.output
    assert "1 people erased" in result.output
    logs = db.session.scalars(select(ErasureLog)).all()
    assert len(logs) == 4 == len({log.person_uuid for log in logs})
    assert {log.rule for log in logs} == {"declined", "no_further_action", "closed"}
    assert history["mixed"].reference not in " ".join(log.case_references for log in logs)
    assert db.session.get(Person, history["mixed"].person_id).erased_at is None


def test_the_schedule_page_shows_what_falls_due_in_the_next_ninety_days(app, make_user,
                                                                        history):
    with time_machine.travel("2024-11-01 09:00Z", tick=True):
        client = app.test_client()
        AuthActions(client).login(make_user("dpo"))
        page = client.get("/privacy/retention").get_data(as_text=True)
    assert history["declined"].reference in page and "10 Jan 2025" in page
    assert history["adult"].reference not in page
    assert "Declan" not in page


def test_the_dpo_edits_a_rule_on_its_page(app, make_user):
    retention.load_default_rules()
    db.session.commit()
    rule = db.session.scalar(select(RetentionRule).where(RetentionRule.code == "closed"))
    client = app.test_client()
    AuthActions(client).login(make_user("dpo"))
    path = f"/privacy/retention/rules/{rule.uuid}"
    assert client.post(path, data={"keep_months": "0", "until_age": ""}).status_code == 400
    response = client.post(path, data={"keep_months": "48", "until_age": "21", "active": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert (rule.keep_months, rule.until_age, rule.active) == (48, 21, True)
