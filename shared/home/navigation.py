"""The navigation each role sees; a link appears only where the role may go.

The platform's own links are here; each programme adds its own (seams.navigation), placed by
position among them.
"""

from __future__ import annotations

from flask import request, url_for

from shared.auth.roles import Role
from shared.seams import NavItem, seams

EVERYONE = frozenset(Role)
PLATFORM_NAVIGATION = [
    NavItem("Home", "home.index", EVERYONE, 0),
    NavItem("Cases", "cases.queue", frozenset({Role.COORDINATOR}), 30),
    NavItem("Caseload", "partners.caseload", frozenset({Role.PARTNER}), 40),
    NavItem("My cases", "worklists.mine", frozenset({Role.COORDINATOR, Role.PARTNER}), 41),
    NavItem("Find a case", "worklists.find", frozenset({Role.COORDINATOR, Role.PARTNER}), 42),
    NavItem("Statistics", "reports.index", frozenset({Role.ANALYST, Role.COORDINATOR}), 50),
    NavItem("Subject access", "privacy.request_list", frozenset({Role.DPO}), 100),
    NavItem("Find a person", "privacy.find_person", frozenset({Role.DPO}), 101),
    NavItem("Retention", "privacy.retention_schedule", frozenset({Role.DPO}), 102),
    NavItem("Audit log", "privacy.audit_log", frozenset({Role.DPO}), 103),
    NavItem("Users", "admin.users", frozenset({Role.ADMIN}), 110),
    NavItem("Reference data", "admin.reference", frozenset({Role.ADMIN}), 111),
    NavItem("Organisations", "admin.organisations", frozenset({Role.ADMIN}), 112),
    NavItem("Your account", "auth.change_password", EVERYONE, 200),
]


def navigation_for(role: str) -> list[dict]:
    """GOV.UK service-navigation items for ROLE, marking the current page."""
    items = sorted(PLATFORM_NAVIGATION + seams().navigation, key=lambda item: item.position)
    return [{"text": item.label, "href": url_for(item.endpoint),
             "active": request.endpoint == item.endpoint}
            for item in items if Role(role) in item.roles]
