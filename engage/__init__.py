"""ENGAGE: custody youth workers meet children aged 10 to 17 and follow each one up within
24 to 48 hours of release. It also records DIVERT custody coaches' encounters, for every
custody programme registered (see README "Where things are").

`init_app(app)` plugs it into the platform; wsgi.py passes this package to create_app.
"""

from __future__ import annotations

from flask import Flask

from engage import (  # noqa: F401  models: tables; the route modules register pages
    api,
    case_facts,
    correction_routes,
    coverage,
    demo,
    home,
    models,
    notices,
    privacy,
    reports,
    routes,
)
from engage.blueprint import bp
from engage.programmes import ENGAGE
from shared.auth.roles import Role
from shared.seams import DashboardPanel, NavItem, seams

NAVIGATION = [
    NavItem("Encounters", "engage.encounters", frozenset({Role.CUSTODY_WORKER}), 60),
    NavItem("Follow-ups", "engage.follow_ups", frozenset({Role.CUSTODY_WORKER}), 70),
    NavItem("Custody coverage", "engage.coverage_page",
            frozenset({Role.COORDINATOR, Role.ANALYST}), 80),
    NavItem("Custody reports", "engage.reports_page",
            frozenset({Role.COORDINATOR, Role.ANALYST}), 85),
]


def init_app(app: Flask) -> None:
    """Register ENGAGE's programme, pages, API, panels, reference seed, demo loader and the
    custody encounters it holds about a person."""
    plugged = seams(app)
    plugged.add_programme(ENGAGE)
    app.register_blueprint(bp)
    plugged.api_routes.append(api.routes)
    plugged.navigation.extend(NAVIGATION)
    plugged.add_home_panel(Role.CUSTODY_WORKER, "engage/home_custody_worker.html")
    plugged.add_home_count(Role.CUSTODY_WORKER, home.overdue)
    plugged.add_home_count(Role.CUSTODY_WORKER, home.due_within_a_day)
    plugged.dashboard_panels.append(DashboardPanel(
        "engage_follow_up", reports.dashboard_follow_up, "engage/dashboard_panel.html"))
    plugged.reference_seeds.append(lambda: {"engage_coverage": coverage.load_coverage()})
    plugged.demo_loaders.append(demo.load)
    plugged.person_data.append(privacy.PERSON_DATA)
    plugged.case_facts[ENGAGE.code] = case_facts.FACTS
    for kind in notices.KINDS:
        plugged.add_notification_kind(kind)
    app.cli.add_command(notices.engage_cli)
