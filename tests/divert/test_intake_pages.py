"""The officer's referral pages: send a referral, get a receipt, see only your own receipts."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from divert import services as intake
from shared.audit.models import AuditEvent
from shared.cases.models import Case
from shared.cases.services import CaseError
from shared.extensions import db
from tests.conftest import AuthActions
from tests.divert.conftest import NEW, REFERENCE, counts, form_data
from tests.factories import years_ago

OTHER_ROLES = ["custody_worker", "coordinator", "partner", "analyst", "dpo", "admin"]


def _case() -> Case:
    return db.session.scalars(select(Case)).one()


def test_a_valid_referral_redirects_to_a_receipt_with_its_reference(client, officer):
    form = client.get(NEW)
    assert form.status_code == 200 and 'name="submission_id"' in form.get_data(as_text=True)

    sent = client.post(NEW, data=form_data())

    assert sent.status_code == 302 and "/divert/receipts/" in sent.headers["Location"]
    page = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "Referral received" in page and "What happens next" in page
    assert REFERENCE.search(page).group(0) == _case().reference


def test_the_case_holds_what_the_officer_entered(client, officer):
    client.post(NEW, data=form_data())

    case = _case()
    assert (case.person.first_name, case.person.last_name) == ("Zoë", "O'Brien")
    assert case.person.postcode == "NW1 2AB" and case.person.address == "1 High Street\nLondon"
    assert case.person.date_of_birth == years_ago(16) and case.borough.name == "Camden"
    assert case.bcu_id == case.borough.bcu_id and case.referrer_strand == "neighbourhood"
    assert case.exploitation_concern == "yes" and case.vulnerabilities == ["trauma", "housing"]
    assert case.parent_carer == {"name": "Mary O'Brien", "relationship": "Mother",
                                 "phone": "020 7946 0000", "aware_of_referral": True}
    assert case.consent_given and case.referrer_id == officer.id


def test_a_double_submit_with_one_submission_id_creates_one_case(client, officer):
    data = form_data()

    first = client.post(NEW, data=data)
    second = client.post(NEW, data=data)

    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert counts() == (1, 1)


def test_each_form_shown_carries_a_fresh_submission_id(client, officer):
    pages = [client.get(NEW).get_data(as_text=True) for _ in range(2)]
    ids = [page.split('name="submission_id" type="hidden" value="')[1][:36] for page in pages]
    assert ids[0] != ids[1]


def test_a_referral_without_consent_is_refused(client, officer):
    data = form_data()
    del data["consent"]

    response = client.post(NEW, data=data)

    assert response.status_code == 400 and counts() == (0, 0)
    assert "Confirm the young person agrees to be referred" in response.get_data(as_text=True)


def test_a_child_needs_a_parent_or_carer_and_an_adult_does_not(client, officer):
    child = form_data(parent_name="", parent_relationship="", parent_aware="")
    refused = client.post(NEW, data=child)
    assert refused.status_code == 400 and counts() == (0, 0)
    assert "Enter the parent or carer&#39;s name" in refused.get_data(as_text=True)

    born = years_ago(19)
    adult = form_data(date_of_birth=[str(born.day), str(born.month), str(born.year)])
    assert client.post(NEW, data=adult).status_code == 302
    assert _case().parent_carer is None  # not needed for an adult, so not kept


@pytest.mark.parametrize("age", [14, 25])
def test_the_edges_of_the_age_band_are_accepted(client, officer, age):
    born = years_ago(age)
    data = form_data(date_of_birth=[str(born.day), str(born.month), str(born.year)])
    assert client.post(NEW, data=data).status_code == 302


def test_the_receipts_list_shows_only_the_officers_own(app, client, officer, make_user):
    client.post(NEW, data=form_data())
    mine = _case()
    other_client = app.test_client()
    AuthActions(other_client).login(make_user("officer"))

    own_list = client.get("/divert/receipts").get_data(as_text=True)
    other_list = other_client.get("/divert/receipts").get_data(as_text=True)

    assert mine.reference in own_list and "Received" in own_list
    assert mine.reference not in other_list and "not sent any referrals" in other_list
    assert other_client.get(f"/divert/receipts/{mine.uuid}").status_code == 404
    denied = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "access_denied",
                                                         AuditEvent.object_uuid == mine.uuid))
    assert denied.one().outcome == "not_found"  # audited, without saying it exists


def test_an_unknown_or_malformed_receipt_answers_404(client, officer):
    assert client.get("/divert/receipts/00000000-0000-4000-8000-000000000000").status_code == 404
    assert client.get("/divert/receipts/1").status_code == 404


def test_an_officer_cannot_reuse_another_officers_submission_id(app, client, officer, make_user):
    data = form_data()
    client.post(NEW, data=data)
    other_client = app.test_client()
    AuthActions(other_client).login(make_user("officer"))

    response = other_client.post(NEW, data=data)

    assert response.status_code == 400 and counts() == (1, 1)
    assert "This form was already used" in response.get_data(as_text=True)


def test_a_refusal_after_the_person_was_written_leaves_nothing_behind(client, officer,
                                                                       monkeypatch):
    def refuse(*args, **kwargs):
        raise CaseError("Something was wrong", "concern")

    monkeypatch.setattr(intake, "add_event", refuse)  # after the person and case are flushed

    response = client.post(NEW, data=form_data())

    assert response.status_code == 400 and "Something was wrong" in response.get_data(as_text=True)
    assert counts() == (0, 0)


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_are_refused_the_intake_pages(client, auth, make_user, role):
    auth.login(make_user(role))
    for response in (client.get(NEW), client.post(NEW, data=form_data()),
                     client.get("/divert/receipts")):
        assert response.status_code == 403
    assert counts() == (0, 0)


def test_a_visitor_is_sent_to_sign_in(client):
    assert client.get(NEW).status_code == 302
    assert "/login" in client.get("/divert/receipts").headers["Location"]


def test_the_officer_home_and_menu_link_to_the_intake_pages(client, officer):
    home = client.get("/").get_data(as_text=True)
    assert 'href="/divert/referrals/new"' in home and 'href="/divert/receipts"' in home
    assert "New referral" in home and "Your receipts" in home


def test_the_form_loads_the_app_script_as_a_module_and_adds_no_inline_script(client, officer):
    page = client.get(NEW).get_data(as_text=True)
    assert '<script type="module" src="/divert/static/divert-app.js">' in page
    inline = [tag for tag in re.findall(r"<script[^>]*>", page) if "src=" not in tag]
    assert inline and all("nonce=" in tag for tag in inline)  # only GOV.UK's nonced one
