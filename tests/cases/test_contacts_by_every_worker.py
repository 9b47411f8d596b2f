"""Contacts by every worker who supports the young person, and first contact from any of them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from shared.cases.models import Contact
from shared.clock import today
from shared.extensions import db
from shared.reports.models import ReportCaseFact
from tests.cases.conftest import contact_form as _contact
from tests.cases.conftest import signed_in as _client
from tests.conftest import AuthActions
from tests.engage.conftest import NEW, assign, form_data
from tests.factories import planned_case

pytestmark = pytest.mark.usefixtures("quiet_clock")


def test_the_divert_team_logs_a_contact_and_it_is_the_first_contact(app, make_user):
    coordinator = make_user("coordinator")
    case = planned_case(make_user("officer"), coordinator)
    db.session.commit()
    client = _client(app, coordinator)
    page = client.get(f"/cases/{case.uuid}").get_data(as_text=True)
    assert "Log a contact" in page
    response = client.post(f"/cases/{case.uuid}/contacts", data=_contact(today()))
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.refresh(case)
    assert case.first_contact_at == today()
    contact = case.contacts[0]
    assert (contact.worker_role, contact.method, contact.attendance, contact.duration_minutes) \
        == ("coordinator", "in_person", "attended", 45)
    raw = db.session.execute(select(Contact.__table__.c.place, Contact.__table__.c.notes)).one()
    assert b"Holloway" not in raw.place and b"college" not in raw.notes
    page = client.get(f"/cases/{case.uuid}").get_data(as_text=True)
    assert "Youth centre, Holloway Road" in page and "45 minutes" in page
    assert "Contact logged by coordinator: in person, attended" in page
    fact = db.session.scalar(select(ReportCaseFact).where(ReportCaseFact.case_id == case.id))
    assert "contact_days=0" in fact.contributions


def test_first_contact_is_the_first_attended_contact_by_anyone(app, engaged_case):
    case, coordinator, partner = engaged_case
    day = today()
    partner_client, team = _client(app, partner), _client(app, coordinator)
    assert partner_client.post(f"/cases/{case.uuid}/contacts", data=_contact(
        day, attendance="did_not_attend", contact_time="")).status_code == 302
    db.session.refresh(case)
    assert case.first_contact_at is None
    assert team.post(f"/cases/{case.uuid}/contacts", data=_contact(
        day, method="phone", attendance="cancelled", place="")).status_code == 302
    db.session.refresh(case)
    assert case.first_contact_at is None
    assert partner_client.post(f"/cases/{case.uuid}/contacts", data=_contact(
        day, method="video", contact_time="10:00")).status_code == 302
    db.session.refresh(case)
    assert case.first_contact_at == day
    assert sorted(c.worker_role for c in case.contacts) == ["coordinator", "partner", "partner"]


def test_the_custody_follow_up_meeting_is_the_custody_workers_contact(client, make_user):
    worker = make_user("custody_worker")
    assign(worker, "Holborn")
    AuthActions(client).login(worker)
    assert client.post(NEW, data=form_data("Holborn")).status_code == 302
    from engage.models import CustodyEncounter
    encounter = db.session.scalar(select(CustodyEncounter))
    released = today() - timedelta(days=1)
    assert client.post(f"/engage/encounters/{encounter.uuid}/release", data={
        "released_date": [str(released.day), str(released.month), str(released.year)],
        "released_time": "18:00"}).status_code == 302
    day = today()
    response = client.post(f"/engage/encounters/{encounter.uuid}/follow-up", data={
        "meeting_date": [str(day.day), str(day.month), str(day.year)],
        "meeting_time": "08:30", "held": "yes"})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    case = encounter.case
    db.session.refresh(case)
    [contact] = case.contacts
    assert (contact.worker_role, contact.source, contact.attendance) == (
        "custody_worker", "custody_follow_up", "attended")
    assert case.first_contact_at == day


def test_a_contact_dated_before_the_referral_is_refused(app, engaged_case):
    """Issue 14 defect 11: no day's grace before the referral date."""
    case, _, partner = engaged_case
    client = _client(app, partner)
    day_before = today() - timedelta(days=1)
    response = client.post(f"/cases/{case.uuid}/contacts", data=_contact(day_before))
    assert response.status_code == 400
    assert "between the referral date and today" in response.get_data(as_text=True)
    assert db.session.scalars(select(Contact)).all() == []
    assert client.post(f"/cases/{case.uuid}/contacts", data=_contact(today())
                       ).status_code == 302


def test_a_partner_cannot_log_on_a_case_it_does_not_hold(app, make_user):
    coordinator = make_user("coordinator")
    case = planned_case(make_user("officer"), coordinator)
    db.session.commit()
    response = _client(app, make_user("partner")).post(f"/cases/{case.uuid}/contacts",
                                                       data=_contact(today()))
    assert response.status_code == 404
    assert db.session.scalars(select(Contact)).all() == []


@pytest.mark.parametrize(("field", "value", "message"), [
    ("contact_time", "25:00", "Enter the time like 09:05"),
    ("duration", "0", "whole minutes"),
    ("method", "carrier_pigeon", "Not a valid choice"),
    ("attendance", "", "Say whether they attended"),
])
def test_bad_contact_input_is_refused_with_a_message(app, engaged_case, field, value, message):
    case, _, partner = engaged_case
    response = _client(app, partner).post(f"/cases/{case.uuid}/contacts",
                                          data=_contact(today(), **{field: value}))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalars(select(Contact)).all() == []
