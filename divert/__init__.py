"""DIVERT: police officers refer young people aged 14 to 25 at risk of serious violence, with
their consent, from a phone; officers are trained and surveyed; custody coaches meet 18 to 25
year olds (DIVERT custody, recorded through ENGAGE's custody journey).

`init_app(app)` plugs it into the platform; wsgi.py passes this package to create_app.
"""

from __future__ import annotations

from flask import Flask

from divert import api, offline, routes  # noqa: F401  the pages and the App on the blueprint
from divert.blueprint import bp
from divert.demo.cli import generate_command
from divert.demo.load import load_lines
from divert.programmes import APP, CUSTODY
from divert.training import models as training_models  # noqa: F401  the training tables
from divert.training import routes as training_routes  # noqa: F401  the training pages
from divert.training.blueprint import bp as training_bp
from divert.training.cli import training_cli
from shared.auth.roles import Role
from shared.seams import NavItem, seams

NAVIGATION = [
    NavItem("New referral", "divert.new_referral", frozenset({Role.OFFICER}), 10),
    NavItem("Your receipts", "divert.receipts", frozenset({Role.OFFICER}), 20),
    NavItem("Training", "training.coverage_page",
            frozenset({Role.COORDINATOR, Role.ANALYST, Role.ADMIN}), 90),
]


def init_app(app: Flask) -> None:
    """Register DIVERT's programmes, pages, API, CLI, navigation and demo set."""
    plugged = seams(app)
    plugged.add_programme(APP)
    plugged.add_programme(CUSTODY)
    app.register_blueprint(bp)
    app.register_blueprint(training_bp)
    plugged.api_routes.append(api.routes)
    app.cli.add_command(training_cli)
    plugged.navigation.extend(NAVIGATION)
    plugged.add_home_panel(Role.OFFICER, "divert/home_officer.html")
    plugged.demo_loaders.append(load_lines)
    plugged.demo_commands.append(generate_command)
