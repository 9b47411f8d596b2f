"""Corrections keep their history sealed; the outcome is shown and corrected; reopening."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from shared.cases import plans, services
from shared.cases.correction_models import Correction
from shared.cases.models import Contact
from shared.clock import today
from shared.crypto.errors import DataKeyErasedError
from shared.crypto.fields import ERASED
from shared.extensions import db
from shared.privacy.erasure import erase
from tests.cases.conftest import contact_form as _contact
from tests.cases.conftest import signed_in as _client

pytestmark = pytest.mark.usefixtures("quiet_clock")


def _raw_corrections() -> list[bytes]:
    table = Correction.__table__.c
    return [b"".join(v for v in row if v) for row in db.session.execute(
        select(table.previous, table.reason))]


def test_a_corrected_contact_keeps_the_earlier_value_sealed(app, engaged_case):
    case, _, partner = engaged_case
    client = _client(app, partner)
    assert client.post(f"/cases/{case.uuid}/contacts", data=_contact(
        today(), notes="Met at Finsbury Park")).status_code == 302
    contact = db.session.scalar(select(Contact))
    path = f"/cases/{case.uuid}/contacts/{contact.uuid}/correct"
    page = client.get(path).get_data(as_text=True)
    assert "Met at Finsbury Park" in page and "No corrections yet" in page
    data = {k.replace("contact-", "correct-"): v for k, v in _contact(
        today(), attendance="did_not_attend", notes="Waited at Finsbury Park").items()}
    assert client.post(path, data=data).status_code == 400  # no reason given
    data["correct-reason"] = "Typed the wrong outcome"
    response = client.post(path, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.session.refresh(case)
    assert case.first_contact_at is None  # the only contact was not attended after all
    [row] = db.session.scalars(select(Correction)).all()
    assert row.previous == {"attendance": "attended", "notes": "Met at Finsbury Park"}
    assert row.reason == "Typed the wrong outcome" and row.corrected_by_id == partner.id
    assert all(b"Finsbury" not in raw and b"wrong" not in raw for raw in _raw_corrections())
    history = client.get(path).get_data(as_text=True)
    assert "Typed the wrong outcome" in history and "Met at Finsbury Park" in history
    assert partner.full_name in history
    assert "Corrected" in client.get(f"/cases/{case.uuid}").get_data(as_text=True)
    assert client.post(path, data=data).status_code == 400  # nothing changed


def test_goal_and_action_corrections_keep_their_history(app, engaged_case):
    case, coordinator, _ = engaged_case
    client = _client(app, coordinator)
    goal = case.goals[0]
    action = goal.actions[0]
    response = client.post(f"/cases/{case.uuid}/goals/{goal.uuid}/correct", data={
        "correct-title": "Back into college", "correct-reason": "Agreed new wording"})
    assert response.status_code == 302
    due = today() + timedelta(days=10)
    response = client.post(f"/cases/{case.uuid}/actions/{action.uuid}/correct", data={
        "correct-description": "Visit the college", "correct-owner": "young_person",
        "correct-due_date": [str(due.day), str(due.month), str(due.year)],
        "correct-reason": "They will go themselves"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.session.refresh(goal)
    db.session.refresh(action)
    assert goal.title == "Back into college" and action.owner == "young_person"
    previous = {row.record_type: row.previous for row in db.session.scalars(select(Correction))}
    assert previous["goal"] == {"title": "Goal"}
    assert previous["action"]["owner"] == "partner" and "description" in previous["action"]
    page = client.get(f"/cases/{case.uuid}/actions/{action.uuid}/correct").get_data(
        as_text=True)
    assert "Partner youth worker" in page and "They will go themselves" in page


def test_the_partners_outcome_is_shown_and_corrected_with_history(app, engaged_case):
    """Issue 14 defect 4: after "Outcome saved" the case shows it, and it can be corrected."""
    case, _, partner = engaged_case
    client = _client(app, partner)
    response = client.post(f"/cases/{case.uuid}/outcome", data={
        "outcome-engaged": "yes", "outcome-needs": ["ete"], "outcome-ete_outcome": "training"},
        follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Outcome saved" in page and 'data-testid="outcome"' in page
    assert "Training" in page and "Correct the outcome" in page
    path = f"/cases/{case.uuid}/outcome/correct"
    assert 'value="training" selected' in client.get(path).get_data(as_text=True)
    response = client.post(path, data={
        "correct-engaged": "yes", "correct-needs": ["ete", "mental_health"],
        "correct-ete_outcome": "apprenticeship", "correct-reason": "Started in January"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.session.refresh(case)
    assert case.ete_outcome == "apprenticeship"
    [row] = db.session.scalars(select(Correction)).all()
    assert row.previous == {"needs": ["ete"], "ete_outcome": "training"}
    assert "Apprenticeship" in client.get(f"/cases/{case.uuid}").get_data(as_text=True)


def test_a_coordinator_reopens_a_closed_case_with_a_reason(app, engaged_case):
    case, coordinator, partner = engaged_case
    services.close(case, partner, "disengaged", "Stopped answering")
    db.session.commit()
    path = f"/cases/{case.uuid}/reopen"
    assert _client(app, partner).post(path, data={"correct-reason": "x"}).status_code == 403
    client = _client(app, coordinator)
    assert "Reopen this case" in client.get(f"/cases/{case.uuid}").get_data(as_text=True)
    assert client.post(path, data={"correct-reason": ""}).status_code == 400
    response = client.post(path, data={"correct-reason": "Their mother rang: they want help"})
    assert response.status_code == 302
    db.session.refresh(case)
    assert case.status == "engaged" and case.closed_at is None and case.closure_reason is None
    [row] = db.session.scalars(select(Correction)).all()
    assert row.record_type == "closure" and row.previous["closure_note"] == "Stopped answering"
    page = client.get(f"/cases/{case.uuid}").get_data(as_text=True)
    assert "Reopened by the coordinator" in page and "they want help" in page
    assert client.post(path, data={"correct-reason": "again"}).status_code == 400


def test_erasure_shreds_the_correction_history(app, engaged_case):
    case, coordinator, _ = engaged_case
    client = _client(app, coordinator)
    goal = case.goals[0]
    assert client.post(f"/cases/{case.uuid}/goals/{goal.uuid}/correct", data={
        "correct-title": "A better goal", "correct-reason": "Clearer"}).status_code == 302
    erase(case.person)
    db.session.commit()
    db.session.expire_all()
    row = db.session.scalar(select(Correction))
    assert row.previous is ERASED and row.reason is ERASED
    with pytest.raises(DataKeyErasedError):
        row.field_key()
    assert client.get(f"/cases/{case.uuid}/goals/{goal.uuid}/correct").status_code in (200,
                                                                                       404)


def test_the_history_goes_with_a_merged_case_and_into_subject_access(app, engaged_case, make_user):
    from shared.cases import amend
    from shared.merging.compare import rows
    from shared.merging.services import merge
    from shared.privacy.export import export_for
    from shared.privacy.requests import open_request
    from tests.factories import refer

    case, coordinator, _ = engaged_case
    later = refer(make_user("officer"))
    services.triage(later, coordinator, "accept", "low", 3)
    goal = plans.add_goal(later, coordinator, "First wording")
    db.session.flush()
    amend.correct_goal(goal, coordinator, "Second wording", "Spelling")
    picks = {row.field: "earlier" for row in rows(case.person, later.person) if row.differs}
    merge(later, case, coordinator, picks)
    db.session.commit()
    db.session.expire_all()
    row = db.session.scalar(select(Correction))
    assert row.previous == {"title": "First wording"} and row.reason == "Spelling"
    request = open_request(case.person, make_user("dpo"), today())
    data = export_for(request, "json")
    text = str(data)
    assert "First wording" in text and "Spelling" in text
