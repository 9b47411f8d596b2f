"""Checks every browser test applies to the pages it visits: axe-core and the phone width."""

from __future__ import annotations

import json

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.browser.conftest import PHONE

BLOCKING_IMPACTS = {"serious", "critical"}


def describe(violation: dict) -> str:
    """One line per axe violation: impact, rule, help text and the elements it found."""
    targets = "; ".join(" ".join(map(str, node["target"])) for node in violation["nodes"])
    return f"{violation['impact']}: {violation['id']} - {violation['help']} [{targets}]"


def assert_no_blocking_violations(page: Page, axe: Axe, artifacts, name: str) -> None:
    """axe-core finds nothing serious or critical; the full report goes to test-artifacts/axe."""
    violations = axe.run(page).response["violations"]
    report = artifacts / "axe"
    report.mkdir(exist_ok=True)
    (report / f"{name}.json").write_text(json.dumps(violations, indent=2), encoding="utf-8")
    lines = [describe(violation) for violation in violations]
    print(f"axe on {name}: " + ("; ".join(lines) or "no violations"))
    blocking = [line for violation, line in zip(violations, lines, strict=True)
                if violation["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe on {name}: " + "\n".join(blocking)


def assert_fits_the_phone(page: Page, artifacts, name: str) -> None:
    """No sideways scrolling at 360px; a full-page screenshot for a human to look at."""
    page.screenshot(path=artifacts / f"{name}-360.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert page.viewport_size == PHONE and width <= PHONE["width"], f"{name} is {width}px wide"
