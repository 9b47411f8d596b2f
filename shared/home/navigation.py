"""The navigation each role sees; a link appears only where the role may go."""

from __future__ import annotations

from flask import request, url_for

from shared.auth.roles import Role

# (label, endpoint, roles allowed); later features add their own entries here.
NAVIGATION = [
    ("Home", "home.index", set(Role)),
    ("New referral", "divert.new_referral", {Role.OFFICER}),
    ("Your receipts", "divert.receipts", {Role.OFFICER}),
    ("Cases", "cases.queue", {Role.COORDINATOR}),
    ("Caseload", "partners.caseload", {Role.PARTNER}),
    ("Statistics", "reports.index", {Role.ANALYST, Role.COORDINATOR}),
    ("Encounters", "engage.encounters", {Role.CUSTODY_WORKER}),
    ("Follow-ups", "engage.follow_ups", {Role.CUSTODY_WORKER}),
    ("Custody coverage", "engage.coverage_page", {Role.COORDINATOR, Role.ANALYST}),
    ("Custody reports", "engage.reports_page", {Role.COORDINATOR, Role.ANALYST}),
    ("Training", "training.coverage_page", {Role.COORDINATOR, Role.ANALYST, Role.ADMIN}),
    ("Subject access", "privacy.request_list", {Role.DPO}),
    ("Find a person", "privacy.find_person", {Role.DPO}),
    ("Retention", "privacy.retention_schedule", {Role.DPO}),
    ("Audit log", "privacy.audit_log", {Role.DPO}),
    ("Users", "admin.users", {Role.ADMIN}),
    ("Reference data", "admin.reference", {Role.ADMIN}),
    ("Organisations", "admin.organisations", {Role.ADMIN}),
    ("Your account", "auth.change_password", set(Role)),
]


def navigation_for(role: str) -> list[dict]:
    """GOV.UK service-navigation items for ROLE, marking the current page."""
    items = []
    for label, endpoint, roles in NAVIGATION:
        if Role(role) in roles:
            items.append({"text": label, "href": url_for(endpoint),
                          "active": request.endpoint == endpoint})
    return items
