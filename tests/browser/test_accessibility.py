"""axe-core finds no serious or critical accessibility problem on any page reached so far."""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.journeys import PAGES, reach

pytestmark = pytest.mark.browser

BLOCKING_IMPACTS = {"serious", "critical"}


def describe(violation: dict) -> str:
    """One line per axe violation: impact, rule, help text and the elements it found."""
    targets = "; ".join(" ".join(map(str, node["target"])) for node in violation["nodes"])
    return f"{violation['impact']}: {violation['id']} - {violation['help']} [{targets}]"


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_serious_or_critical_accessibility_violations(
        page, make_user, axe, artifacts, name):
    reach(page, name, make_user)

    violations = axe.run(page).response["violations"]

    report = artifacts / "axe"
    report.mkdir(exist_ok=True)
    (report / f"{name}.json").write_text(json.dumps(violations, indent=2), encoding="utf-8")
    lines = [describe(violation) for violation in violations]
    print(f"axe on {name}: " + ("; ".join(lines) or "no violations"))
    blocking = [line for violation, line in zip(violations, lines, strict=True)
                if violation["impact"] in BLOCKING_IMPACTS]
    minor = [line for line in lines if line not in blocking]
    assert not blocking, (f"axe on {name}: " + "\n".join(blocking)
                          + "\n(minor/moderate: " + ("; ".join(minor) or "none") + ")")
