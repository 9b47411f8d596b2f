"""Fixtures for the case tests: an engaged case, and the contact form as the page posts it."""

from __future__ import annotations

import pytest

from shared.cases import services
from shared.extensions import db
from tests.conftest import AuthActions
from tests.factories import organisation, planned_case


def signed_in(app, user):
    """A new client signed in as USER."""
    client = app.test_client()
    AuthActions(client).login(user)
    return client


def contact_form(day, **overrides) -> dict:
    """A valid attended in-person contact on DAY, as the case page posts it."""
    data = {"contact-contact_date": [str(day.day), str(day.month), str(day.year)],
            "contact-contact_time": "08:30", "contact-duration": "45",
            "contact-method": "in_person", "contact-place": "Youth centre, Holloway Road",
            "contact-attendance": "attended", "contact-notes": "Talked about college"}
    data.update({f"contact-{k}": v for k, v in overrides.items()})
    return data


@pytest.fixture
def engaged_case(make_user):
    """A case the partner (AITC) has accepted: (case, coordinator, partner)."""
    coordinator, partner = make_user("coordinator"), make_user("partner")
    case = planned_case(make_user("officer"), coordinator)
    services.hand_off(case, coordinator, organisation("AITC"), "Plays football")
    services.decide_hand_off(case, partner, accept=True)
    db.session.commit()
    return case, coordinator, partner
