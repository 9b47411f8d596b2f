"""Merging a duplicate young person: compared side by side, confirmed, nothing lost (issue 14.1)."""

from __future__ import annotations

import re
from datetime import timedelta

import time_machine
from sqlalchemy import select

from shared.audit.models import AuditEvent
from shared.cases.models import Case
from shared.clock import now
from shared.crypto.datakeys import DataKey
from shared.extensions import db
from shared.people.models import Person
from shared.privacy.rectify import history
from tests.cases.test_journey_pages import _client
from tests.factories import born_years_ago, refer

RICH = {"alias": "Zee", "gender": "Female", "ethnicity_group": "Mixed",
        "address": "1 High Street\nLondon", "phone": "07700 900123",
        "school_or_occupation": "Camden College"}
SPARSE = {"alias": None, "gender": None, "ethnicity_group": None, "address": None,
          "phone": None, "school_or_occupation": None}


def _two_referrals(make_user):
    """An earlier, sparse record, then a later, richer referral of the same young person."""
    officer, born = make_user("officer"), born_years_ago(18)
    with time_machine.travel(now() - timedelta(days=3), tick=False):
        earlier = refer(officer, **SPARSE, postcode="NW1 2AB", date_of_birth=born)
    later = refer(officer, **RICH, postcode="NW5 1TL", date_of_birth=born)
    return earlier, later


def test_earlier_referrals_lists_only_earlier_ones(app, make_user):
    earlier, later = _two_referrals(make_user)
    coordinator = _client(app, make_user("coordinator"))
    later_page = coordinator.get(f"/cases/{later.uuid}").get_data(as_text=True)
    assert earlier.reference in later_page and "Compare and merge" in later_page
    earlier_page = coordinator.get(f"/cases/{earlier.uuid}").get_data(as_text=True)
    assert "Earlier referrals of this young person" not in earlier_page


def test_the_comparison_marks_differences_and_changes_nothing(app, make_user):
    earlier, later = _two_referrals(make_user)
    coordinator = _client(app, make_user("coordinator"))
    page = coordinator.get(f"/cases/{later.uuid}/merge/{earlier.uuid}").get_data(as_text=True)
    assert page.count("data-differs") == 1 and 'name="pick-postcode"' in page
    assert len(re.findall(r">\s*Added\s*<", page)) == len(RICH) and "cannot be undone" in page
    assert "govuk-button--warning" in page and "What will happen" in page
    db.session.expire_all()
    assert db.session.get(Case, later.id).person_id != db.session.get(Case, earlier.id).person_id


def test_a_merge_without_a_pick_for_a_difference_is_refused_and_changes_nothing(
        app, make_user):
    earlier, later = _two_referrals(make_user)
    coordinator = _client(app, make_user("coordinator"))
    response = coordinator.post(f"/cases/{later.uuid}/merge/{earlier.uuid}", data={})
    assert response.status_code == 400
    assert "Choose which value to keep for: postcode" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Case, later.id).person.alias == "Zee"
    assert db.session.get(Case, earlier.id).person.alias is None


def test_a_merge_keeps_every_value_and_case_and_is_audited_as_a_merge(app, make_user):
    earlier, later = _two_referrals(make_user)
    duplicate_uuid, duplicate_key = later.person.uuid, later.person.data_key_id
    coordinator_user = make_user("coordinator")
    coordinator = _client(app, coordinator_user)
    response = coordinator.post(f"/cases/{later.uuid}/merge/{earlier.uuid}",
                                data={"pick-postcode": "this"})
    assert response.status_code == 302
    db.session.expire_all()
    kept = db.session.get(Case, earlier.id).person
    assert db.session.get(Case, later.id).person_id == kept.id
    for field, value in RICH.items():
        assert getattr(kept, field) == value, field
    assert kept.postcode == "NW5 1TL"
    corrections = history(kept)
    assert [(r.field, r.old_value, r.changed_by_id) for r in corrections] == [
        ("postcode", "NW1 2AB", coordinator_user.id)]
    assert "merged" in corrections[0].reason.lower() and later.reference in corrections[0].reason
    later_case = db.session.get(Case, later.id)
    assert later_case.concern == "Seen with older youths carrying knives"  # re-sealed, readable
    assert later_case.previous_case_id == earlier.id
    assert db.session.scalar(select(Person).where(Person.uuid == duplicate_uuid)) is None
    assert db.session.get(DataKey, duplicate_key).destroyed
    actions = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.actor_uuid == coordinator_user.uuid)).all()
    assert "merge" in actions and "erase" not in actions
    page = coordinator.get(f"/cases/{later.uuid}").get_data(as_text=True)
    assert "Young person&#39;s record merged with referral" in page and "Zee" in page


def test_a_merge_keeps_the_merged_records_own_correction_history(app, make_user):
    from shared.privacy.rectify import rectify

    earlier, later = _two_referrals(make_user)
    dpo = make_user("dpo")
    rectify(later.person, dpo, "alias", "Zee", "Spelling")
    db.session.commit()
    coordinator = _client(app, make_user("coordinator"))
    assert coordinator.post(f"/cases/{later.uuid}/merge/{earlier.uuid}",
                            data={"pick-postcode": "earlier"}).status_code == 302
    db.session.expire_all()
    kept = db.session.get(Case, earlier.id).person
    assert {(r.field, r.old_value) for r in history(kept)} == {
        ("alias", "Zee"), ("postcode", "NW5 1TL")}
    assert kept.postcode == "NW1 2AB"


def test_only_a_coordinator_who_sees_both_referrals_may_merge(app, make_user):
    earlier, later = _two_referrals(make_user)
    url = f"/cases/{later.uuid}/merge/{earlier.uuid}"
    for role, organisation, expected in (("partner", "AITC", 403), ("officer", "MPS", 403),
                                         ("dpo", "DIVERT", 403),
                                         ("coordinator", "ENGAGE", 404)):
        client = _client(app, make_user(role, organisation=organisation))
        assert client.get(url).status_code == expected, role
        assert client.post(url, data={"pick-postcode": "this"}).status_code == expected, role
    coordinator = _client(app, make_user("coordinator"))
    assert coordinator.get(f"/cases/{earlier.uuid}/merge/{later.uuid}").status_code == 404
    db.session.expire_all()
    assert db.session.get(Case, later.id).person_id != db.session.get(Case, earlier.id).person_id
