"""Each role's home page: counts of the day's work, each linking to where it is done."""

from __future__ import annotations

import re
from datetime import timedelta

import time_machine
from sqlalchemy import select

from shared.cases import plans, services
from shared.clock import today as london_today
from shared.extensions import db
from shared.people.models import Person
from shared.privacy import requests as sars
from tests.conftest import AuthActions
from tests.engage.conftest import RELEASED, assign, released_encounter
from tests.factories import organisation, planned_case, refer


def _counts(app, user) -> dict[str, tuple[str, str]]:
    client = app.test_client()
    AuthActions(client).login(user)
    page = client.get("/").get_data(as_text=True)
    found = re.findall(r'<a class="[^"]*app-counts__link" href="([^"]+)" data-count="\d+">'
                       r'<span class="app-counts__number">([^<]+)</span> '
                       r'<span class="app-counts__label">([^<]+)</span>', page)
    return {label.replace("&#39;", "'"): (shown, href) for href, shown, label in found}


def _overdue(case, actor, owner: str) -> None:
    goal = plans.add_goal(case, actor, "Another goal")
    action = plans.add_action(goal, actor, "Late", owner, london_today())
    action.due_date = london_today() - timedelta(days=2)


def test_the_coordinators_day(app, make_user, quiet_clock):
    officer, coordinator, partner = (make_user(r) for r in ("officer", "coordinator", "partner"))
    refer(officer)
    refer(officer)
    back = planned_case(officer, coordinator)
    services.hand_off(back, coordinator, organisation("AITC"), "Football")
    services.decide_hand_off(back, partner, accept=True)
    services.refer_back(back, partner)
    waiting = planned_case(officer, coordinator)
    services.hand_off(waiting, coordinator, organisation("AITC"), "Football")
    _overdue(waiting, coordinator, "coordinator")
    db.session.commit()
    counts = _counts(app, coordinator)
    assert counts["New referrals awaiting triage"] == ("2", "/cases/")
    assert counts["Cases referred back to you"] == ("1", "/cases/")
    assert counts["Hand-offs waiting for a partner's answer"] == ("1", "/cases/")
    assert counts["Your overdue actions"] == ("1", "/cases/")
    assert counts["Unread notifications"] == ("2", "/notifications/")  # accepted, back


def test_the_partners_day_counts_only_their_organisation(app, make_user, quiet_clock):
    officer, coordinator = make_user("officer"), make_user("coordinator")
    partner = make_user("partner")
    mine = planned_case(officer, coordinator)
    services.hand_off(mine, coordinator, organisation("AITC"), "Football")
    theirs = planned_case(officer, coordinator)
    services.hand_off(theirs, coordinator, organisation("ENGCAM"), "Music")
    worked = planned_case(officer, coordinator)
    services.hand_off(worked, coordinator, organisation("AITC"), "Football")
    services.decide_hand_off(worked, partner, accept=True)
    _overdue(worked, partner, "partner")
    db.session.commit()
    counts = _counts(app, partner)
    assert counts["Hand-offs waiting for your answer"] == ("1", "/partner/cases")
    assert counts["Your overdue actions"] == ("1", "/partner/cases")
    assert counts["Unread notifications"] == ("2", "/notifications/")


def test_the_dpos_day_shows_requests_nearing_their_deadline(app, make_user, quiet_clock):
    dpo = make_user("dpo")
    refer(make_user("officer"))
    person = db.session.scalars(select(Person)).one()
    sars.open_request(person, dpo, london_today() - timedelta(days=25))
    sars.open_request(person, dpo, london_today() - timedelta(days=2))
    db.session.commit()
    counts = _counts(app, dpo)
    assert counts["Subject access requests due within 7 days or overdue"] == (
        "1", "/privacy/requests")


def test_the_custody_workers_day(app, client, make_user, quiet_clock):
    worker = make_user("custody_worker")
    assign(worker, "Holborn")
    AuthActions(client).login(worker)
    released_encounter(client)
    for hours, due, late in ((10, "0", "0"), (30, "1", "0"), (50, "0", "1")):
        with time_machine.travel(RELEASED + timedelta(hours=hours), tick=False):
            counts = _counts(app, worker)
        assert counts["Follow-ups due in the next 24 hours"] == (due, "/engage/follow-ups")
        assert counts["Overdue follow-ups"] == (late, "/engage/follow-ups"), hours


def test_roles_without_casework_see_only_their_inbox(app, make_user):
    for role in ("officer", "analyst", "admin"):
        assert list(_counts(app, make_user(role))) == ["Unread notifications"]


def test_counts_stop_just_past_the_cap(app, make_user, monkeypatch):
    from shared.home import counts as home

    monkeypatch.setattr(home, "COUNT_CAP", 2)
    officer, coordinator = make_user("officer"), make_user("coordinator")
    for _ in range(4):
        refer(officer)
    assert _counts(app, coordinator)["New referrals awaiting triage"][0] == "more than 2"
