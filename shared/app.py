"""The application factory: the platform, then each programme plugged in through its init_app."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

from flask import Flask
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix

from config import BaseConfig, load_config
from shared import cli, clock, errors, seams, web
from shared.extensions import csrf, db, limiter, login_manager, migrate


def create_app(config: BaseConfig | None = None,
               programmes: Iterable[ModuleType] = ()) -> Flask:
    """Build the app from CONFIG (or the environment) with PROGRAMMES plugged in.

    Each programme is a package with init_app(app) (wsgi.py passes divert and engage); it
    registers through shared.seams, before the API blueprint and the CLI are put together.
    No side effects beyond the app.
    """
    app = Flask(__name__, instance_relative_config=False)
    app.config.from_object(config or load_config())
    trust_proxies(app)
    seams.init_app(app)
    register_extensions(app)
    register_templates(app)
    clock.init_app(app)
    register_blueprints(app)
    for programme in programmes:
        programme.init_app(app)
    register_api(app)
    web.register_request_hooks(app)
    errors.register_error_handlers(app)
    cli.register_commands(app)
    import_models()
    return app


def trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES reverse proxies, take the client's address and scheme from them."""
    count = app.config.get("TRUSTED_PROXIES", 0)
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)


def register_extensions(app: Flask) -> None:
    """Bind the extension objects to APP, and keep the statistics rollup listening."""
    from shared.auth import loader  # noqa: F401  registers the user loader
    from shared.reports import rollup

    db.init_app(app)
    migrate.init_app(app, db, directory=str(_migrations_dir()), render_as_batch=True,
                     compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    rollup.listen()


def register_templates(app: Flask) -> None:
    """Find our templates first, then the GOV.UK Frontend macros."""
    from govuk_frontend_wtf.main import WTFormsHelpers

    app.jinja_loader = ChoiceLoader([
        app.jinja_loader,
        PrefixLoader({
            "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
            "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
        }),
    ])
    app.jinja_env.autoescape = True
    WTFormsHelpers(app)


def register_blueprints(app: Flask) -> None:
    """Mount the platform's pages (programmes mount their own in init_app)."""
    from shared.admin.routes import bp as admin_bp
    from shared.auth.reauth import bp as reauth_bp
    from shared.auth.routes import bp as auth_bp
    from shared.cases.correction_routes import bp as corrections_bp
    from shared.cases.review_routes import bp as outcomes_bp
    from shared.cases.routes import bp as cases_bp
    from shared.cases.safeguarding_routes import bp as safeguarding_bp
    from shared.home.routes import bp as home_bp
    from shared.merging.routes import bp as merging_bp
    from shared.notifications import routes as notifications
    from shared.partners.routes import bp as partners_bp
    from shared.privacy.routes import bp as privacy_bp
    from shared.reports.routes import bp as reports_bp
    from shared.worklists.routes import bp as worklists_bp

    for blueprint in (auth_bp, reauth_bp, privacy_bp, home_bp, admin_bp, cases_bp, merging_bp,
                      partners_bp, reports_bp, worklists_bp, corrections_bp, outcomes_bp,
                      safeguarding_bp):
        app.register_blueprint(blueprint)
    notifications.init_app(app)


def register_api(app: Flask) -> None:
    """The /api/v1 blueprint: the platform's operations, then each programme's."""
    from shared.api.blueprint import register_api as mount
    from shared.api.routes import routes
    from shared.worklists.api import routes as caseload_routes

    mount(app, [routes, caseload_routes, *seams.seams(app).api_routes])


def import_models() -> None:
    """Import every platform model module so metadata (and Alembic) sees all tables; each
    programme imports its own in its init_app."""
    from shared import models  # noqa: F401


def _migrations_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "migrations"
