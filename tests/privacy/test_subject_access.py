"""Subject access: finding the person, re-authentication, the export, deadlines and audit."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

from sqlalchemy import select

from shared.audit.models import AuditEvent
from shared.clock import today as london_today
from shared.extensions import db
from shared.privacy.models import SubjectAccessRequest
from shared.privacy.requests import one_calendar_month_after
from tests.conftest import PASSWORD, current_code
from tests.privacy.conftest import AMARA_BORN, confirm_identity, dob_fields


def _open_request(client, case, received=date(2026, 1, 31)) -> SubjectAccessRequest:
    response = client.post("/privacy/requests", data={
        "person": str(case.person.uuid), **dob_fields("received_on", received)})
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalar(select(SubjectAccessRequest).order_by(SubjectAccessRequest.id.desc()))


def test_the_search_is_a_post_that_finds_the_person_by_name_and_date_of_birth(
        two_people, dpo_client):
    first, second = two_people
    response = dpo_client.post("/privacy/people", data={
        "first_name": "amara", "last_name": "OKONKWO", **dob_fields("date_of_birth",
                                                                    AMARA_BORN)})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert first.reference in page and str(first.person.uuid) in page
    assert second.reference not in page and "Quill" not in page


def test_the_export_holds_every_record_of_the_person_and_nothing_of_anyone_else(
        two_people, dpo, dpo_client):
    first, second = two_people
    sar = _open_request(dpo_client, first)
    confirm_identity(dpo_client, dpo)
    response = dpo_client.get(f"/privacy/requests/{sar.uuid}/export.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    text = response.get_data(as_text=True)
    assert data["person"]["first_name"] == "Amara" and data["person"]["date_of_birth"] == \
        AMARA_BORN.isoformat()
    [referral] = data["referrals"]
    assert referral["reference"] == first.reference
    assert referral["concern"] == "Amara-only concern"
    assert referral["lawful_basis"]["code"] == "art6_1e_sch1_para18"
    assert referral["consent"]["agreed"] is True
    assert referral["plan"][0]["goal"] == f"Goal for {first.reference}"
    assert referral["plan"][0]["actions"][0]["action"] == f"Action for {first.reference}"
    assert referral["hand_offs"][0]["reason"] == f"Hand-off for {first.reference}"
    assert referral["contacts"][0]["notes"] == f"Contact with {first.reference}"
    assert referral["outcome"]["ete_outcome"] == "education"
    assert any(e["note"] == f"Triage note {first.reference}" for e in referral["timeline"])
    assert data["disclosures"] == [{
        "organisation": "Arsenal in the Community", "referral": first.reference,
        "sent_at": data["disclosures"][0]["sent_at"], "answer": "accepted",
        "answered_at": data["disclosures"][0]["answered_at"]}]
    assert {e["action"] for e in data["audit"]} >= {"create", "change", "disclose"}
    for other in ("Bartholomew", "Quill", second.reference, "Bartholomew-only concern",
                  str(second.uuid), str(second.person.uuid)):
        assert other not in text


def test_the_printable_export_has_print_styles_and_the_same_records(two_people, dpo,
                                                                   dpo_client):
    first = two_people[0]
    sar = _open_request(dpo_client, first)
    confirm_identity(dpo_client, dpo)
    page = dpo_client.get(f"/privacy/requests/{sar.uuid}/export").get_data(as_text=True)
    assert 'media="print"' in page and "privacy-print.css" in page
    assert "Amara" in page and f"Contact with {first.reference}" in page
    assert "Arsenal in the Community" in page and "Quill" not in page
    assert dpo_client.get("/static/privacy-print.css").status_code == 200


def test_an_export_without_re_authentication_redirects_to_confirm(two_people, dpo_client):
    sar = _open_request(dpo_client, two_people[0])
    for suffix in ("export.json", "export"):
        response = dpo_client.get(f"/privacy/requests/{sar.uuid}/{suffix}")
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/account/confirm?next=")
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "export", AuditEvent.object_uuid == two_people[0].person.uuid)) is None


def test_a_reused_totp_code_is_refused_at_re_authentication(two_people, dpo, dpo_client):
    sar = _open_request(dpo_client, two_people[0])
    db.session.refresh(dpo)
    used = current_code(dpo)  # the code the sign-in just spent
    response = dpo_client.post("/account/confirm", data={"password": PASSWORD, "code": used})
    assert response.status_code == 400
    assert "used already" in response.get_data(as_text=True)
    assert dpo_client.get(f"/privacy/requests/{sar.uuid}/export.json").status_code == 302


def test_a_wrong_password_is_refused_and_counted_at_re_authentication(dpo, dpo_client):
    response = dpo_client.post("/account/confirm", data={"password": "not the password at all",
                                                         "code": "123456"})
    assert response.status_code == 400
    failed = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "login_failed", AuditEvent.actor_uuid == dpo.uuid)).all()
    assert failed


def test_re_authentication_lasts_five_minutes(two_people, dpo, dpo_client):
    sar = _open_request(dpo_client, two_people[0])
    confirm_identity(dpo_client, dpo)
    assert dpo_client.get(f"/privacy/requests/{sar.uuid}/export.json").status_code == 200
    with dpo_client.session_transaction() as session:
        session["reauth_at"] -= 301
    assert dpo_client.get(f"/privacy/requests/{sar.uuid}/export.json").status_code == 302


def test_confirm_sends_the_user_on_only_to_a_local_path(dpo, dpo_client):
    db.session.refresh(dpo)
    dpo.totp_last_step = None
    db.session.commit()
    response = dpo_client.post("/account/confirm?next=https://elsewhere.example/x", data={
        "password": PASSWORD, "code": current_code(dpo)})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_the_export_is_audited_as_a_disclosure_of_that_person(two_people, dpo, dpo_client):
    first = two_people[0]
    sar = _open_request(dpo_client, first)
    confirm_identity(dpo_client, dpo)
    dpo_client.get(f"/privacy/requests/{sar.uuid}/export.json")
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "export", AuditEvent.object_uuid == first.person.uuid))
    assert event.object_uuid == first.person.uuid and event.actor_uuid == dpo.uuid
    assert "Amara" not in (event.detail or "")
    actions = set(db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.actor_uuid == dpo.uuid)))
    assert {"reauthenticated", "create", "export"} <= actions


def test_the_deadline_is_one_calendar_month_later_rolled_past_weekends():
    assert one_calendar_month_after(date(2026, 9, 3)) == date(2026, 10, 5)  # 3 Oct: Saturday
    assert one_calendar_month_after(date(2026, 1, 31)) == date(2026, 3, 2)  # 28 Feb: Saturday
    assert one_calendar_month_after(date(2026, 3, 31)) == date(2026, 4, 30)
    assert one_calendar_month_after(date(2026, 12, 15)) == date(2027, 1, 15)


def test_open_requests_list_deadlines_and_flags_the_overdue(two_people, dpo_client):
    today = london_today()
    old = _open_request(dpo_client, two_people[0], received=today - timedelta(days=70))
    new = _open_request(dpo_client, two_people[1], received=today - timedelta(days=1))
    page = dpo_client.get("/privacy/requests").get_data(as_text=True)
    assert old.due_on == one_calendar_month_after(today - timedelta(days=70)) < today
    assert new.due_on > today
    assert page.index(str(old.uuid)[:8]) < page.index(str(new.uuid)[:8])
    assert page.count("Overdue") == 1
    response = dpo_client.post(f"/privacy/requests/{old.uuid}", data={"status": "answered"})
    assert response.status_code == 302
    assert str(old.uuid)[:8] not in dpo_client.get("/privacy/requests").get_data(as_text=True)


def test_a_request_received_in_the_future_is_refused(two_people, dpo_client):
    response = dpo_client.post("/privacy/requests", data={
        "person": str(two_people[0].person.uuid), **dob_fields("received_on", date(2099, 1, 1))})
    assert response.status_code == 302
    assert db.session.scalar(select(SubjectAccessRequest)) is None


def test_other_roles_cannot_reach_the_privacy_pages(app, make_user, two_people):
    from tests.conftest import AuthActions

    for role in ("officer", "coordinator", "partner", "analyst", "admin"):
        client = app.test_client()
        AuthActions(client).login(make_user(role))
        for path in ("/privacy/requests", "/privacy/people", "/privacy/retention",
                     "/privacy/audit", f"/privacy/people/{two_people[0].person.uuid}"):
            assert client.get(path).status_code == 403, (role, path)


def test_the_printable_export_shows_labels_and_london_times_not_codes(two_people, dpo,
                                                                     dpo_client):
    first = two_people[0]
    first.exploitation_indicators = ["gang_association"]
    db.session.commit()
    sar = _open_request(dpo_client, first)
    confirm_identity(dpo_client, dpo)
    page = dpo_client.get(f"/privacy/requests/{sar.uuid}/export").get_data(as_text=True)
    assert "Associating with gang-involved adults or peers" in page
    assert "Education, training or employment" in page and "Trauma" in page
    for raw in ("gang_association", ": None", "+00:00", "one_to_one", "ete_outcome: education",
                "risk level: high", "reason: None"):
        assert raw not in page, raw
    assert re.search(r"\d{1,2} \w+ \d{4}, \d{2}:\d{2}", page)
    assert not re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", page)
