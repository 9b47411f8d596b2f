"""The subject access copy carries the Article 15 information, and the DPO can withhold
third-party data before release, saying why (issue 18, finding 8)."""

from __future__ import annotations

from sqlalchemy import select

from shared.audit.models import AuditEvent
from shared.extensions import db
from shared.privacy.models import SarRedaction
from tests.privacy.conftest import confirm_identity
from tests.privacy.test_subject_access import _open_request

REASON = "Names a friend, who has not agreed to their details being shared"
ITEM = "referrals.0.contacts.0.notes"


def test_the_copy_carries_the_article_15_supplementary_information(two_people, dpo,
                                                                   dpo_client):
    first = two_people[0]
    sar = _open_request(dpo_client, first)
    confirm_identity(dpo_client, dpo)
    data = dpo_client.get(f"/privacy/requests/{sar.uuid}/export.json").get_json()
    about = data["about_this_data"]
    assert about["purposes"] and about["categories"] and about["your_rights"]
    assert any("Arsenal in the Community" in r for r in about["recipients"])
    assert any("12 months" in r for r in about["retention"]) or about["retention"]
    assert about["source"]
    assert about["complaints"]["to_the_regulator"]["website"].startswith("https://ico.org.uk")
    page = dpo_client.get(f"/privacy/requests/{sar.uuid}/export").get_data(as_text=True)
    assert "Information Commissioner" in page and "How long we keep it" in page


def test_the_dpo_withholds_a_note_about_someone_else_with_a_reason_before_release(two_people, dpo,
                                                                           dpo_client):
    first = two_people[0]
    sar = _open_request(dpo_client, first)
    path = f"/privacy/requests/{sar.uuid}/withhold"
    assert dpo_client.get(path).headers["Location"].startswith("/account/confirm")
    confirm_identity(dpo_client, dpo)
    page = dpo_client.get(path).get_data(as_text=True)
    assert 'value="referrals.0.contacts.0.notes"' in page
    assert dpo_client.post(path, data={"item": ITEM}).status_code == 400
    assert dpo_client.post(path, data={"item": "person.first_name", "reason": REASON}
                           ).status_code == 400  # the subject's own identity is not third-party
    done = dpo_client.post(path, data={"item": ITEM, "reason": REASON})
    assert done.status_code == 302, done.get_data(as_text=True)[-3000:]
    row = db.session.scalar(select(SarRedaction))
    assert row.reason == REASON and REASON.encode() not in bytes(row._reason)
    data = dpo_client.get(f"/privacy/requests/{sar.uuid}/export.json").get_json()
    assert data["referrals"][0]["contacts"][0]["notes"] == "[withheld]"
    assert data["withheld"][0]["item"] == ITEM
    assert data["withheld"][0]["reason"] == REASON
    audited = db.session.scalars(select(AuditEvent.detail).where(
        AuditEvent.object_uuid == sar.uuid)).all()
    assert f"withheld {ITEM}" in audited
