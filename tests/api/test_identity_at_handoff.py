"""The API withholds a deciding partner's view of the young person's identity."""

from __future__ import annotations

from shared.cases import services
from shared.extensions import db
from tests.factories import offered_case


def test_the_api_withholds_the_person_until_acceptance(app, make_user, api_as):
    partner = make_user("partner")
    case = offered_case(make_user)
    api = api_as(user=partner)
    body = api.get(f"/cases/{case.uuid}").get_json()
    assert body["person"] is None
    assert body["concern"] == "Seen with older youths carrying knives"
    assert body["age_band"] == case.age_band
    assert "O'Brien" not in str(body) and "07700" not in str(body)
    services.decide_hand_off(case, partner, accept=True)
    db.session.commit()
    body = api.get(f"/cases/{case.uuid}").get_json()
    assert body["person"]["last_name"] == "O'Brien"
