"""The custody worker's follow-up from the app: names and phones shown and audited, and the
notices of a new custody case, a follow-up due and a follow-up missed."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from sqlalchemy import select

from engage import services
from engage.follow_up import state_of
from engage.notices import notify_follow_ups
from shared.audit.models import AuditEvent
from shared.extensions import db
from shared.notifications.models import Notification, OutboxMessage
from tests.conftest import AuthActions
from tests.engage.conftest import RELEASED, assign, released_encounter


def _views_of(case) -> list[str]:
    return db.session.scalars(select(AuditEvent.detail).where(
        AuditEvent.action == "view", AuditEvent.object_type == "case",
        AuditEvent.object_uuid == case.uuid)).all()


def test_the_follow_up_list_and_page_name_the_child_and_the_parents_phone(
        client, quiet_clock, worker):
    encounter = released_encounter(client)
    page = client.get("/engage/follow-ups").get_data(as_text=True)
    assert "Zoë O&#39;Brien" in page and "020 7946 0000" in page and "Mary O&#39;Brien" in page
    assert "follow-up list" in _views_of(encounter.case)
    page = client.get(f"/engage/encounters/{encounter.uuid}").get_data(as_text=True)
    assert "Zoë O&#39;Brien" in page and "020 7946 0000" in page
    assert "custody encounter page" in _views_of(encounter.case)


def test_a_worker_at_another_suite_sees_neither_name_nor_phone(client, app, quiet_clock,
                                                                worker, make_user):
    encounter = released_encounter(client)
    other = make_user("custody_worker")
    assign(other, "Brixton")
    elsewhere = app.test_client()
    AuthActions(elsewhere).login(other)
    page = elsewhere.get("/engage/follow-ups").get_data(as_text=True)
    assert "O&#39;Brien" not in page and "020 7946" not in page
    assert elsewhere.get(f"/engage/encounters/{encounter.uuid}").status_code == 404


def test_a_new_custody_case_reaches_the_coordinators_inbox(client, quiet_clock, worker,
                                                           make_user):
    coordinator = make_user("coordinator", organisation="ENGAGE")
    divert_coordinator = make_user("coordinator")
    encounter = released_encounter(client)
    [note] = db.session.scalars(select(Notification).where(
        Notification.kind == "custody_case")).all()
    assert note.user_id == coordinator.id != divert_coordinator.id
    assert note.reference == encounter.case.reference
    email = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "custody_case"))
    assert "O'Brien" not in email.body and "Zoë" not in email.body


def test_the_follow_up_due_and_missed_are_notified_once_each(client, quiet_clock, worker):
    encounter = released_encounter(client)
    assert notify_follow_ups(RELEASED + timedelta(hours=23)) == (0, 0)
    assert notify_follow_ups(RELEASED + timedelta(hours=25)) == (1, 0)
    assert notify_follow_ups(RELEASED + timedelta(hours=26)) == (0, 0)
    assert notify_follow_ups(RELEASED + timedelta(hours=49)) == (0, 1)
    assert notify_follow_ups(RELEASED + timedelta(hours=50)) == (0, 0)
    notes = db.session.scalars(select(Notification).where(
        Notification.user_id == worker.id).order_by(Notification.id)).all()
    assert [n.kind for n in notes] == ["follow_up_due", "follow_up_missed"]
    assert {n.link_path for n in notes} == {f"/engage/encounters/{encounter.uuid}"}
    with time_machine.travel(RELEASED + timedelta(hours=50), tick=False):
        AuthActions(client).login(worker)
        page = client.get("/notifications/").get_data(as_text=True)
    assert f"The follow-up for case {encounter.case.reference} was not recorded" in page
    assert "O&#39;Brien" not in page.split("<main")[1]


def test_a_follow_up_held_in_time_is_never_notified_as_missed(client, quiet_clock, worker):
    encounter = released_encounter(client)
    encounter.follow_up_at, encounter.follow_up_held = RELEASED + timedelta(hours=20), True
    db.session.commit()
    assert notify_follow_ups(RELEASED + timedelta(hours=60)) == (0, 0)


def _section(page: str, caption: str) -> str:
    start = page.index(f">{caption} (")
    return page[start:page.index("</table>", start)]


def test_a_follow_up_that_did_not_happen_can_be_tried_again_then_leaves_the_to_do_list(
        client, quiet_clock, worker):
    encounter = released_encounter(client)
    with time_machine.travel(RELEASED + timedelta(hours=30), tick=False):
        services.record_follow_up(worker, encounter, RELEASED + timedelta(hours=29), False)
        db.session.commit()
        AuthActions(client).login(worker)  # a day on, the morning's session has timed out
        page = client.get("/engage/follow-ups").get_data(as_text=True)
        # Inside the window a meeting that did not happen is still to do, with the child named.
        assert "Zoë O&#39;Brien" in _section(page, "Due today")
    with time_machine.travel(RELEASED + timedelta(hours=49), tick=False):
        AuthActions(client).login(worker)
        page = client.get("/engage/follow-ups").get_data(as_text=True)
        assert "Nothing overdue." in page
        missed = _section(page, "Did not happen")
        assert encounter.case.reference in missed and "O&#39;Brien" not in page
        assert "Did not happen" in client.get(
            f"/engage/encounters/{encounter.uuid}").get_data(as_text=True)
        assert state_of(encounter) == "missed"


def test_a_follow_up_with_nothing_recorded_stays_overdue_and_named(client, quiet_clock,
                                                                   worker):
    encounter = released_encounter(client)
    with time_machine.travel(RELEASED + timedelta(hours=49), tick=False):
        AuthActions(client).login(worker)
        page = client.get("/engage/follow-ups").get_data(as_text=True)
        assert "Zoë O&#39;Brien" in _section(page, "Overdue")
        assert state_of(encounter) == "overdue"
