"""Issue 14 defect 2: the ENGAGE pathway can be followed: an ENGAGE coordinator (in the demo
too) sees and triages the case a custody worker referred, and its page shows ENGAGE's facts."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from engage import services
from engage.models import CustodyEncounter
from shared.auth.models import User
from shared.cases.models import Case
from shared.db import utcnow
from shared.demo import DEMO_ACCOUNTS
from shared.extensions import db
from tests.conftest import AuthActions
from tests.engage.conftest import NEW, form_data


def _referred_case(client, worker) -> Case:
    assert client.post(NEW, data=form_data(police_outcome="youth_caution")).status_code in (
        200, 302, 303)
    encounter = db.session.scalar(select(CustodyEncounter).order_by(CustodyEncounter.id.desc()))
    services.record_release(worker, encounter, utcnow() - timedelta(hours=3))
    db.session.commit()
    return encounter.case


def _signed_in(app, user):
    client = app.test_client()
    AuthActions(client).login(user)
    return client


def test_the_engage_coordinator_sees_engage_facts_and_no_divert_rows(app, worker, client,
                                                                    make_user):
    case = _referred_case(client, worker)
    coordinator = _signed_in(app, make_user("coordinator", organisation="ENGAGE"))
    assert case.reference in coordinator.get("/cases/").get_data(as_text=True)
    page = coordinator.get(f"/cases/{case.uuid}").get_data(as_text=True)
    facts = re.search(r'data-testid="programme-facts">(.*?)</dl>', page, re.S).group(1)
    for shown in ("Weapons possession", "Youth caution", "Liaison and Diversion involved",
                  "Released", "Due ", "Holborn", "First time in custody"):
        assert shown in facts, shown
    for divert_only in ("What the referrer is worried about", "Exploitation indicators",
                        "Referrer strand", "Interests"):
        assert divert_only not in page, divert_only
    assert not re.search(r">\s*None\s*<", page) and "None" not in re.sub(r"<[^>]+>", "", page)
    assert 'name="triage-decision"' in page or "triage" in page.lower()


def test_the_divert_coordinator_still_cannot_open_an_engage_case(app, worker, client,
                                                                 make_user):
    case = _referred_case(client, worker)
    divert = _signed_in(app, make_user("coordinator"))
    assert divert.get(f"/cases/{case.uuid}").status_code == 404


def test_the_demo_has_an_engage_coordinator_and_the_readme_lists_it(app, tmp_path):
    assert ("coordinator.engage@demo.test", "Eni Coordinator", "coordinator",
            "ENGAGE") in DEMO_ACCOUNTS
    result = app.test_cli_runner().invoke(
        args=["demo", "accounts", "--file", str(tmp_path / "accounts.txt")])
    assert result.exit_code == 0 and "coordinator.engage@demo.test" in result.output
    user = db.session.scalar(select(User).where(User.email == "coordinator.engage@demo.test"))
    assert user.role == "coordinator" and user.organisation.code == "ENGAGE"
    from pathlib import Path
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert "| coordinator.engage@demo.test | coordinator |" in readme
