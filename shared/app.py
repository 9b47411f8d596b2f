"""The application factory."""

from __future__ import annotations

from flask import Flask
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

from config import BaseConfig, load_config
from shared import cli, clock, errors, web
from shared.extensions import csrf, db, limiter, login_manager, migrate


def create_app(config: BaseConfig | None = None) -> Flask:
    """Build the app from CONFIG (or the environment); no side effects beyond the app."""
    app = Flask(__name__, instance_relative_config=False)
    app.config.from_object(config or load_config())
    register_extensions(app)
    register_templates(app)
    clock.init_app(app)
    register_blueprints(app)
    web.register_request_hooks(app)
    errors.register_error_handlers(app)
    cli.register_commands(app)
    import_models()
    return app


def register_extensions(app: Flask) -> None:
    """Bind the extension objects to APP."""
    db.init_app(app)
    migrate.init_app(app, db, directory=str(_migrations_dir()), render_as_batch=True,
                     compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    from shared.auth import loader  # noqa: F401  registers the user loader


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
    """Mount every package's routes."""
    from divert.routes import bp as divert_bp
    from divert.training.routes import bp as training_bp
    from engage.routes import bp as engage_bp
    from shared.admin.routes import bp as admin_bp
    from shared.api.routes import bp as api_bp
    from shared.auth.reauth import bp as reauth_bp
    from shared.auth.routes import bp as auth_bp
    from shared.cases.routes import bp as cases_bp
    from shared.home.routes import bp as home_bp
    from shared.partners.routes import bp as partners_bp
    from shared.privacy.routes import bp as privacy_bp
    from shared.reports.routes import bp as reports_bp

    for blueprint in (auth_bp, reauth_bp, privacy_bp, home_bp, admin_bp, cases_bp, partners_bp,
                      divert_bp, reports_bp, engage_bp, training_bp, api_bp):
        app.register_blueprint(blueprint)


def import_models() -> None:
    """Import every model module so metadata (and Alembic) sees all tables."""
    from shared import models  # noqa: F401


def _migrations_dir():
    from pathlib import Path

    return Path(__file__).resolve().parent.parent / "migrations"
